"""The rows of units, people and documents (``bench.generate``): streamed, deterministic for a
seed, and the four bench users chosen among the people."""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from bench.gen_tree import (
    DOC_TYPE_WEIGHTS,
    DOC_TYPES,
    FAMILY,
    GIVEN,
    MIDDLE,
    STEPLEN,
    TOPICS,
    Calendar,
    Tree,
    Unit,
)


def unit_rows(tree: Tree, created: str) -> Iterator[tuple[Any, ...]]:
    for u in tree.units:
        yield (
            u.id,
            u.path,
            len(u.path) // STEPLEN,
            u.numchild,
            u.name,
            u.name_en,
            u.code,
            u.kind,
            u.level,
            "2020-01-01",
            None,
            "",
            created,
            created,
            1,
        )


@dataclass(frozen=True)
class BenchUsers:
    national: int  # person id == user id
    province: int
    commune: int
    vanphong: int  # a specialist of the province's UBND, reading the province: the demo's vanphong
    province_index: int
    commune_ubnd: int  # unit id of the commune's UBND


def choose_bench_users(tree: Tree) -> BenchUsers:
    p = max(range(len(tree.provinces)), key=lambda i: (len(tree.communes[i]), -i))
    committees = tree.ubnd_xa[p]
    commune_ubnd = committees[len(committees) // 2]
    return BenchUsers(
        national=tree.unit(tree.root).people_start,
        province=tree.unit(tree.ubnd_tinh[p]).people_start,
        commune=tree.unit(commune_ubnd).people_start + 3,
        vanphong=tree.unit(tree.ubnd_tinh[p]).people_start + 3,  # k = 3: a specialist (_position)
        province_index=p,
        commune_ubnd=commune_ubnd,
    )


def _username(person: int, bench: BenchUsers) -> str:
    special = {
        bench.national: "bench.national",
        bench.province: "bench.province",
        bench.commune: "bench.commune",
        bench.vanphong: "bench.vanphong",
    }
    return special.get(person, f"u{person:06d}")


def people_rows(
    tree: Tree, bench: BenchUsers, rng: random.Random, password: str, created: str
) -> tuple[Iterator[tuple[Any, ...]], Iterator[tuple[Any, ...]], Iterator[tuple[Any, ...]]]:
    """Users, persons and positions: three streams over the same people, each regenerated from its
    own copy of the random state so that they agree without being held in memory."""
    state = rng.getstate()

    def names() -> Iterator[tuple[Unit, int, str, str, str]]:
        local = random.Random()  # noqa: S311  (synthetic data, not secrets)
        local.setstate(state)
        for unit in tree.units:
            for k in range(unit.people_count):
                family, given = (
                    FAMILY[int(local.random() * len(FAMILY))],
                    GIVEN[int(local.random() * len(GIVEN))],
                )
                middle = MIDDLE[int(local.random() * len(MIDDLE))]
                yield unit, k, family, f"{middle} {given}", given

    def users() -> Iterator[tuple[Any, ...]]:
        for unit, k, family, _middle_given, given in names():
            pid = unit.people_start + k
            username = _username(pid, bench)
            yield (
                pid,
                password,
                None,
                False,
                username,
                given,
                family,
                f"{username}@bench.invalid",
                False,
                True,
                created,
                "",
                0,
            )

    def persons() -> Iterator[tuple[Any, ...]]:
        for unit, k, family, middle_given, _given in names():
            pid = unit.people_start + k
            yield pid, created, created, 1, f"{family} {middle_given}", "", pid

    def positions() -> Iterator[tuple[Any, ...]]:
        for unit, k, _family, _middle_given, _given in names():
            pid = unit.people_start + k
            role, title, title_en, head, deputy = _position(unit, k)
            scope: int | None = unit.area_id or None
            if pid == bench.national:
                role, title, title_en, scope = (
                    "specialist",
                    "Chuyên viên theo dõi",
                    "National specialist",
                    tree.root,
                )
                head = deputy = False
            elif pid == bench.commune:
                role, title, title_en = "official", "Công chức", "Official"
            yield (
                pid,
                created,
                created,
                1,
                title,
                title_en,
                role,
                "regular",
                head,
                deputy,
                "2020-01-01",
                None,
                None,
                pid,
                scope,
                unit.id,
                "",
            )

    return users(), persons(), positions()


def _position(unit: Unit, k: int) -> tuple[str, str, str, bool, bool]:
    if unit.level == "department":
        head, deputy = ("Giám đốc", "Director"), ("Phó Giám đốc", "Deputy Director")
    elif unit.kind == "state":
        head, deputy = ("Chủ tịch", "Chairman"), ("Phó Chủ tịch", "Vice Chairman")
    else:
        head, deputy = ("Trưởng ban", "Head"), ("Phó Trưởng ban", "Deputy Head")
    if k == 0:
        return "leader", head[0], head[1], True, False
    if k <= 2:
        return "leader", deputy[0], deputy[1], False, True
    if k % 2:
        return "specialist", "Chuyên viên", "Specialist", False, False
    return "official", "Công chức", "Official", False, False


@dataclass
class Docs:
    """The documents of each issuer, by issue day: what tasks point to (20,000 rows, small)."""

    days: dict[int, list[int]] = field(default_factory=dict)
    ids: dict[int, list[int]] = field(default_factory=dict)
    symbols: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # (symbol, folded)


def document_rows(
    tree: Tree,
    cal: Calendar,
    rng: random.Random,
    total: int,
    type_ids: dict[str, int],
    docs: Docs,
    created: str,
) -> Iterator[tuple[Any, ...]]:
    from mandate.core.text import fold
    from mandate.documents.symbols import parse_symbol, symbol_key

    issuers = [tree.office] + tree.ubnd_tinh + [d for row in tree.departments for d in row]
    weights = [10] + [3] * len(tree.ubnd_tinh) + [1] * (len(issuers) - 1 - len(tree.ubnd_tinh))
    counts = [max(1, int(total * w / sum(weights))) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % len(counts)] += 1
    doc_id = 0
    cumulative = [sum(DOC_TYPE_WEIGHTS[: i + 1]) for i in range(len(DOC_TYPE_WEIGHTS))]
    for issuer, count in zip(issuers, counts, strict=True):
        unit = tree.unit(issuer)
        days = sorted([-1700] + [-1 - int(rng.random() * 1699) for _ in range(count - 1)])
        numbers: dict[tuple[str, int], int] = {}
        docs.days[issuer], docs.ids[issuer], docs.symbols[issuer] = days, [], []
        for day in days:
            code, slug, type_name = DOC_TYPES[bisect.bisect_left(cumulative, rng.random() * cumulative[-1])]
            issued = cal.day(day)
            year = int(issued[:4])
            number = numbers[(code, year)] = numbers.get((code, year), 0) + 1
            symbol = f"{number}/{code}-{unit.code}"
            parsed = parse_symbol(symbol)
            title = f"{type_name} về {TOPICS[int(rng.random() * len(TOPICS))]} năm {year}"
            doc_id += 1
            docs.ids[issuer].append(doc_id)
            docs.symbols[issuer].append((symbol, fold(symbol)))
            yield (
                doc_id,
                created,
                created,
                1,
                symbol,
                symbol_key(symbol),
                parsed.number,
                parsed.type_code or "",
                parsed.issuer_code,
                parsed.drafting_code or "",
                parsed.year,
                parsed.form.value,
                f"{parsed.type_code or ''}|{parsed.number}|Y{year}",
                issued,
                title,
                "",
                "",
                "normal",
                rng.random() < 0.3,
                fold(f"{symbol} {title}"),
                None,
                "",
                issuer,
                type_ids[slug],
                "",  # direction: documents of the tree's own issuers, not a register entry (ADR 0025)
                "",  # signer
            )
