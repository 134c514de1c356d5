"""Reads the number and symbol ("số, ký hiệu") of a Vietnamese official document.

Four layouts are in use:

* Party (Hướng dẫn 36-HD/VPTW): ``24-CT/TU`` - number, type code, issuer; no year.
* State administrative (Nghị định 30/2020/NĐ-CP, Phụ lục III): ``176/KH-UBND``; further hyphen groups
  after the issuer name the drafting unit: ``45/BC-SVHTT-VP``.
* Legal normative, which carries the year: ``59/2019/NĐ-CP``; a law has no type code: ``25/2012/QH13``.
* Official letter (công văn), which has no type code: ``1234/UBND-KGVX`` (issuer, drafting unit).

Real texts are written loosely, so ``parse_symbol`` tolerates what people type (case, ``Ctr``, an ASCII
``D`` for ``Đ`` in a few known codes, a hyphen for a slash and the other way round, ``Số:``/``No.``
prefixes, spaces around separators) and refuses everything else with a ``SymbolError`` that says
how to write it. Whether a symbol is Party or State is decided by its issuer code, not by the
separators, because both are mixed up in practice.

``symbol_key`` gives a look-up key that all typing variants of one symbol share; it never raises and
also serves partial input as a ``startswith`` prefix.

Pure Python: no ORM and nothing from the other apps.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

__all__ = [
    "ISSUER_ALIASES",
    "MAX_YEAR",
    "MIN_YEAR",
    "PARTY_ISSUERS",
    "TYPE_CODES",
    "TYPE_CODE_ALIASES",
    "ParsedSymbol",
    "SymbolError",
    "SymbolForm",
    "is_party_issuer",
    "parse_symbol",
    "symbol_key",
]

MIN_YEAR = 1945
MAX_YEAR = 2100

# Every canonical type code known: Nghị định 30/2020/NĐ-CP Phụ lục III, the Party's own codes
# (Hướng dẫn 36-HD/VPTW) and those of legal normative documents.
TYPE_CODES: frozenset[str] = frozenset(
    {
        # Nghị định 30/2020/NĐ-CP, Phụ lục III
        "NQ",  # Nghị quyết
        "QĐ",  # Quyết định
        "CT",  # Chỉ thị
        "QC",  # Quy chế
        "QyĐ",  # Quy định (State)
        "TC",  # Thông cáo
        "TB",  # Thông báo
        "HD",  # Hướng dẫn
        "CTr",  # Chương trình
        "KH",  # Kế hoạch
        "PA",  # Phương án
        "ĐA",  # Đề án
        "DA",  # Dự án
        "BC",  # Báo cáo
        "BB",  # Biên bản
        "TTr",  # Tờ trình
        "HĐ",  # Hợp đồng
        "CĐ",  # Công điện
        "BGN",  # Bản ghi nhớ
        "BTT",  # Bản thỏa thuận
        "GUQ",  # Giấy ủy quyền
        "GM",  # Giấy mời
        "GGT",  # Giấy giới thiệu
        "GNP",  # Giấy nghỉ phép
        "PG",  # Phiếu gửi
        "PC",  # Phiếu chuyển
        "PB",  # Phiếu báo
        # Party (Hướng dẫn 36-HD/VPTW)
        "QĐi",  # Quy định (Party)
        "KL",  # Kết luận
        "CV",  # Công văn
        # Legal normative documents
        "NĐ",  # Nghị định
        "TT",  # Thông tư (State); Thông tri (Party)
        "TTLT",  # Thông tư liên tịch
        "NQLT",  # Nghị quyết liên tịch
    }
)

# Spellings seen in real texts that are not the canonical case-folded code: an ASCII "D" written for
# "Đ". Only codes where that cannot mean another code: "DA" (Dự án) and "ĐA" (Đề án) are both real,
# as are "HD" (Hướng dẫn) and "HĐ" (Hợp đồng), so those are never folded.
TYPE_CODE_ALIASES: dict[str, str] = {
    "QD": "QĐ",
    "QDI": "QĐi",
    "QYD": "QyĐ",
    "ND": "NĐ",
    "CD": "CĐ",
}

# Issuer codes whose canonical spelling is not plain upper case, or has a "Đ" often typed as "D".
ISSUER_ALIASES: dict[str, str] = {
    "DU": "ĐU",  # Đảng ủy
    "DUK": "ĐUK",  # Đảng ủy khối
    "BCSD": "BCSĐ",  # Ban cán sự đảng
    "HDND": "HĐND",  # Hội đồng nhân dân
    "THU": "ThU",  # Thành ủy
    "TTG": "TTg",  # Thủ tướng Chính phủ
}

# Party issuers named explicitly; besides these, every all-letter code of at most six letters that
# ends in "U" (…ủy: TU, HU, QU, ThU, TXU) and every all-letter code ending in "TW" (central bodies).
PARTY_ISSUERS: frozenset[str] = frozenset(
    {
        "TW",
        "TU",
        "HU",
        "QU",
        "ThU",
        "ĐU",
        "ĐUK",
        "BCSĐ",
        "UBKTTW",
        "UBKTTU",
        "UBKTHU",
        "VPTW",
        "BTCTW",
        "BTGTW",
        "BDVTW",
        "BKTTW",
    }
)

_TYPE_BY_UPPER: dict[str, str] = {code.upper(): code for code in TYPE_CODES} | TYPE_CODE_ALIASES
_ISSUER_BY_UPPER: dict[str, str] = {code.upper(): code for code in PARTY_ISSUERS} | ISSUER_ALIASES

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SLASHES = "\u2044\u2215\uff0f"
_SEPARATOR_TRANSLATION = str.maketrans({**dict.fromkeys(_DASHES, "-"), **dict.fromkeys(_SLASHES, "/")})

# "Số 24", "Số: 24", "so 24", "No.01", "No 01", "N° 01": only when a number follows.
_PREFIX = re.compile(r"^(?:s[ốo]|no|n[°º])\s*[.:]?\s*(?=[0-9])", re.IGNORECASE)
_SPACED_SEPARATOR = re.compile(r"\s*([/-])\s*")
_BODY = re.compile(r"[0-9A-Za-zĐđ/-]+")
_NUMBER = re.compile(r"[0-9]+")
_YEAR = re.compile(r"[0-9]{4}")
_CODE = re.compile(r"[A-ZĐ][A-ZĐ0-9]*")
_LETTERS = re.compile(r"[A-ZĐ]+")

_MAX_SHOWN = 80

_INVALID = _(
    "“{value}” is not a document number and symbol. Write it as one of: 24-CT/TU (Party), "
    "176/KH-UBND (State), 59/2019/NĐ-CP (legal normative), 1234/UBND-KGVX (official letter)."
)
_EMPTY = _(
    "Enter the document number and symbol. Write it as one of: 24-CT/TU (Party), 176/KH-UBND (State), "
    "59/2019/NĐ-CP (legal normative), 1234/UBND-KGVX (official letter)."
)
_IMPLAUSIBLE_YEAR = _(
    "“{value}”: {year} is not a plausible year for a legal normative document. Write the year in "
    "which it was issued, between {min_year} and {max_year}, as in 59/2019/NĐ-CP."
)


class SymbolForm(StrEnum):
    PARTY = "party"
    STATE = "state"
    NORMATIVE = "normative"
    LETTER = "letter"


class SymbolError(ValueError):
    """The text is not a document number and symbol. ``message`` is translated lazily; ``code`` is
    stable for machines ("empty", "invalid", "implausible_year"); ``value`` is the text given."""

    def __init__(self, message: str | Promise, *, value: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.value = value
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class ParsedSymbol:
    number: int
    type_code: str | None
    issuer_code: str
    year: int | None
    form: SymbolForm
    drafting_code: str | None = None

    @property
    def canonical(self) -> str:
        """The symbol in its official layout, the number padded to two digits: ``06-CTr/TU``."""
        number = f"{self.number:02d}"
        tail = f"-{self.drafting_code}" if self.drafting_code else ""
        if self.form is SymbolForm.PARTY:
            return f"{number}-{self.type_code}/{self.issuer_code}{tail}"
        if self.form is SymbolForm.STATE:
            return f"{number}/{self.type_code}-{self.issuer_code}{tail}"
        if self.form is SymbolForm.NORMATIVE:
            head = f"{number}/{self.year}/"
            if self.type_code is None:
                return f"{head}{self.issuer_code}{tail}"
            return f"{head}{self.type_code}-{self.issuer_code}{tail}"
        return f"{number}/{self.issuer_code}{tail}"

    @property
    def key(self) -> str:
        """The look-up key shared by every way of typing this symbol (see ``symbol_key``)."""
        return symbol_key(self.canonical)

    def __str__(self) -> str:
        return self.canonical


def is_party_issuer(code: str) -> bool:
    """Whether an issuer code (any case) belongs to a Party organisation."""
    upper = code.upper()
    if upper in _ISSUER_BY_UPPER and _ISSUER_BY_UPPER[upper] in PARTY_ISSUERS:
        return True
    if not _LETTERS.fullmatch(upper):
        return False
    return (upper.endswith("U") and len(upper) <= 6) or upper.endswith("TW")


def _normalise(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw).translate(_SEPARATOR_TRANSLATION)
    return " ".join(text.split())


def _shown(raw: str) -> str:
    shown = " ".join(raw.split())
    return shown if len(shown) <= _MAX_SHOWN else shown[: _MAX_SHOWN - 1] + "…"


def _invalid(raw: str) -> SymbolError:
    return SymbolError(format_lazy(_INVALID, value=_shown(raw)), value=raw, code="invalid")


def _type_code(token: str) -> str | None:
    return _TYPE_BY_UPPER.get(token.upper())


def _issuer_code(token: str) -> str | None:
    upper = token.upper()
    if not _CODE.fullmatch(upper):
        return None
    return _ISSUER_BY_UPPER.get(upper, upper)


def _drafting_code(tokens: list[str], raw: str) -> str | None:
    codes = []
    for token in tokens:
        code = _issuer_code(token)
        if code is None:
            raise _invalid(raw)
        codes.append(code)
    return "-".join(codes) or None


def parse_symbol(raw: str) -> ParsedSymbol:
    """Reads a number and symbol in any of the four layouts; raises ``SymbolError`` otherwise."""
    text = _normalise(raw)
    if not text:
        raise SymbolError(_EMPTY, value=raw, code="empty")
    body = _SPACED_SEPARATOR.sub(r"\1", _PREFIX.sub("", text, count=1))
    if not _BODY.fullmatch(body):
        raise _invalid(raw)
    tokens = re.split(r"[/-]", body)
    if any(not token for token in tokens) or len(tokens) < 2 or not _NUMBER.fullmatch(tokens[0]):
        raise _invalid(raw)
    number = int(tokens[0])
    if number < 1:
        raise _invalid(raw)
    first, rest = tokens[1], tokens[2:]

    if _NUMBER.fullmatch(first):
        return _parse_normative(number, first, rest, raw)

    type_code = _type_code(first)
    if type_code is None:
        # An official letter: issuer, then the drafting unit. A Party issuer in the second place means a
        # Party symbol with a type code nobody knows ("24-XY/TU"): refuse rather than guess.
        issuer = _issuer_code(first)
        if issuer is None or (rest and is_party_issuer(rest[0])):
            raise _invalid(raw)
        return ParsedSymbol(number, None, issuer, None, SymbolForm.LETTER, _drafting_code(rest, raw))

    if not rest:
        raise _invalid(raw)
    issuer = _issuer_code(rest[0])
    if issuer is None:
        raise _invalid(raw)
    form = SymbolForm.PARTY if is_party_issuer(issuer) else SymbolForm.STATE
    return ParsedSymbol(number, type_code, issuer, None, form, _drafting_code(rest[1:], raw))


def _parse_normative(number: int, year_text: str, rest: list[str], raw: str) -> ParsedSymbol:
    if not _YEAR.fullmatch(year_text) or not rest:
        raise _invalid(raw)
    year = int(year_text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        message = format_lazy(
            _IMPLAUSIBLE_YEAR, value=_shown(raw), year=year_text, min_year=MIN_YEAR, max_year=MAX_YEAR
        )
        raise SymbolError(message, value=raw, code="implausible_year")
    type_code = _type_code(rest[0])
    if type_code is None:
        # A law or an ordinance: the issuer alone ("25/2012/QH13"). A code nobody knows followed by
        # more groups is more likely a mistyped type code than an issuer.
        if len(rest) > 1:
            raise _invalid(raw)
        issuer = _issuer_code(rest[0])
        if issuer is None:
            raise _invalid(raw)
        return ParsedSymbol(number, None, issuer, year, SymbolForm.NORMATIVE)
    if len(rest) < 2:
        raise _invalid(raw)
    issuer = _issuer_code(rest[1])
    if issuer is None:
        raise _invalid(raw)
    # Further groups: the drafting unit, or the co-issuers of a joint document (TTLT, NQLT).
    return ParsedSymbol(number, type_code, issuer, year, SymbolForm.NORMATIVE, _drafting_code(rest[2:], raw))


# After accents are removed and the text is upper-cased: "SO", "NO", "N°" not followed by a letter.
_KEY_PREFIX = re.compile(r"^(?:SO|NO|N[°º])(?![^\W\d_])[\s.:]*")
_KEY_SEPARATORS = re.compile(r"[\W_]+")


def symbol_key(raw: str) -> str:
    """A look-up key that every way of typing one symbol shares: upper case, accents removed, Đ
    written D, the ``Số``/``No.`` prefix dropped, separators made one ``-``, the number without its
    leading zeros. ``06/Ctr-TU``, ``06-ctr-tu`` and ``6-CTR/TU`` all give ``6-CTR-TU``.

    Never raises. Partial input gives a prefix of the full key (``06-ct`` -> ``6-CT``, ``06/`` ->
    ``6-``, ``0`` -> ``""``): a trailing separator is kept only if the input (without surrounding
    spaces) ends with one.
    """
    decomposed = unicodedata.normalize("NFD", str(raw))
    text = "".join(char for char in decomposed if not unicodedata.combining(char))
    text = text.replace("Đ", "D").replace("đ", "d").upper().strip()
    text = _KEY_PREFIX.sub("", text, count=1)
    if not text:
        return ""
    ends_with_separator = not text[-1].isalnum()
    groups = [group for group in _KEY_SEPARATORS.split(text) if group]
    if groups and groups[0].isascii() and groups[0].isdigit():
        groups[0] = groups[0].lstrip("0")
        if not groups[0]:
            if len(groups) == 1 and not ends_with_separator:
                return ""  # "0" may be the start of "06": the empty prefix still finds it
            groups[0] = "0"
    key = "-".join(groups)
    if key and ends_with_separator:
        key += "-"
    return key
