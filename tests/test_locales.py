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
