"""The narrative of a report: sentences made from templates that are data (``sentences.yaml``),
in Vietnamese and in English, filled with the report's own figures (issue 13, item 3).

Why data and not code: the wording is the administrative register's, which a reviewer reads and
corrects without reading Python, and a sentence can then only state what a builder handed it.
A template names two kinds of slots, both declared with the sentence:

* ``{name}``: a *figure* slot (written by ``written.figure_text``: "8.051", "82,07%", "05") or a
  *text* slot (the period's label, the unit's or the document's name, given as written);
* ``{name|singular|plural}``: the English word agreeing with the figure ``name`` (1 task, 2 tasks);
* ``{name#phrase}``: the figure in a *count phrase* of the file's ``phrases`` ("03 nhiệm vụ quá
  hạn", "1 overdue task"), whose ``zero`` form says a zero in words ("không có nhiệm vụ quá
  hạn", "no overdue task": an administrative report never writes "00 nhiệm vụ");
* ``{@item}``, ``{@items}``: the noun of the items counted, singular and plural ("nhiệm vụ",
  "nội dung"; "task", "contents"), chosen by the builder (``items.yaml``: a report about a Party
  programme counts its "nội dung", as seed 004 does); inside an agreement or a phrase too.

A sentence has variants tried in order; a variant's ``when`` holds conditions on its figures
(``completed == 0``, ``open == total``, ``members == none``), all of which must hold; the last
variant has none. ``load`` checks all of this when the file is read (a wrong file is refused with
the sentence and the slot named), so a report never fails half-way on a typo.

``render`` returns a ``content.Sentence`` whose ``figure_keys`` are the figures its text states
and ``quoted`` the texts put in as written: a test reads every other number in the text back and
finds it among the figures.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from mandate.reports.content import Figure, Sentence
from mandate.reports.written import figure_text

LANGUAGES = ("vi", "en")
SENTENCES_FILE = Path(__file__).with_name("sentences.yaml")
WORDS_FILE = Path(__file__).with_name("words.yaml")
_SLOT = re.compile(r"\{([a-z_][a-z0-9_]*)(?:\|([^|{}#]*)\|([^|{}#]*)|#([a-z_][a-z0-9_]*))?\}")
_NOUN = re.compile(r"\{@(items|item)\}")  # in a template or a phrase
_BARE_NOUN = re.compile(r"@(items|item)\b")  # inside an agreement: {total|@item|@items}
ITEMS_FILE = Path(__file__).with_name("items.yaml")
PLURAL_FORMS = ("zero", "one", "other")
_CONDITION = re.compile(r"\A([a-z_][a-z0-9_]*) (==|!=|>|<) ([a-z_][a-z0-9_]*|\d+)\Z")


class NarrativeError(ValueError):
    """The sentences file is not right: the message names the sentence and what is wrong."""


@dataclass(frozen=True)
class Variant:
    when: tuple[tuple[str, str, str], ...]
    text: Mapping[str, str]  # language -> template


@dataclass(frozen=True)
class Phrase:
    """A count phrase: per language, its ``zero``, ``one`` (the English singular; ``other`` when
    absent) and ``other`` forms, ``{n}`` standing for the figure."""

    forms: Mapping[str, Mapping[str, str]]

    def form(self, language: str, value: object) -> str:
        forms = self.forms[language]
        if value == 0:
            return forms["zero"]
        return forms.get("one", forms["other"]) if value == 1 else forms["other"]


@dataclass(frozen=True)
class Template:
    key: str
    figures: tuple[str, ...]
    texts: tuple[str, ...]
    variants: tuple[Variant, ...]


def _check_template(
    key: str,
    template: str,
    figures: tuple[str, ...],
    texts: tuple[str, ...],
    phrases: Mapping[str, Phrase] | None = None,
) -> None:
    rest = _SLOT.sub("", _NOUN.sub("", template))
    if "{" in rest or "}" in rest:
        raise NarrativeError(f"{key}: a brace that is not a slot in {template!r}")
    for match in _SLOT.finditer(template):
        name, singular, phrase = match.group(1), match.group(2), match.group(4)
        if phrase is not None and (name not in figures or phrase not in (phrases or {})):
            raise NarrativeError(f"{key}: {{{name}#{phrase}}} needs a figure slot and a phrase of the file")
        if singular is not None and name not in figures:
            raise NarrativeError(f"{key}: {{{name}|…}} agrees with {name!r}, which is not a figure slot")
        if singular is None and phrase is None and name not in figures and name not in texts:
            raise NarrativeError(f"{key}: the slot {{{name}}} is neither a figure nor a text slot")


def _parse_phrase(key: str, raw: Any) -> Phrase:
    if not isinstance(raw, dict):
        raise NarrativeError(f"phrase {key}: a phrase has its forms in each of {', '.join(LANGUAGES)}")
    forms: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        given = raw.get(language)
        if (
            not isinstance(given, dict)
            or not {"zero", "other"} <= set(given)
            or set(given) - set(PLURAL_FORMS)
        ):
            raise NarrativeError(f"phrase {key}: {language} has 'zero' and 'other' (and maybe 'one')")
        for form, text in given.items():
            rest = _NOUN.sub("", str(text)).replace("{n}", "")
            if not isinstance(text, str) or "{" in rest or "}" in rest:
                raise NarrativeError(f"phrase {key}: {language} {form} has a slot other than {{n}}")
        forms[language] = {str(k): str(v) for k, v in given.items()}
    return Phrase(forms=forms)


def _parse(key: str, raw: Any, phrases: Mapping[str, Phrase] | None = None) -> Template:
    if not isinstance(raw, dict):
        raise NarrativeError(f"{key}: a sentence is a mapping with figures, texts and variants")
    figures = tuple(raw.get("figures") or ())
    texts = tuple(raw.get("texts") or ())
    if set(figures) & set(texts):
        raise NarrativeError(f"{key}: a slot is declared both a figure and a text")
    variants: list[Variant] = []
    raw_variants = raw.get("variants")
    if not isinstance(raw_variants, list) or not raw_variants:
        raise NarrativeError(f"{key}: no variants")
    for index, item in enumerate(raw_variants):
        when: list[tuple[str, str, str]] = []
        for condition in item.get("when") or ():
            found = _CONDITION.match(str(condition))
            if found is None or found.group(1) not in figures:
                raise NarrativeError(
                    f"{key}: the condition {condition!r} is not 'figure op figure|number|none'"
                )
            right = found.group(3)
            if not right.isdigit() and right != "none" and right not in figures:
                raise NarrativeError(f"{key}: the condition {condition!r} compares with an unknown figure")
            when.append((found.group(1), found.group(2), right))
        if not when and index != len(raw_variants) - 1:
            raise NarrativeError(f"{key}: only the last variant may have no condition")
        if when and index == len(raw_variants) - 1:
            raise NarrativeError(f"{key}: the last variant must have no condition")
        text = {language: item.get(language) for language in LANGUAGES}
        for language, template in text.items():
            if not isinstance(template, str) or not template.strip():
                raise NarrativeError(f"{key}: variant {index + 1} has no {language} text")
            _check_template(key, template, figures, texts, phrases)
        variants.append(Variant(when=tuple(when), text={k: str(v) for k, v in text.items()}))
    return Template(key=key, figures=figures, texts=texts, variants=tuple(variants))


def load(text: str) -> dict[str, Template]:
    """The templates of a sentences file's text, checked (``NarrativeError`` otherwise)."""
    return load_all(text)[0]


def load_all(text: str) -> tuple[dict[str, Template], dict[str, Phrase]]:
    """The templates and the count phrases of a sentences file's text, checked."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("sentences"), dict):
        raise NarrativeError("the file holds a mapping 'sentences'")
    raw_phrases = data.get("phrases") or {}
    if not isinstance(raw_phrases, dict):
        raise NarrativeError("'phrases' is a mapping")
    phrases = {str(key): _parse_phrase(str(key), raw) for key, raw in raw_phrases.items()}
    return {str(key): _parse(str(key), raw, phrases) for key, raw in data["sentences"].items()}, phrases


def load_words(text: str) -> dict[str, dict[str, str]]:
    """The headings, labels and phrases of a words file (``words.yaml``): each in every language,
    with the same ``{slots}`` in each (``NarrativeError`` otherwise)."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("words"), dict):
        raise NarrativeError("the file holds a mapping 'words'")
    found: dict[str, dict[str, str]] = {}
    for key, raw in data["words"].items():
        if not isinstance(raw, dict) or any(not isinstance(raw.get(lang), str) for lang in LANGUAGES):
            raise NarrativeError(f"{key}: a word has a text in each of {', '.join(LANGUAGES)}")
        slots = {lang: sorted(re.findall(r"\{([a-z_]+)\}", raw[lang])) for lang in LANGUAGES}
        if len({tuple(v) for v in slots.values()}) != 1:
            raise NarrativeError(f"{key}: the languages do not have the same slots")
        found[str(key)] = {lang: raw[lang] for lang in LANGUAGES}
    return found


@functools.cache
def _loaded() -> tuple[dict[str, Template], dict[str, Phrase]]:
    return load_all(SENTENCES_FILE.read_text(encoding="utf-8"))


def templates() -> dict[str, Template]:
    return _loaded()[0]


def phrases() -> dict[str, Phrase]:
    return _loaded()[1]


@functools.cache
def _items() -> dict[str, Any]:
    data = yaml.safe_load(ITEMS_FILE.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list) or "default" not in data:
        raise NarrativeError("items.yaml holds 'default' and a list 'rules'")
    for rule in data["rules"]:
        if not isinstance(rule, dict) or f"noun.{rule.get('noun')}" not in words():
            raise NarrativeError(f"items.yaml: {rule!r} names no noun of words.yaml")
    return data


def item_noun(*, document_type: str, symbol_form: str, alone: bool) -> str:
    """The noun of the items of a document (``items.yaml``): "content" for the items of a Party
    programme counted alone (seed 004's "29 out of 34 contents"), "task" otherwise (seed 000's
    "15 out of 20 tasks of Program 06/Ctr-TU and Plan 176/KH-UBND")."""
    data = _items()
    for rule in data["rules"]:
        if (
            document_type in rule.get("document_types", [document_type])
            and symbol_form in rule.get("symbol_forms", [symbol_form])
            and (alone or not rule.get("alone", False))
        ):
            return str(rule["noun"])
    return str(data["default"])


@functools.cache
def words() -> dict[str, dict[str, str]]:
    return load_words(WORDS_FILE.read_text(encoding="utf-8"))


def word(key: str, language: str, **values: object) -> str:
    """A heading, label or phrase of the report in its language, its slots filled."""
    return words()[key][language if language in LANGUAGES else "vi"].format(**values)


def _value(figures: Mapping[str, Figure], name: str) -> Decimal | None:
    if name.isdigit():
        return Decimal(name)
    if name == "none":
        return None
    value = figures[name].value
    return None if value is None else Decimal(value)


def _holds(condition: tuple[str, str, str], figures: Mapping[str, Figure]) -> bool:
    left, op, right = condition
    a, b = _value(figures, left), _value(figures, right)
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    if a is None or b is None:
        return False
    return a > b if op == ">" else a < b


def render(
    key: str,
    *,
    language: str,
    figures: Mapping[str, Figure],
    texts: Mapping[str, str] | None = None,
    noun: str = "task",
) -> Sentence:
    """The sentence ``key`` in ``language`` from its figure slots (``figures``: slot -> the
    report's figure) and text slots, the items counted called ``noun`` (``words.yaml``'s
    ``noun.*``); every declared slot must be given."""
    template = templates()[key]
    given_texts = dict(texts or {})
    missing = [n for n in template.figures if n not in figures] + [
        n for n in template.texts if n not in given_texts
    ]
    if missing:
        raise KeyError(f"{key}: slots not given: {', '.join(missing)}")
    variant = next(v for v in template.variants if all(_holds(c, figures) for c in v.when))
    chosen = variant.text[language]
    keys: list[str] = []
    quoted: list[str] = []

    nouns = {"item": word(f"noun.{noun}", language), "items": word(f"noun.{noun}.plural", language)}

    def named(text: str) -> str:
        return _BARE_NOUN.sub(lambda m: nouns[m.group(1)], _NOUN.sub(lambda m: nouns[m.group(1)], text))

    def fill(match: re.Match[str]) -> str:
        name, singular, plural, phrase = match.group(1), match.group(2), match.group(3), match.group(4)
        if singular is not None:
            return named(singular if figures[name].value == 1 else plural)
        if name in figures:
            figure = figures[name]
            if figure.key not in keys:
                keys.append(figure.key)
            written = figure_text(figure, language=language)
            if phrase is None:
                return written
            return named(phrases()[phrase].form(language, figure.value)).replace("{n}", written)
        quoted.append(given_texts[name])
        return given_texts[name]

    text = _SLOT.sub(fill, _NOUN.sub(lambda m: nouns[m.group(1)], chosen))
    if chosen.startswith("{") and "#" in chosen.split("}", 1)[0]:  # a sentence opened by a phrase
        text = text[:1].upper() + text[1:]
    return Sentence(template=key, text=text, figure_keys=tuple(keys), quoted=tuple(quoted))
