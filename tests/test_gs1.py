"""Pack-code parser: real code strings for every repair, the sample packs, and property tests."""
from __future__ import annotations

import calendar
import datetime
import json
import re
from pathlib import Path
from unittest.mock import patch
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.conftest import DATA, PACKS
from verification import gs1
from verification.gs1 import GS, REASONS, CodeError, PackCode, parse_code


def _tsv_rows() -> list[tuple[str, str]]:
    # Not csv: the codes hold '"' and would be taken for quoting.
    lines = (DATA / "code_strings.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [tuple(line.split("\t")[:2]) for line in lines]


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


TSV = _tsv_rows()
VERDICTS = _jsonl(PACKS / "verdicts.jsonl")
PHOTOS = [row for row in _jsonl(PACKS / "photos.jsonl") if row.get("code")]


def tsv(scheme: str) -> list[str]:
    """The TSV's real code strings of one scheme, as written there (GS shown as <GS>)."""
    codes = [code for row_scheme, code in TSV if row_scheme == scheme]
    assert codes, f"no {scheme} rows in tests/data/code_strings.tsv"
    return codes


def real(shown: str) -> str:
    """A code as the decoder gives it: the TSV's <GS> markers back to ASCII 29."""
    return shown.replace("<GS>", GS)


# Real codes quoted in shared/data/FORMATS.md (GS as ASCII 29).
UZ_1 = "010460180801410521M8zG9De6dwuP6\x1d91EE06\x1d92hv3qwjW5HxMroGCWxfsIIEmFgwYBQRzkGOqEVWyMYmw="
UZ_2 = "010460180801411221JACvelBcivPIQ\x1d91EE06\x1d92nvsmLvBs9kTTjHUNfufx4/KffPZPxdyClGDzc9msfQA="
UZ_3 = "0102900021916404213Rfn-(uL4hLHv\x1d91EE06\x1d92ZL1qUSqxS/jylFxi1Sp/HouC05T7FqUi34uslMAoDc8="
TR_1 = "01086995041200112114078876651\x1d1712123110K0016"
UZ_3_HRI = "(01)02900021916404(21)3Rfn-(uL4hLHv(91)EE06(92)ZL1qUSqxS/jylFxi1Sp/HouC05T7FqUi34uslMAoDc8="


def fields(code: PackCode) -> tuple:
    return code.gtin, code.serial, code.batch, code.expiry, code.crypto_key, code.crypto


# --- real codes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "gtin", "serial", "crypto"),
    [
        (UZ_1, "04601808014105", "M8zG9De6dwuP6", "hv3qwjW5HxMroGCWxfsIIEmFgwYBQRzkGOqEVWyMYmw="),
        (UZ_2, "04601808014112", "JACvelBcivPIQ", "nvsmLvBs9kTTjHUNfufx4/KffPZPxdyClGDzc9msfQA="),
        (UZ_3, "02900021916404", "3Rfn-(uL4hLHv", "ZL1qUSqxS/jylFxi1Sp/HouC05T7FqUi34uslMAoDc8="),
    ],
)
def test_formats_eaeu_codes(text, gtin, serial, crypto):
    code = parse_code(text)
    assert fields(code) == (gtin, serial, None, None, "EE06", crypto)
    assert (code.scheme, code.element_string, code.repairs, code.is_pack) == ("eaeu", text, (), True)


def test_formats_turkish_code_with_its_separator():
    code = parse_code(TR_1)
    assert fields(code) == ("08699504120011", "14078876651", "K0016", datetime.date(2012, 12, 31), None, None)
    assert (code.scheme, code.element_string, code.repairs) == ("its", TR_1, ())


RU_SCHEMES = ["ru_chestny_znak_full91_92", "ru_chestny_znak_short93", "ru_chestny_znak_93_plus_AI3103"]


@pytest.mark.parametrize("scheme", RU_SCHEMES)
def test_tsv_codes_with_separators(scheme):
    for shown in tsv(scheme):
        first, *tail = shown.split("<GS>")
        code = parse_code(real(shown))
        assert (code.gtin, code.serial) == (first[2:16], first[18:])
        assert code.crypto_key == next(part[2:] for part in tail if part[:2] in ("91", "93"))
        assert code.element_string == real(shown)
        assert code.scheme == ("eaeu" if scheme.endswith("91_92") else "eaeu_short")
        assert code.repairs == ()


@pytest.mark.parametrize("row", VERDICTS, ids=lambda row: row["serial"])
def test_every_sample_verdict_code(row):
    code = parse_code(row["text"])
    assert (code.gtin, code.serial, code.is_pack) == (row["gtin"], row["serial"], True)
    if row["scheme"] == "tr":  # only the Turkish layout carries AI 10 / AI 17 in the code itself
        assert (code.batch, code.expiry) == (row["batch"], datetime.date.fromisoformat(row["expiry"]))
        assert code.scheme == "its"
    else:
        assert (code.batch, code.expiry, code.scheme) == (None, None, "eaeu")
    assert code.element_string == row["text"]


@pytest.mark.parametrize("row", PHOTOS, ids=lambda row: row["file"])
def test_every_payload_of_the_sample_photos(row):
    pack = parse_code(row["code"])
    for payload in row["expected"]:
        code = parse_code(payload)
        assert code.gtin == pack.gtin
        if payload.startswith("https://"):
            assert (code.scheme, code.serial) == ("digital_link", pack.serial)
        elif payload.isdigit():
            assert (code.scheme, code.serial, code.is_pack) == ("gtin", None, False)
        else:
            assert code == pack


# --- repairs, each on a real code --------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["]d2", "]Q3", "]C1", "]d1"])
def test_symbology_identifier_is_stripped(prefix):
    code = parse_code(prefix + UZ_1)
    assert (code.serial, code.element_string, code.repairs) == ("M8zG9De6dwuP6", UZ_1, ("symbology_id",))


def test_real_photo_decode_with_d1_and_its_garbled_tail():
    [shown] = tsv("real_photo_decoded")
    clean = real(shown.split("<CR>")[0])
    code = parse_code("]d1" + clean)
    assert (code.gtin, code.serial, code.crypto_key) == ("08809059409671", "5NF5sZf0OVfZj", "EE")
    assert code.repairs == ("symbology_id",)
    garbled = real(shown).replace("<CR>", "\r").replace("<LF>", "\n")
    with pytest.raises(CodeError) as error:
        parse_code(garbled)
    assert error.value.reason == "not_a_code"


@pytest.mark.parametrize(
    ("text", "repairs"),
    [
        (chr(232) + UZ_2, ("fnc1_char",)),
        (GS + UZ_2, ("fnc1_char",)),
        ("]d2" + chr(232) + UZ_2, ("symbology_id", "fnc1_char")),
        (UZ_2.replace(GS, chr(232)), ("fnc1_char",)),
        (b"\xe8" + UZ_2.encode(), ("fnc1_char",)),
        (UZ_2.encode(), ()),
    ],
)
def test_fnc1_stand_ins(text, repairs):
    code = parse_code(text)
    assert (code.serial, code.element_string, code.repairs) == ("JACvelBcivPIQ", UZ_2, repairs)


def test_brackets_with_parentheses_inside_the_serial():
    code = parse_code(UZ_3_HRI)
    assert (code.serial, code.crypto_key, code.element_string) == ("3Rfn-(uL4hLHv", "EE06", UZ_3)
    assert code.repairs == ("brackets",)
    assert parse_code(GS + UZ_3_HRI).repairs == ("fnc1_char", "brackets")


def test_bracketed_ai_inside_a_13_character_serial_is_not_a_marker():
    # the fixed EAEU serial length says "(10)" is part of the serial, not a batch
    code = parse_code(UZ_3_HRI.replace("3Rfn-(uL4hLHv", "3Rfn-(10)hLHv"))
    assert (code.serial, code.batch, code.crypto_key) == ("3Rfn-(10)hLHv", None, "EE06")


def test_brackets_need_an_exact_known_ai():
    # "(910)" is no AI (extract() would match its prefix 91), so the serial would run to 22 characters
    assert reason("(01)04601808014105(21)M8zG9De6dwuP6(910)EE06") == "not_a_code"
    assert parse_code("(01)04601808014105(21)M8zG9De6dwuP6(91)EE06").crypto_key == "EE06"


def test_brackets_with_a_20_character_serial_ending_in_a_parenthesis():
    shown = next(code for code in tsv("ru_chestny_znak_full91_92") if "(," in code)
    first, key, crypto = shown.split("<GS>")
    hri = f"(01){first[2:16]}(21){first[18:]}({key[:2]}){key[2:]}({crypto[:2]}){crypto[2:]}"
    code = parse_code(hri)
    assert (code.serial, code.crypto_key, code.element_string) == ("5dU.W/a'4w/zRVeFJe(,", "EE06", real(shown))


def test_brackets_for_the_turkish_layout_with_spaces():
    code = parse_code("(01) 08699504120011 (21) 14078876651 (17) 121231 (10) K0016")
    assert (code.element_string, code.repairs) == (TR_1, ("brackets", "whitespace"))


@pytest.mark.parametrize("separator", ["<GS>", "<gs>", "{GS}", "[GS]", " ", "\\x1d", "\\u001d"])
def test_typed_separators(separator):
    code = parse_code(UZ_3.replace(GS, separator))
    assert (code.serial, code.element_string, code.repairs) == ("3Rfn-(uL4hLHv", UZ_3, ("typed_separator",))


def test_tsv_codes_as_written_with_literal_gs():
    for scheme in RU_SCHEMES:
        for shown in tsv(scheme):
            code = parse_code(shown)
            assert (code.element_string, code.repairs) == (real(shown), ("typed_separator",))


def test_dash_is_a_separator_where_the_eaeu_layout_proves_it():
    code = parse_code(UZ_3.replace(GS, "-"))
    assert (code.serial, code.crypto_key, code.element_string) == ("3Rfn-(uL4hLHv", "EE06", UZ_3)
    assert code.repairs == ("typed_separator",)


def test_dash_inside_a_serial_stays_when_separators_are_lost():
    code = parse_code(UZ_3.replace(GS, ""))
    assert (code.serial, code.element_string, code.repairs) == ("3Rfn-(uL4hLHv", UZ_3, ("split_by_position",))


def test_dash_in_a_turkish_code_is_not_taken_for_a_separator():
    [shown] = [code for code in tsv("tr_its_karekod") if "-" in code]
    with pytest.raises(CodeError) as error:
        parse_code(shown)
    assert error.value.reason == "ambiguous_separators"


@pytest.mark.parametrize("text", [UZ_1, UZ_2, UZ_3])
def test_split_by_position_83_characters(text):
    bare = text.replace(GS, "")
    assert len(bare) == 83
    code = parse_code(bare)
    assert (code.element_string, code.repairs) == (text, ("split_by_position",))


def test_split_by_position_37_characters_and_partial_loss():
    short = next(real(code) for code in tsv("ru_chestny_znak_short93") if len(code.split("<GS>")[0]) == 31)
    code = parse_code(short.replace(GS, ""))
    assert (code.serial, code.crypto_key, code.scheme) == ("53E4I:ndGuD4B", "rD+D", "eaeu_short")
    assert (code.element_string, code.repairs) == (short, ("split_by_position",))
    second_lost = UZ_1[: UZ_1.rindex(GS)] + UZ_1[UZ_1.rindex(GS) + 1:]
    assert parse_code(second_lost).crypto_key == "EE06"


RU_LAYOUT = str.maketrans(  # what each US key types with the Russian layout active, row by row
    "`qwertyuiop[]asdfghjkl;'zxcvbnm,./" "~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>?" "@#$^&|",
    "ёйцукенгшщзхъфывапролджэячсмитьбю." "ЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ," "\"№;:?/",
)


def test_russian_keyboard_layout():
    assert "M8zG9De6dwuP6".translate(RU_LAYOUT) == "Ь8яП9Ву6вцгЗ6"
    typed = UZ_3.translate(RU_LAYOUT)
    assert "/" not in typed and "ЯД1йГЫйчЫ.онд" in typed  # the crypto's '/' came out as '.'
    code = parse_code(typed)
    assert (code.serial, code.crypto, code.repairs) == ("3Rfn-(uL4hLHv", UZ_3[-44:], ("keyboard_layout",))


def test_russian_keyboard_layout_with_separators_lost():
    code = parse_code(UZ_1.replace(GS, "").translate(RU_LAYOUT) + "\n")
    assert code.element_string == UZ_1
    assert code.repairs == ("whitespace", "keyboard_layout", "split_by_position")


def test_whitespace_around_and_inside():
    assert parse_code(f"  {UZ_1}\r\n").repairs == ("whitespace",)
    spaced = "01 04601808014105 21 M8zG9De6dwuP6 91 EE06 92 hv3qwjW5HxMroGCWxfsIIEmFgwYBQRzkGOqEVWyMYmw="
    code = parse_code(spaced)
    assert (code.element_string, code.repairs) == (UZ_1, ("whitespace", "split_by_position"))
    assert parse_code("4 780181 590830").gtin == "04780181590830"


# --- errors ------------------------------------------------------------------------------------


def reason(text) -> str:
    with pytest.raises(CodeError) as error:
        parse_code(text)
    return error.value.reason


def test_bad_gtin_check_digit():
    assert reason(UZ_1.replace("04601808014105", "04601808014106")) == "bad_check_digit"
    assert reason(UZ_1.replace(GS, "").replace("04601808014105", "04601808014106")) == "bad_check_digit"
    assert reason("4780181590831") == "bad_check_digit"
    assert reason("https://id.gs1.org/01/04780181590831/21/r3.J1TWDtkwtD") == "bad_check_digit"
    assert reason("(01)04601808014106(21)M8zG9De6dwuP6") == "bad_check_digit"


@pytest.mark.parametrize("date", ["121331", "120230", "000000"])
def test_bad_expiry(date):
    assert reason(TR_1.replace("121231", date)) == "bad_expiry"
    assert reason(f"(01)08699504120011(17){date}(10)K0016") == "bad_expiry"


def test_expiry_day_00_is_the_last_day_of_the_month():
    assert parse_code(TR_1.replace("121231", "280200")).expiry == datetime.date(2028, 2, 29)
    assert parse_code(TR_1.replace("121231", "270200")).expiry == datetime.date(2027, 2, 28)


def test_turkish_code_without_separators_is_ambiguous():
    [shown] = [code for code in tsv("tr_its_karekod") if "-" not in code]
    assert reason(shown) == "ambiguous_separators"
    valid_gtin = shown.replace("08699999999999", "08699999999994")  # the test string's GTIN fails its check
    assert reason(valid_gtin) == "ambiguous_separators"
    assert reason(TR_1.replace(GS, "")) == "ambiguous_separators"


@pytest.mark.parametrize("text", ["", "   \r\n", "]d2", chr(232), GS, b""])
def test_empty(text):
    assert reason(text) == "empty"


def test_too_long():
    assert reason(UZ_1 * 7) == "too_long"
    assert reason(b"0" * 5000) == "too_long"


@pytest.mark.parametrize(
    "text",
    ["hello", "\x00", "😀", "Привет мир", "10K0016", "0104601808014105\x1d210\x1d21X", "(99)x", "https://example.com/"],
)
def test_not_a_code(text):
    assert reason(text) == "not_a_code"


def test_code_error_reasons_are_fixed():
    assert CodeError("empty").reason == "empty"
    with pytest.raises(ValueError, match="unknown"):
        CodeError("nonsense")


# --- digital link, bare GTIN, to_dict -----------------------------------------------------------


def test_digital_link_with_encoded_serial_and_crypto_tail():
    row = next(row for row in VERDICTS if row["serial"] == "wR/lOEVH:zc0X")
    key, crypto = row["text"].split(GS)[1][2:], row["text"].split(GS)[2][2:]
    url = f"https://example.org/shop/01/{row['gtin']}/21/wR%2FlOEVH:zc0X?91={key}&92={crypto}"
    code = parse_code(url)
    assert (code.scheme, code.serial, code.crypto_key, code.crypto) == ("digital_link", "wR/lOEVH:zc0X", key, crypto)
    assert "+" in crypto and code.element_string == row["text"]


def test_digital_link_with_lot_and_expiry_and_bare_gtin():
    code = parse_code("https://id.gs1.org/01/8699504120011/10/K0016/21/14078876651?17=121200")
    assert fields(code) == ("08699504120011", "14078876651", "K0016", datetime.date(2012, 12, 31), None, None)
    product = parse_code("HTTPS://ID.GS1.ORG/01/04780181590830")
    assert (product.gtin, product.serial, product.is_pack) == ("04780181590830", None, False)
    assert product.scheme == "digital_link"


@pytest.mark.parametrize(
    ("text", "gtin"),
    [
        ("4780181590830", "04780181590830"),
        ("96385074", "00000096385074"),
        ("036000291452", "00036000291452"),
        ("04780181590830", "04780181590830"),
    ],
)
def test_bare_gtin_is_a_product_not_a_pack(text, gtin):
    code = parse_code(text)
    assert (code.gtin, code.serial, code.scheme, code.is_pack) == (gtin, None, "gtin", False)
    assert code.element_string == "01" + gtin


def test_to_dict():
    assert parse_code("]d2" + TR_1).to_dict() == {
        "gtin": "08699504120011", "serial": "14078876651", "batch": "K0016", "expiry": "2012-12-31",
        "crypto_key": None, "crypto": None, "scheme": "its", "repairs": ["symbology_id"],
    }
    json.dumps(parse_code(UZ_1).to_dict())


# --- properties ----------------------------------------------------------------------------------

AI82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
assert len(AI82) == 82


def check_digit(payload: str) -> str:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(payload)))
    return str(-total % 10)


gtins = st.text("0123456789", min_size=13, max_size=13).map(lambda p: p + check_digit(p))


def ai82(min_size: int, max_size: int):
    # A value holding the text "<GS>" would read as a typed separator: a documented limit.
    return st.text(AI82, min_size=min_size, max_size=max_size).filter(lambda v: "<gs>" not in v.lower())


@st.composite
def expiries(draw) -> tuple[str, datetime.date]:
    day = draw(st.dates(datetime.date(2000, 1, 1), datetime.date(2049, 12, 31)))
    if draw(st.booleans()):  # day 00: the end of the month
        return day.strftime("%y%m00"), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day.strftime("%y%m%d"), day


@st.composite
def eaeu_codes(draw) -> tuple[str, tuple]:
    gtin, serial, key = draw(gtins), draw(ai82(13, 13)), draw(ai82(4, 4))
    if draw(st.booleans()):
        crypto = draw(ai82(44, 44))
        return f"01{gtin}21{serial}{GS}91{key}{GS}92{crypto}", (gtin, serial, None, None, key, crypto)
    return f"01{gtin}21{serial}{GS}93{key}", (gtin, serial, None, None, key, None)


@st.composite
def its_codes(draw) -> tuple[str, tuple]:
    gtin, serial, lot = draw(gtins), draw(ai82(1, 20)), draw(ai82(1, 20))
    yymmdd, expiry = draw(expiries())
    return f"01{gtin}21{serial}{GS}17{yymmdd}10{lot}", (gtin, serial, lot, expiry, None, None)


@st.composite
def gs1_codes(draw) -> tuple[str, tuple]:
    gtin, serial = draw(gtins), draw(ai82(1, 20))
    assume(not re.search(r"17\d{6}10.", serial))  # would read as a Turkish code with lost separators
    assume(serial[13:15] != "93" or len(serial) != 19)  # would read as an EAEU 01/21/93 code split by position
    lot = draw(st.none() | ai82(1, 20))
    text = f"01{gtin}21{serial}" if lot is None else f"01{gtin}10{lot}{GS}21{serial}"
    return text, (gtin, serial, lot, None, None, None)


PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


@PROPERTY
@given(st.one_of(eaeu_codes(), its_codes(), gs1_codes()))
def test_any_valid_element_string_parses_back(case):
    text, expected = case
    code = parse_code(text)
    assert fields(code) == expected
    assert (code.element_string, code.repairs, code.is_pack) == (text, (), True)
    layout = "eaeu" if "\x1d92" in text else "eaeu_short" if "\x1d93" in text else "its" if "\x1d17" in text else "gs1"
    assert code.scheme == layout


@PROPERTY
@given(eaeu_codes())
def test_eaeu_codes_survive_lost_or_dashed_separators(case):
    text, expected = case
    lost = parse_code(text.replace(GS, ""))
    assert (fields(lost), lost.element_string, lost.repairs) == (expected, text, ("split_by_position",))
    dashed = parse_code(text.replace(GS, "-"))
    assert (fields(dashed), dashed.element_string, dashed.repairs) == (expected, text, ("typed_separator",))


@PROPERTY
@given(its_codes())
def test_its_codes_without_separators_are_ambiguous(case):
    text, _ = case
    with pytest.raises(CodeError) as error:
        parse_code(text.replace(GS, ""))
    assert error.value.reason == "ambiguous_separators"


def as_hri(text: str) -> str:
    """The bracketed form of the EAEU and ITS layouts generated above."""
    first, *rest = text.split(GS)
    parts = [f"(01){first[2:16]}(21){first[18:]}"]
    for field in rest:
        parts.append(f"(17){field[2:8]}(10){field[10:]}" if field.startswith("17") else f"({field[:2]}){field[2:]}")
    return "".join(parts)


@PROPERTY
@given(st.one_of(eaeu_codes(), its_codes()))
def test_bracketed_form_parses_back(case):
    text, expected = case
    if "\x1d17" in text:  # variable fields outside the EAEU layout: a bracketed AI inside them is ambiguous
        assume(not re.search(r"\(\d{2,4}\)", text))
    code = parse_code(as_hri(text))
    assert (fields(code), code.element_string, code.repairs) == (expected, text, ("brackets",))


@PROPERTY
@given(eaeu_codes(), st.sampled_from(["id.gs1.org", "example.uz", "qr.example.kg/prefix/path"]))
def test_digital_link_parses_back(case, host):
    text, (gtin, serial, _, _, key, crypto) = case
    query = f"91={quote(key, safe='')}&92={quote(crypto, safe='')}" if crypto else f"93={quote(key, safe='')}"
    code = parse_code(f"https://{host}/01/{gtin}/21/{quote(serial, safe='')}?{query}")
    assert (code.gtin, code.serial, code.crypto_key, code.crypto) == (gtin, serial, key, crypto)
    assert code.scheme == "digital_link"


@PROPERTY
@given(eaeu_codes())
def test_russian_layout_typing_parses_back(case):
    text, expected = case
    assume(re.search("[A-Za-z]", text))  # without a letter nothing shows the layout was wrong
    code = parse_code(text.translate(RU_LAYOUT))
    assert (fields(code), code.repairs) == (expected, ("keyboard_layout",))


@settings(deadline=None, max_examples=300)
@given(st.text(max_size=600) | st.binary(max_size=600))
def test_garbage_only_ever_raises_code_error(text):
    try:
        code = parse_code(text)
    except CodeError as error:
        assert error.reason in REASONS
    else:
        assert re.fullmatch(r"\d{14}", code.gtin)


DL = "https://id.gs1.org/01/04780181590830/21/r3.J1TWDtkwtD"


@settings(deadline=None, max_examples=300)
@given(st.sampled_from([UZ_1, UZ_3, TR_1, UZ_3_HRI, DL]), st.data())
def test_damaged_real_codes_only_ever_raise_code_error(text, data):
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        insert = data.draw(st.text(AI82 + "\x1d()<>GS й" + chr(232), max_size=3))
        text = text[:at] + insert + text[at + data.draw(st.integers(0, 3)):]
    try:
        code = parse_code(text)
    except CodeError:
        return
    assert re.fullmatch(r"\d{14}", code.gtin)


def _outcome(text: str):
    try:
        return parse_code(text)
    except CodeError as exc:
        return exc.reason


@PROPERTY
@given(gtins | st.text("0123456789", min_size=14, max_size=14), st.text(AI82 + GS, max_size=24))
def test_the_gtin_and_serial_shortcut_reads_as_biip_does(digits, serial):
    text = f"01{digits}21{serial}"
    fast = _outcome(text)
    with patch.object(gs1, "_GTIN_SERIAL", re.compile(r"(?!)")):  # never matches: every code goes through biip
        assert fast == _outcome(text)
