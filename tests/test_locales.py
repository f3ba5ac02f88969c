"""The four locales are complete: a key missing in any language fails here, not in front of a user."""
import re
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, FluentSerializer, ast

from core.i18n import LOCALES, Translator
from core.languages import LANGUAGES


def _messages(lang: str) -> dict[str, set[str]]:
    """Message id -> the variables it uses, across the language's files."""
    found: dict[str, set[str]] = {}
    for path in sorted((LOCALES / lang).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        for entry in resource.body:
            assert not isinstance(entry, ast.Junk), f"{path}: cannot parse {entry.content[:60]!r}"
            if isinstance(entry, ast.Message):
                assert entry.id.name not in found, f"{path}: {entry.id.name} defined twice"
                text = FluentSerializer().serialize_entry(entry)
                found[entry.id.name] = set(re.findall(r"\$([\w-]+)", text))
    return found


def test_every_language_has_the_same_files():
    names = {lang: sorted(p.name for p in (LOCALES / lang).glob("*.ftl")) for lang in LANGUAGES}
    assert all(files == names["en"] for files in names.values()), names


@pytest.mark.parametrize("lang", [l for l in LANGUAGES if l != "en"])
def test_every_key_in_every_language(lang):
    english, other = _messages("en"), _messages(lang)
    assert sorted(set(english) - set(other)) == [], f"missing in {lang}"
    assert sorted(set(other) - set(english)) == [], f"only in {lang}"
    for key, variables in english.items():
        assert other[key] == variables, f"{lang}/{key} uses {other[key]}, English uses {variables}"


def test_no_key_is_missing_at_run_time():
    t = Translator()
    for lang in LANGUAGES:
        for key in t.keys("en"):
            assert t.bundles[lang].has_message(key), f"{lang} lacks {key}"


def test_arguments_are_html_escaped(tmp_path: Path):
    for lang in LANGUAGES:
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "x.ftl").write_text("greet = Hi { $name }\n")
    t = Translator(tmp_path)
    assert t("en", "greet", name="<b>Bob & Co</b>") == "Hi &lt;b&gt;Bob &amp; Co&lt;/b&gt;"


@pytest.mark.parametrize("lang", ["uz", "en"])
def test_latin_texts_write_oʻ_gʻ_and_soʻm_with_the_turned_comma(lang):
    for path in sorted((LOCALES / lang).glob("*.ftl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if lang == "en":  # English quotes freely; only the Uzbek currency word is held to the alphabet
                assert not re.search(r"(?i)\bso['’‘`ʼ]m\b", line), f"{path.name}:{number}: {line}"
            else:
                assert not re.search(r"[OoGg]['’‘`ʼ]", line), f"{path.name}:{number}: {line}"


def test_each_language_names_the_currency_one_way():
    """The card and the complaint take the currency's word from one message per language."""
    t = Translator()
    for lang in LANGUAGES:
        for code in ("UZS", "KGS"):
            word = t(lang, f"currency-{code}")
            assert t(lang, "card-price-no-date", price="1", currency=code).endswith(f" {word}"), (lang, code)
    assert t("en", "currency-UZS") == t("uz", "currency-UZS") == "soʻm"


def test_a_message_inside_a_message_is_escaped_once(tmp_path: Path):
    for lang in LANGUAGES:
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "x.ftl").write_text("line = 1. { $what }\npack = serial { $serial }\n")
    t = Translator(tmp_path)
    assert t("en", "line", what=t("en", "pack", serial="Q&A<7>")) == "1. serial Q&amp;A&lt;7&gt;"
    assert t("en", "line", what="Q&A") == "1. Q&amp;A"  # a plain string is data: escaped
