"""Reading document numbers and symbols as they are written in real texts (no database)."""

from __future__ import annotations

import unicodedata

import pytest
from django.conf import settings
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from mandate.documents.symbols import (
    ISSUER_ALIASES,
    TYPE_CODE_ALIASES,
    TYPE_CODES,
    ParsedSymbol,
    SymbolError,
    SymbolForm,
    parse_symbol,
    symbol_key,
)

if not settings.configured:  # run without pytest-django (-p no:django): messages need some settings
    settings.configure(USE_I18N=False)

PARTY = SymbolForm.PARTY
STATE = SymbolForm.STATE
NORMATIVE = SymbolForm.NORMATIVE
LETTER = SymbolForm.LETTER


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# raw -> (number, type_code, issuer_code, year, form, drafting_code)
SPELLINGS: list[tuple[str, tuple[int, str | None, str, int | None, SymbolForm, str | None]]] = [
    # Party
    ("24-CT/TU", (24, "CT", "TU", None, PARTY, None)),
    ("15-NQ/TW", (15, "NQ", "TW", None, PARTY, None)),
    ("09-NQ/TU", (9, "NQ", "TU", None, PARTY, None)),
    ("06/Ctr-TU", (6, "CTr", "TU", None, PARTY, None)),
    ("06-Ctr-TU", (6, "CTr", "TU", None, PARTY, None)),
    ("06-CTr/TU", (6, "CTr", "TU", None, PARTY, None)),
    ("06-ctr-tu", (6, "CTr", "TU", None, PARTY, None)),
    ("01-CTr/TU", (1, "CTr", "TU", None, PARTY, None)),
    ("No.01-CTr/TU", (1, "CTr", "TU", None, PARTY, None)),
    ("No 01-CTr/TU", (1, "CTr", "TU", None, PARTY, None)),
    ("47-KH/ĐU", (47, "KH", "ĐU", None, PARTY, None)),
    ("47-KH/DU", (47, "KH", "ĐU", None, PARTY, None)),
    ("47-kh/đu", (47, "KH", "ĐU", None, PARTY, None)),
    (nfd("47-KH/ĐU"), (47, "KH", "ĐU", None, PARTY, None)),  # Đ has no decomposition: same text
    (nfd("Số: 47-KH/ĐU"), (47, "KH", "ĐU", None, PARTY, None)),  # "ố" decomposed
    ("Số: 24-CT/TU", (24, "CT", "TU", None, PARTY, None)),
    ("Số 24 - CT/TU", (24, "CT", "TU", None, PARTY, None)),
    ("  SỐ:  24  -  CT / TU  ", (24, "CT", "TU", None, PARTY, None)),
    ("so 24-ct/tu", (24, "CT", "TU", None, PARTY, None)),
    ("24/CT-TU", (24, "CT", "TU", None, PARTY, None)),
    ("24–CT/TU", (24, "CT", "TU", None, PARTY, None)),  # en dash
    ("07-QĐi/TW", (7, "QĐi", "TW", None, PARTY, None)),
    ("07-QDi/TW", (7, "QĐi", "TW", None, PARTY, None)),
    ("296-QĐ/TW", (296, "QĐ", "TW", None, PARTY, None)),
    ("366-QĐ/TW", (366, "QĐ", "TW", None, PARTY, None)),
    ("05-HD/UBKTTW", (5, "HD", "UBKTTW", None, PARTY, None)),
    ("39-CT/HU", (39, "CT", "HU", None, PARTY, None)),
    ("1458-CV/TU", (1458, "CV", "TU", None, PARTY, None)),
    ("12-KL/ThU", (12, "KL", "ThU", None, PARTY, None)),
    ("03-TT/BCSĐ", (3, "TT", "BCSĐ", None, PARTY, None)),
    # State (administrative)
    ("176/KH-UBND", (176, "KH", "UBND", None, STATE, None)),
    ("Số 176/KH-UBND", (176, "KH", "UBND", None, STATE, None)),
    ("102-KH-UBND", (102, "KH", "UBND", None, STATE, None)),
    ("102/KH-UBND", (102, "KH", "UBND", None, STATE, None)),
    ("217/KH-UBND", (217, "KH", "UBND", None, STATE, None)),
    ("306/KH-UBND", (306, "KH", "UBND", None, STATE, None)),
    ("02/Ctr-UBND", (2, "CTr", "UBND", None, STATE, None)),
    ("847/QĐ-UBND", (847, "QĐ", "UBND", None, STATE, None)),
    ("847/QD-UBND", (847, "QĐ", "UBND", None, STATE, None)),
    ("45/BC-SVHTT-VP", (45, "BC", "SVHTT", None, STATE, "VP")),
    ("17/CT-TTg", (17, "CT", "TTg", None, STATE, None)),
    ("17/CT-TTG", (17, "CT", "TTg", None, STATE, None)),
    ("12/TTr-UBND", (12, "TTr", "UBND", None, STATE, None)),
    ("08/ĐA-UBND", (8, "ĐA", "UBND", None, STATE, None)),
    ("08/DA-UBND", (8, "DA", "UBND", None, STATE, None)),
    # Legal normative
    ("59/2019/NĐ-CP", (59, "NĐ", "CP", 2019, NORMATIVE, None)),
    ("59/2019/ND-CP", (59, "NĐ", "CP", 2019, NORMATIVE, None)),
    (nfd("Số 59/2019/NĐ-CP"), (59, "NĐ", "CP", 2019, NORMATIVE, None)),
    ("01/2011/TT-BNV", (1, "TT", "BNV", 2011, NORMATIVE, None)),
    ("25/2012/QH13", (25, None, "QH13", 2012, NORMATIVE, None)),
    ("12/2020/NQ-HĐND", (12, "NQ", "HĐND", 2020, NORMATIVE, None)),
    ("28/2018/QĐ-TTg", (28, "QĐ", "TTg", 2018, NORMATIVE, None)),
    ("01/2016/TTLT-BNV-BTC", (1, "TTLT", "BNV", 2016, NORMATIVE, "BTC")),
    # Official letter
    ("1234/UBND-KGVX", (1234, None, "UBND", None, LETTER, "KGVX")),
    ("Số: 1234/UBND-KGVX", (1234, None, "UBND", None, LETTER, "KGVX")),
    ("1234-ubnd-kgvx", (1234, None, "UBND", None, LETTER, "KGVX")),
    ("3456/VPCP-KTTH", (3456, None, "VPCP", None, LETTER, "KTTH")),
]


@pytest.mark.parametrize(("raw", "expected"), SPELLINGS, ids=[raw for raw, _ in SPELLINGS])
def test_parse_spellings_from_real_texts(
    raw: str, expected: tuple[int, str | None, str, int | None, SymbolForm, str | None]
) -> None:
    parsed = parse_symbol(raw)

    number, type_code, issuer_code, year, form, drafting_code = expected
    assert parsed == ParsedSymbol(number, type_code, issuer_code, year, form, drafting_code)
    assert isinstance(parsed.number, int)


@pytest.mark.parametrize(("raw", "expected"), SPELLINGS, ids=[raw for raw, _ in SPELLINGS])
def test_canonical_round_trips(
    raw: str, expected: tuple[int, str | None, str, int | None, SymbolForm, str | None]
) -> None:
    parsed = parse_symbol(raw)

    assert parse_symbol(parsed.canonical) == parsed
    assert str(parsed) == parsed.canonical
    assert symbol_key(parsed.canonical) == symbol_key(raw) == parsed.key


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("06/Ctr-TU", "06-CTr/TU"),
        ("06-ctr-tu", "06-CTr/TU"),
        ("No.01-CTr/TU", "01-CTr/TU"),
        ("24/CT-TU", "24-CT/TU"),
        ("47-KH/DU", "47-KH/ĐU"),
        ("07-QDi/TW", "07-QĐi/TW"),
        ("Số 176/KH-UBND", "176/KH-UBND"),
        ("102-KH-UBND", "102/KH-UBND"),
        ("02/Ctr-UBND", "02/CTr-UBND"),
        ("45/BC-SVHTT-VP", "45/BC-SVHTT-VP"),
        ("59/2019/ND-CP", "59/2019/NĐ-CP"),
        ("25/2012/qh13", "25/2012/QH13"),
        ("1234-UBND-KGVX", "1234/UBND-KGVX"),
        ("7/CT-TTG", "07/CT-TTg"),
    ],
)
def test_canonical_layout(raw: str, canonical: str) -> None:
    assert parse_symbol(raw).canonical == canonical


EXAMPLE_FORMS = ["24-CT/TU", "176/KH-UBND", "59/2019/NĐ-CP", "1234/UBND-KGVX"]


@pytest.mark.parametrize(
    "raw",
    [
        "24/CT-TU-XYZ!",
        "CT/TU",
        "24-/TU",
        "abc",
        "24",
        "24-CT",
        "24-CT/",
        "/24-CT/TU",
        "24-CT/TU.",
        "24 CT TU",
        "24-XY/TU",
        "24-CT/TƯ",
        "0-CT/TU",
        "Số:",
        "59/2019/NĐ",
        "59/19/NĐ-CP",
        "59/2019/NX-CP",
        "24-CT/TU; 25-CT/TU",
    ],
)
def test_refuses_what_is_not_a_symbol(raw: str) -> None:
    with pytest.raises(SymbolError) as caught:
        parse_symbol(raw)

    assert caught.value.code == "invalid"
    assert caught.value.value == raw
    with translation.override("en"):
        message = str(caught.value.message)
        assert str(caught.value) == message
    assert f"“{raw}”" in message
    assert "is not a document number and symbol" in message
    for example in EXAMPLE_FORMS:
        assert example in message


def test_the_message_for_a_bad_character_names_the_input_and_the_forms() -> None:
    with pytest.raises(SymbolError) as caught:
        parse_symbol("24/CT-TU-XYZ!")

    with translation.override("en"):
        assert str(caught.value) == (
            "“24/CT-TU-XYZ!” is not a document number and symbol. Write it as one of: 24-CT/TU (Party), "
            "176/KH-UBND (State), 59/2019/NĐ-CP (legal normative), 1234/UBND-KGVX (official letter)."
        )
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("raw", ["", "   ", "\t\n"])
def test_refuses_empty_input(raw: str) -> None:
    with pytest.raises(SymbolError) as caught:
        parse_symbol(raw)

    assert caught.value.code == "empty"
    with translation.override("en"):
        message = str(caught.value)
    for example in EXAMPLE_FORMS:
        assert example in message


@pytest.mark.parametrize("raw", ["59/1900/NĐ-CP", "59/0000/NĐ-CP", "59/2101/NĐ-CP", "25/1944/QH13"])
def test_refuses_an_implausible_year(raw: str) -> None:
    with pytest.raises(SymbolError) as caught:
        parse_symbol(raw)

    assert caught.value.code == "implausible_year"
    with translation.override("en"):
        message = str(caught.value)
    assert f"“{raw}”" in message
    assert "not a plausible year" in message
    assert "1945" in message
    assert "2100" in message
    assert "59/2019/NĐ-CP" in message


def test_accepts_the_year_limits() -> None:
    assert parse_symbol("01/1945/SL").year == 1945
    assert parse_symbol("01/2100/NĐ-CP").year == 2100


def test_the_message_is_lazy() -> None:
    with pytest.raises(SymbolError) as caught:
        parse_symbol("abc")

    assert not isinstance(caught.value.message, str)


# symbol_key ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variants", "key"),
    [
        (
            ["06/Ctr-TU", "06-CTr/TU", "06-ctr-tu", "6-CTR/TU", "Số: 06-Ctr-TU", "No.06 - CTr / TU"],
            "6-CTR-TU",
        ),
        (["47-KH/ĐU", "47-KH/DU", "47-kh/đu", nfd("Số 47-KH/ĐU")], "47-KH-DU"),
        (["59/2019/NĐ-CP", "59/2019/ND-CP", "59-2019-nđ-cp"], "59-2019-ND-CP"),
        (["07-QĐi/TW", "07-QDi/TW", "7/qđi-tw"], "7-QDI-TW"),
        (["176/KH-UBND", "176-KH-UBND", "Số 176 / KH - UBND"], "176-KH-UBND"),
        (["1234/UBND-KGVX", "1234-ubnd-kgvx"], "1234-UBND-KGVX"),
    ],
)
def test_symbol_key_is_shared_by_typing_variants(variants: list[str], key: str) -> None:
    assert {symbol_key(variant) for variant in variants} == {key}


@pytest.mark.parametrize(
    ("partial", "key", "full"),
    [
        ("06-ct", "6-CT", "06-CTr/TU"),
        ("06/", "6-", "06/Ctr-TU"),
        ("06", "6", "06-CTr/TU"),
        ("0", "", "06-CTr/TU"),
        ("00", "", "06-CTr/TU"),
        ("Số 06 -", "6-", "06-CTr/TU"),
        ("47-KH/Đ", "47-KH-D", "47-KH/ĐU"),
        ("59/2019/", "59-2019-", "59/2019/NĐ-CP"),
        ("Số", "", "24-CT/TU"),
        ("No.", "", "24-CT/TU"),
        ("", "", "24-CT/TU"),
        ("   ", "", "24-CT/TU"),
    ],
)
def test_symbol_key_of_partial_input_is_a_prefix(partial: str, key: str, full: str) -> None:
    assert symbol_key(partial) == key
    assert symbol_key(full).startswith(key)


@pytest.mark.parametrize("raw", ["24/CT-TU-XYZ!", "abc", "!!!", "-/-", "Số:", "٣٤-CT/TU", "\x00", "ß/ŉ"])
def test_symbol_key_never_raises_on_odd_input(raw: str) -> None:
    assert isinstance(symbol_key(raw), str)


@given(st.text())
def test_symbol_key_never_raises(raw: str) -> None:
    key = symbol_key(raw)

    assert key == key.strip()
    assert "--" not in key


# Property: every form, every separator layout, every spelling -------------------------------------------

PARTY_ISSUER_SAMPLES = ["TU", "TW", "HU", "QU", "ĐU", "ĐUK", "BCSĐ", "UBKTTW", "VPTW", "BTGTW", "ThU"]
STATE_ISSUER_SAMPLES = ["UBND", "CP", "BNV", "SYT", "VPCP", "TTg", "HĐND", "BTC", "SVHTT", "SGDĐT"]
LAW_ISSUER_SAMPLES = ["QH13", "QH14", "QH15", "UBTVQH14", "UBTVQH15"]
DRAFTING_SAMPLES = ["KGVX", "VP", "NC", "TH", "KTTH"]

LAYOUTS: dict[str, list[str]] = {
    "party": ["{n}-{t}/{i}", "{n}/{t}-{i}", "{n}-{t}-{i}", "{n}/{t}/{i}", "{n} - {t} / {i}", "{n}–{t}/{i}"],
    "state": ["{n}/{t}-{i}", "{n}-{t}/{i}", "{n}-{t}-{i}", "{n}/{t}/{i}", "{n} / {t} - {i}"],
    "normative": ["{n}/{y}/{t}-{i}", "{n}-{y}-{t}-{i}", "{n}/{y}/{t}/{i}", "{n} / {y} / {t} - {i}"],
    "law": ["{n}/{y}/{i}", "{n}-{y}-{i}", "{n} / {y} / {i}"],
    "letter": ["{n}/{i}-{d}", "{n}-{i}-{d}", "{n}/{i}/{d}", "{n} / {i} - {d}"],
}
PREFIXES = ["", "Số ", "Số: ", "so ", "No.", "No ", nfd("Số: ")]
STYLES = ["canonical", "upper", "lower", "ascii_d"]


def spell(code: str, style: str, aliases: dict[str, str]) -> str:
    if style == "upper":
        return code.upper()
    if style == "lower":
        return code.lower()
    if style == "ascii_d":
        ascii_d = code.upper().replace("Đ", "D")
        return ascii_d if aliases.get(ascii_d) == code else code
    return code


@st.composite
def symbols(draw: st.DrawFn) -> tuple[str, ParsedSymbol, int]:
    kind = draw(st.sampled_from(sorted(LAYOUTS)))
    number = draw(st.integers(min_value=1, max_value=99999))
    year = draw(st.integers(min_value=1945, max_value=2100))
    type_code = draw(st.sampled_from(sorted(TYPE_CODES)))
    drafting = draw(st.sampled_from(DRAFTING_SAMPLES))
    if kind == "party":
        expected = ParsedSymbol(number, type_code, draw(st.sampled_from(PARTY_ISSUER_SAMPLES)), None, PARTY)
    elif kind == "state":
        expected = ParsedSymbol(number, type_code, draw(st.sampled_from(STATE_ISSUER_SAMPLES)), None, STATE)
    elif kind == "normative":
        issuer = draw(st.sampled_from(STATE_ISSUER_SAMPLES))
        expected = ParsedSymbol(number, type_code, issuer, year, NORMATIVE)
    elif kind == "law":
        expected = ParsedSymbol(number, None, draw(st.sampled_from(LAW_ISSUER_SAMPLES)), year, NORMATIVE)
    else:
        issuer = draw(st.sampled_from(STATE_ISSUER_SAMPLES))
        expected = ParsedSymbol(number, None, issuer, None, LETTER, drafting)
    return kind, expected, draw(st.integers(min_value=0, max_value=3))


@given(
    symbol=symbols(),
    prefix=st.sampled_from(PREFIXES),
    type_style=st.sampled_from(STYLES),
    issuer_style=st.sampled_from(STYLES),
)
def test_every_layout_and_spelling_parses_to_the_same_parts(
    symbol: tuple[str, ParsedSymbol, int], prefix: str, type_style: str, issuer_style: str
) -> None:
    kind, expected, padding = symbol
    keys = {expected.key}
    for layout in LAYOUTS[kind]:
        raw = prefix + layout.format(
            n=str(expected.number).zfill(padding),
            y=expected.year,
            t=spell(expected.type_code or "", type_style, TYPE_CODE_ALIASES),
            i=spell(expected.issuer_code, issuer_style, ISSUER_ALIASES),
            d=spell(expected.drafting_code or "", issuer_style, ISSUER_ALIASES),
        )
        assert parse_symbol(raw) == expected, raw
        keys.add(symbol_key(raw))
    assert len(keys) == 1
    assert parse_symbol(expected.canonical) == expected
