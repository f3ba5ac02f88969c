"""Pack codes: turn what a decoder, a phone app or a keyboard gives us into one GS1 model.

biip does the GS1 work (application identifiers, value patterns, GTIN check digits, AI 17 dates
with day 00, Digital Link URIs). This module repairs what happens to the text before biip sees it
(data/FORMATS.md, "How decoders and phones mangle codes") and names each repair.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from biip import ParseConfig, ParseError
from biip.checksums import gs1_standard_check_digit
from biip.gs1_application_identifiers import GS1ApplicationIdentifier
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_element_strings import GS1ElementString, GS1ElementStrings
from biip.gs1_messages import GS1Message
from biip.gtin import Gtin

GS = "\x1d"
FNC1 = chr(232)  # how some decoders hand over FNC1
MAX_LENGTH = 512
REASONS = frozenset({"empty", "not_a_code", "bad_check_digit", "ambiguous_separators", "bad_expiry", "too_long"})

# Invalid dates must not be a generic parse failure: we report them as "bad_expiry" ourselves.
_CONFIG = ParseConfig(gs1_element_strings_verify_date=False)

# Explicit lists: Python's own idea of whitespace includes GS (\x1d).
_SPACE_CHARS = " \t\r\n\v\f\u00a0\u2009\u202f\u200b\ufeff"
_SPACE = re.compile(f"[{_SPACE_CHARS}]+")
_TYPED_GS = re.compile(r"<GS>|\{GS\}|\[GS\]|\\x1d|\\u001d", re.IGNORECASE)
_SYMBOLOGY_ID = re.compile(r"\][A-Za-z][0-9]")
_URL = re.compile(r"https?://", re.IGNORECASE)
_PRINTABLE = re.compile(r"[!-~\x1d]+")
_CYRILLIC = re.compile("[\u0400-\u04ff]")

# Keys typed with the Russian ЙЦУКЕН layout active, mapped back to what the same key gives in US QWERTY.
_RU_KEYS = "ёйцукенгшщзхъфывапролджэячсмитьбюЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ" '.,"№;:?/'
_US_KEYS = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>" "/?@#$^&|"
_RU_TO_US = str.maketrans(_RU_KEYS, _US_KEYS)

# EAEU layouts have a 13-character serial and a 4-character key, so a lost (or '-' typed)
# separator can only sit at one position.
_EAEU = re.compile(
    r"01(?P<gtin>\d{14})21(?P<serial>[^\x1d]{13})(?P<sep1>[\x1d-]?)"
    r"91(?P<key>[^\x1d]{4})(?P<sep2>[\x1d-]?)92(?P<crypto>[^\x1d]{44})"
)
_EAEU_SHORT = re.compile(r"01(?P<gtin>\d{14})21(?P<serial>[^\x1d]{13})(?P<sep1>[\x1d-]?)93(?P<key>[^\x1d]{4})")
_EAEU_HRI = re.compile(r"\(01\)(\d{14})\(21\)(.{13})\(91\)(.{4})\(92\)(.{44})")
_EAEU_SHORT_HRI = re.compile(r"\(01\)(\d{14})\(21\)(.{13})\(93\)(.{4})")
# 01 GTIN 21 serial 17 YYMMDD 10 lot with no separator: the serial's end cannot be known.
_ITS_RUN_ON = re.compile(r"01\d{14}21.+17\d\d(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])10.")
_BRACKET_AI = re.compile(r"\((\d{2,4})\)")
# A GTIN and a serial and nothing else, as a scanner's list holds 30 000 of: biip's own AI 21 pattern, so this
# shortcut takes exactly the codes biip would read the same way, at a tenth of the cost.
_GTIN_SERIAL = re.compile(r"01(\d{14})" + GS1ApplicationIdentifier.extract("21").pattern.strip("^$"))


class CodeError(ValueError):
    """A text that is not a usable pack code; `reason` is one of REASONS (a locale key suffix)."""

    def __init__(self, reason: str, detail: str = ""):
        if reason not in REASONS:
            raise ValueError(f"unknown CodeError reason {reason!r}")
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class PackCode:
    """One parsed code: a pack (GTIN + serial) or only a product (GTIN)."""

    gtin: str | None
    serial: str | None
    batch: str | None
    expiry: datetime.date | None
    crypto_key: str | None
    crypto: str | None
    scheme: str
    element_string: str
    repairs: tuple[str, ...] = ()

    @property
    def is_pack(self) -> bool:
        """True when the code identifies one pack (it has both a GTIN and a serial)."""
        return bool(self.gtin and self.serial)

    @property
    def identity(self) -> str:
        """What two readings of the same pack (or the same product's barcode) have in common."""
        return f"{self.gtin}/{self.serial}" if self.is_pack else f"{self.gtin}"

    def to_dict(self) -> dict[str, object]:
        """JSON-friendly fields (expiry as ISO date)."""
        return {
            "gtin": self.gtin,
            "serial": self.serial,
            "batch": self.batch,
            "expiry": self.expiry.isoformat() if self.expiry else None,
            "crypto_key": self.crypto_key,
            "crypto": self.crypto,
            "scheme": self.scheme,
            "repairs": list(self.repairs),
        }


def parse_code(text: str | bytes) -> PackCode:
    """Parse a decoded or typed pack code; raise CodeError for anything else.

    Accepts GS1 element strings (with the repairs listed in PackCode.repairs), the bracketed
    human-readable form, GS1 Digital Link URLs and bare GTIN-8/12/13/14 product codes.
    """
    repairs: list[str] = []
    s = _clean(text, repairs)
    if _URL.match(s):
        return _parse_digital_link(s, repairs)
    if s.startswith("("):
        return _parse_brackets(s, repairs)
    s, typed = _TYPED_GS.subn(GS, s)
    if typed:
        repairs.append("typed_separator")
    spaced, spaces = _SPACE.subn(GS, s)
    try:
        return _parse_plain(spaced, repairs + ["typed_separator"] * bool(spaces))
    except CodeError as exc:
        # "4 780181 590830" or "01 0460… 21 …": spaces were print layout, not separators.
        if not spaces or exc.reason != "not_a_code":
            raise
        return _parse_plain(_SPACE.sub("", s), repairs + ["whitespace"])


def pack_codes(payloads: Iterable[bytes | str]) -> list[PackCode]:
    """The codes worth a verdict among what one photo gave: each once, and a bare GTIN only when no
    pack code of the same GTIN is beside it (the EAN-13 next to a pack's DataMatrix adds nothing)."""
    codes: dict[str, PackCode] = {}
    for payload in payloads:
        try:
            code = parse_code(payload)
        except CodeError:
            continue  # a QR with a shop's website, a 1-D barcode of something else
        codes.setdefault(code.identity, code)
    packs = {code.gtin for code in codes.values() if code.is_pack}
    return [code for code in codes.values() if code.is_pack or code.gtin not in packs]


def _clean(text: str | bytes, repairs: list[str]) -> str:
    """Decode, bound, trim, fix the keyboard layout and drop what stands in for the leading FNC1."""
    if isinstance(text, (bytes, bytearray, memoryview)):
        raw = bytes(text)
        if len(raw) > 4 * MAX_LENGTH:
            raise CodeError("too_long", f"{len(raw)} bytes")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")  # byte 232 (FNC1) is not UTF-8
    elif not isinstance(text, str):
        raise TypeError(f"parse_code takes str or bytes, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise CodeError("too_long", f"{len(text)} characters")
    s = text.strip(_SPACE_CHARS)
    if s != text:
        repairs.append("whitespace")
    if _CYRILLIC.search(s):  # a GS1 code never holds Cyrillic: the scanner typed in the ru layout
        s = s.translate(_RU_TO_US)
        repairs.append("keyboard_layout")
    if m := _SYMBOLOGY_ID.match(s):
        s = s[m.end():]
        repairs.append("symbology_id")
    if s.startswith((FNC1, GS)):
        s = s.lstrip(FNC1 + GS)
        repairs.append("fnc1_char")
    if FNC1 in s:
        s = s.replace(FNC1, GS)
        repairs.append("fnc1_char")
    if not s:
        raise CodeError("empty")
    return s


def _parse_plain(s: str, repairs: list[str]) -> PackCode:
    """An element string whose separators are GS, lost, or '-' where the EAEU layout proves it."""
    s = re.sub(GS + "+", GS, s).strip(GS)
    if not s:
        raise CodeError("empty")
    if not _PRINTABLE.fullmatch(s):
        raise CodeError("not_a_code", "characters outside printable ASCII")
    if s.isdigit() and len(s) in (8, 12, 13, 14):
        return _bare_gtin(s, repairs)
    eaeu = _EAEU.fullmatch(s) or _EAEU_SHORT.fullmatch(s)
    if not eaeu and GS not in s and _ITS_RUN_ON.match(s):
        raise CodeError("ambiguous_separators", "01/21/17/10 without separators")
    if not eaeu and (m := _GTIN_SERIAL.fullmatch(s)) and _valid_check_digit(m[1]):
        return _gtin_serial(m[1], m[2], repairs)
    if s.startswith("01") and s[2:16].isdigit() and len(s) >= 16:
        _check_gtin(s[2:16])
    if eaeu:
        return _parse_eaeu(eaeu, repairs)
    return _pack(_split(s), repairs)


def _parse_eaeu(m: re.Match[str], repairs: list[str]) -> PackCode:
    groups = m.groupdict()
    separators = [groups[name] for name in ("sep1", "sep2") if name in groups]
    if "" in separators:
        repairs = [*repairs, "split_by_position"]
    if "-" in separators:
        repairs = [*repairs, "typed_separator"]
    pairs = [("01", groups["gtin"]), ("21", groups["serial"])]
    pairs += [("91", groups["key"]), ("92", groups["crypto"])] if "crypto" in groups else [("93", groups["key"])]
    return _pack([_element(ai, value) for ai, value in pairs], repairs)


def _parse_brackets(s: str, repairs: list[str]) -> PackCode:
    """'(01)…(21)…': a bracket marks an AI only where the previous field can end."""
    repairs.append("brackets")
    compact = _SPACE.sub("", s)  # no GS1 value holds a space
    if compact != s:
        repairs.append("whitespace")
    if m := _EAEU_HRI.fullmatch(compact):
        pairs = list(zip(("01", "21", "91", "92"), m.groups()))
    elif m := _EAEU_SHORT_HRI.fullmatch(compact):
        pairs = list(zip(("01", "21", "93"), m.groups()))
    else:
        pairs = _bracket_pairs(compact)
    if pairs is None:
        raise CodeError("not_a_code", "brackets do not split into GS1 fields")
    return _pack([_element(ai, value) for ai, value in pairs], repairs)


def _bracket_pairs(s: str) -> list[tuple[str, str]] | None:
    """Split bracketed text into (AI, value), trying the shortest value that lets the rest parse."""
    memo: dict[int, list[tuple[str, str]] | None] = {}

    def split_from(pos: int) -> list[tuple[str, str]] | None:
        if pos in memo:
            return memo[pos]
        memo[pos] = None
        m = _BRACKET_AI.match(s, pos)
        ai = _known_ai(m[1]) if m else None
        if ai is None:
            return None
        ends = [i for i in range(m.end() + 1, len(s)) if _BRACKET_AI.match(s, i)] + [len(s)]
        for end in ends:
            value = s[m.end():end]
            rest = ([] if end == len(s) else split_from(end)) if _value_fits(ai, value) else None
            if rest is not None:
                memo[pos] = [(ai.ai, value), *rest]
                break
        return memo[pos]

    return split_from(0)


def _known_ai(code: str) -> GS1ApplicationIdentifier | None:
    try:
        ai = GS1ApplicationIdentifier.extract(code)
    except ParseError:
        return None
    return ai if ai.ai == code else None  # extract() matches prefixes: "910" would give AI 91


def _value_fits(ai: GS1ApplicationIdentifier, value: str) -> bool:
    # AI 17 accepts any 6 digits here so that a wrong month reports "bad_expiry", not "not_a_code".
    pattern = r"^17(\d{6})$" if ai.ai == "17" else ai.pattern
    return re.fullmatch(pattern, ai.ai + value) is not None


def _parse_digital_link(s: str, repairs: list[str]) -> PackCode:
    base, mark, query = s.partition("?")
    # In a query '+' means space, which no GS1 value holds: it is a literal '+' of a crypto tail.
    url = base + mark + query.replace("+", "%2B")
    try:
        uri = GS1DigitalLinkURI.parse(url, config=_CONFIG)
    except (ParseError, ValueError) as exc:
        raise CodeError("not_a_code", str(exc)) from None
    return _pack(list(uri.element_strings), repairs, scheme="digital_link")


def _split(s: str) -> list[GS1ElementString]:
    """Split a GS-separated element string with biip, keeping which AI failed."""
    elements = []
    rest = s
    while rest:
        try:
            ai = GS1ApplicationIdentifier.extract(rest)
        except ParseError as exc:
            raise CodeError("not_a_code", str(exc)) from None
        try:
            element = GS1ElementString.extract(rest, config=_CONFIG)
        except ParseError as exc:
            raise _element_error(ai.ai, rest[len(ai.ai):], exc) from None
        elements.append(element)
        rest = rest[len(element):].lstrip(GS)
    return elements


def _element(ai: str, value: str) -> GS1ElementString:
    try:
        return GS1ElementString.parse(ai + value, config=_CONFIG)
    except ParseError as exc:
        raise _element_error(ai, value, exc) from None


def _element_error(ai: str, value: str, exc: ParseError) -> CodeError:
    if ai == "17" and value[:6].isdigit() and len(value) >= 6:
        return CodeError("bad_expiry", value[:6])
    return CodeError("not_a_code", str(exc))


def _valid_check_digit(digits: str) -> bool:
    return gs1_standard_check_digit(digits[:-1]) == int(digits[-1])


def _check_gtin(digits: str) -> Gtin:
    try:
        return Gtin.parse(digits)
    except ParseError as exc:
        raise CodeError("bad_check_digit", str(exc)) from None


def _bare_gtin(digits: str, repairs: list[str]) -> PackCode:
    gtin = _check_gtin(digits).as_gtin_14()
    return PackCode(
        gtin=gtin, serial=None, batch=None, expiry=None, crypto_key=None, crypto=None,
        scheme="gtin", element_string="01" + gtin, repairs=_once_each(repairs),
    )


def _pack(elements: list[GS1ElementString], repairs: list[str], scheme: str | None = None) -> PackCode:
    """Build the PackCode from biip's element strings, checking what biip only records."""
    found: dict[str, GS1ElementString] = {}
    for element in elements:
        if element.ai.ai in found:
            raise CodeError("not_a_code", f"AI {element.ai.ai} appears twice")
        found[element.ai.ai] = element
    if "01" not in found:
        raise CodeError("not_a_code", "no GTIN (AI 01)")
    if found["01"].gtin_error:
        raise CodeError("bad_check_digit", found["01"].gtin_error)
    expiry = found.get("17")
    if expiry is not None and expiry.date is None:
        raise CodeError("bad_expiry", expiry.value)
    values = {ai: element.value for ai, element in found.items()}
    return PackCode(
        gtin=values["01"],
        serial=values.get("21"),
        batch=values.get("10"),
        expiry=expiry.date if expiry else None,
        crypto_key=values.get("91") or values.get("93"),
        crypto=values.get("92"),
        scheme=scheme or _scheme(set(found)),
        element_string=GS1Message.from_element_strings(GS1ElementStrings(elements)).value,
        repairs=_once_each(repairs),
    )


def _gtin_serial(gtin: str, serial: str, repairs: list[str]) -> PackCode:
    """What _pack builds from biip's two elements 01 and 21 (the check digit was verified before)."""
    return PackCode(gtin=gtin, serial=serial, batch=None, expiry=None, crypto_key=None, crypto=None,
                    scheme="gs1", element_string=f"01{gtin}21{serial}", repairs=_once_each(repairs))


def _once_each(repairs: list[str]) -> tuple[str, ...]:
    """The repairs made, each named once, in the order they were made."""
    return tuple(dict.fromkeys(repairs))


def _scheme(ais: set[str]) -> str:
    if {"01", "21", "91", "92"} <= ais:
        return "eaeu"
    if {"01", "21", "93"} <= ais:
        return "eaeu_short"
    if {"01", "21", "17", "10"} <= ais:
        return "its"
    return "gs1"
