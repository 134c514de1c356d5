"""A national-scale data set for the benchmark, generated deterministically and loaded with COPY.

``python -m bench.generate --tasks N [--seed 1]`` against ``DATABASE_URL`` (PostgreSQL only):

1. refuses a database that holds application data it did not make (no ``bench_meta`` table);
2. runs ``migrate``;
3. if ``bench_meta`` already describes a complete data set with these parameters, stops there
   (after refreshing the application's roll-ups, if it has any);
4. otherwise drops and recreates the ``public`` schema (the database is the bench's own: the
   marker table proves it), migrates again and generates everything.

What is generated (all "(dữ liệu mô phỏng)", plainly synthetic):

* the tree: one country area, the Government Office under it, 35 provinces, each with its
  People's Committee (UBND tỉnh) and four departments under it, and about 3,300 communes
  spread Zipf-like over the provinces (the largest has about 5 times the smallest), each an area
  with its UBND xã;
* 200,000 people with accounts and one position each (one shared precomputed password hash),
  a head and two deputies per unit, the rest specialists and officials;
* 20,000 documents of the Government Office, the People's Committees and the departments, with
  valid parsed symbols ("123/KH-UBND") and a unique ``uniqueness_key`` per issuer;
* N tasks (default 1,000,000): 5 % regular; of all tasks about 17 % assigned, 26 % in progress,
  38 % accepted (15 % of them late), 9 % overdue and open, 2.5 % reported, 0.5 % returned,
  2 % cancelled. 80 % are led by a commune's UBND, 15 % by a department, 5 % by a UBND tỉnh;
  deadlines from about three years ago to one year ahead, a quarter of them "N working days"
  computed with the application's own calendar; about 3 % with an approved extension; lead
  person for 40 %; coordinating units for 10 %; about 1.1 progress reports per task, with
  ``progress`` and ``last_progress_at`` taken from the latest one; the sweep's marks
  (``overdue_since``, reminders, escalation…) as if ``mandate sweep`` had run every day up to
  the day before the benchmark's sweep day;
* the documents' reach (``DocumentRecipient`` kind "tasks") from the tasks, set-based in SQL.

Not generated: task events, audit entries and notifications (no question reads them; the
sweep writes its own). Rows are streamed from generators into ``COPY``; nothing holds the data
set in a Python list. Secondary indexes and foreign keys of the loaded tables are dropped during
the load and recreated from their own definitions afterwards, then the tables are vacuumed and
analysed.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import hashlib
import importlib
import importlib.util
import inspect
import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from bench.common import (
    GENERATOR_VERSION,
    META_DDL,
    OUT_DIR,
    BenchError,
    Meta,
    connect,
    read_meta,
    setup_django,
    table_exists,
    write_json,
)

DEFAULT_TASKS = 1_000_000
DEFAULTS: dict[str, int] = {"provinces": 35, "communes": 3300, "people": 200_000, "documents": 20_000}
BENCH_LEAD_TASKS = 60  # tasks of the commune official's unit whose lead person he is
PASSWORD = "bench-password"  # noqa: S105  (a synthetic data set's shared password, documented)

LOADED_TABLES = (
    "organisations_orgunit",
    "people_user",
    "people_person",
    "people_position",
    "documents_document",
    "documents_documentrecipient",
    "tasks_task",
    "tasks_progressreport",
    "tasks_taskcoordinator",
    "tasks_extensionrequest",
    "tasks_taskstatespan",
)

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4

PROVINCES = (
    "Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Lai Châu", "Điện Biên",
    "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng",
    "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Ninh Bình",
    "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Đồng Nai",
    "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang", "Bình Dương",
)  # fmt: skip
DEPARTMENTS = (
    ("Sở Nội vụ", "Department of Home Affairs", "SNV"),
    ("Sở Tài chính", "Department of Finance", "STC"),
    ("Sở Xây dựng", "Department of Construction", "SXD"),
    ("Sở Y tế", "Department of Health", "SYT"),
)
SYLLABLES_A = (
    "Tân", "Phú", "An", "Bình", "Hòa", "Long", "Mỹ", "Thạnh", "Đông", "Tây", "Nam", "Bắc",
    "Hưng", "Phước", "Thuận", "Vĩnh", "Quảng", "Yên", "Xuân", "Thanh", "Minh", "Hồng", "Đức", "Trung",
)  # fmt: skip
SYLLABLES_B = (
    "Lợi", "Hội", "Thịnh", "Phong", "Sơn", "Hà", "Lâm", "Điền", "Khánh", "Lộc", "Tiến", "Thành",
    "Châu", "Giang", "Hải", "Bảo", "Định", "Quý", "Nghĩa", "Tường", "Cường", "Hiệp", "Thái", "Vinh",
)  # fmt: skip
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Xuân", "Thu")
GIVEN = (
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương",
    "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn",
    "Tâm", "Thảo", "Trang", "Trung", "Tuấn", "Vân", "Yến",
)  # fmt: skip
TOPICS = (
    "cải cách hành chính", "chuyển đổi số", "phòng, chống dịch bệnh", "xây dựng nông thôn mới",
    "giải phóng mặt bằng", "quản lý đất đai", "bảo vệ môi trường", "an toàn giao thông",
    "phòng cháy, chữa cháy", "giảm nghèo bền vững", "thu ngân sách", "giải ngân vốn đầu tư công",
    "tiếp công dân", "giải quyết khiếu nại, tố cáo", "cấp căn cước", "Đề án 06",
    "phát triển văn hóa cơ sở", "an sinh xã hội", "y tế cơ sở", "giáo dục phổ thông",
    "quản lý trật tự xây dựng", "phòng, chống thiên tai", "sắp xếp đơn vị hành chính",
    "thực hành tiết kiệm", "công tác cán bộ",
)  # fmt: skip
VERBS = ("Triển khai", "Tổ chức thực hiện", "Rà soát", "Báo cáo kết quả", "Kiểm tra", "Đôn đốc")
PRODUCTS = ("Báo cáo kết quả thực hiện", "Kế hoạch triển khai", "Văn bản hướng dẫn", "Danh sách rà soát")
DOC_TYPES = (
    ("KH", "ke-hoach", "Kế hoạch"),
    ("QĐ", "quyet-dinh", "Quyết định"),
    ("CT", "chi-thi", "Chỉ thị"),
    ("CTr", "chuong-trinh", "Chương trình"),
    ("TB", "thong-bao", "Thông báo"),
)
DOC_TYPE_WEIGHTS = (0.40, 0.25, 0.10, 0.10, 0.15)
REPORT_TEXTS = (
    "Đã triển khai, đang tổng hợp kết quả.",
    "Hoàn thành một phần khối lượng.",
    "Đang phối hợp với các đơn vị liên quan.",
    "Đã ban hành văn bản triển khai.",
)

# Status mix: (status label, cumulative share). "overdue" is open (assigned or in progress) with
# a past deadline; "regular" is a regular task (no deadline).
STATUS_MIX = (
    ("regular", 0.05), ("assigned", 0.22), ("in_progress", 0.48), ("accepted", 0.86),
    ("overdue", 0.95), ("reported", 0.975), ("returned", 0.98), ("cancelled", 1.0),
)  # fmt: skip
OPEN = frozenset({"assigned", "in_progress", "reported", "returned"})
NOT_UPDATED_DAYS = 15
DAY_LO, DAY_HI = -2100, 800  # the day offsets (from today) the generator may use


# --- the tree ---------------------------------------------------------------------------------


@dataclass
class Unit:
    id: int
    path: str
    name: str
    name_en: str
    code: str
    kind: str
    level: str
    province: int  # index of the province, -1 for national units
    numchild: int = 0
    people_start: int = 0
    people_count: int = 0
    area_id: int = 0  # the area a People's Committee serves (its positions cover it)


@dataclass
class Tree:
    units: list[Unit] = field(default_factory=list)
    root: int = 0
    office: int = 0  # Văn phòng Chính phủ
    provinces: list[int] = field(default_factory=list)  # area units
    ubnd_tinh: list[int] = field(default_factory=list)
    departments: list[list[int]] = field(default_factory=list)  # per province
    communes: list[list[int]] = field(default_factory=list)  # commune areas, per province
    ubnd_xa: list[list[int]] = field(default_factory=list)  # per province

    def add(self, parent: Unit | None, **values: Any) -> Unit:
        if parent is None:
            path = _step(len([u for u in self.units if len(u.path) == STEPLEN]) + 1)
        else:
            parent.numchild += 1
            path = parent.path + _step(parent.numchild)
        unit = Unit(id=len(self.units) + 1, path=path, **values)
        self.units.append(unit)
        return unit

    def unit(self, unit_id: int) -> Unit:
        return self.units[unit_id - 1]


def _step(number: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def _zipf_counts(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` split over ``parts`` with weights 1/(rank+8), in a shuffled order."""
    weights = [1 / (rank + 8) for rank in range(parts)]
    rng.shuffle(weights)
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    by_remainder = sorted(range(parts), key=lambda i: -(weights[i] * scale - counts[i]))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def build_tree(params: dict[str, int], rng: random.Random) -> Tree:
    tree = Tree()
    root = tree.add(
        None,
        name="Việt Nam (dữ liệu mô phỏng)",
        name_en="Viet Nam (simulated data)",
        code="",
        kind="area",
        level="central",
        province=-1,
    )
    tree.root = root.id
    office = tree.add(
        root,
        name="Văn phòng Chính phủ (mô phỏng)",
        name_en="Government Office (simulated)",
        code="VPCP",
        kind="state",
        level="central",
        province=-1,
    )
    tree.office = office.id
    n_provinces = params["provinces"]
    names = [
        PROVINCES[i % len(PROVINCES)] + (f" {i // len(PROVINCES) + 1}" if i >= len(PROVINCES) else "")
        for i in range(n_provinces)
    ]
    commune_counts = _zipf_counts(params["communes"], n_provinces, rng)
    for p, name in enumerate(names):
        area = tree.add(
            root,
            name=f"Tỉnh {name}",
            name_en=f"{name} Province",
            code="",
            kind="area",
            level="city",
            province=p,
        )
        tree.provinces.append(area.id)
        ubnd = tree.add(
            area,
            name=f"UBND tỉnh {name}",
            name_en=f"{name} Provincial People's Committee",
            code="UBND",
            kind="state",
            level="city",
            province=p,
            area_id=area.id,
        )
        tree.ubnd_tinh.append(ubnd.id)
        tree.departments.append(
            [
                tree.add(
                    ubnd,
                    name=f"{dept} tỉnh {name}",
                    name_en=f"{dept_en}, {name}",
                    code=code,
                    kind="state",
                    level="department",
                    province=p,
                ).id
                for dept, dept_en, code in DEPARTMENTS
            ]
        )
        pairs = [(a, b) for a in SYLLABLES_A for b in SYLLABLES_B]
        rng.shuffle(pairs)
        areas: list[int] = []
        committees: list[int] = []
        for c in range(commune_counts[p]):
            a, b = pairs[c % len(pairs)]
            commune = f"{a} {b}" + (f" {c // len(pairs) + 1}" if c >= len(pairs) else "")
            commune_area = tree.add(
                area,
                name=f"Xã {commune}",
                name_en=f"{commune} Commune",
                code="",
                kind="area",
                level="commune",
                province=p,
            )
            areas.append(commune_area.id)
            committees.append(
                tree.add(
                    commune_area,
                    name=f"UBND xã {commune}",
                    name_en=f"{commune} People's Committee",
                    code="UBND",
                    kind="state",
                    level="commune",
                    province=p,
                    area_id=commune_area.id,
                ).id
            )
        tree.communes.append(areas)
        tree.ubnd_xa.append(committees)
    _allocate_people(tree, params["people"])
    return tree


def _allocate_people(tree: Tree, people: int) -> None:
    weights = {tree.root: 20, tree.office: 200}
    for p in range(len(tree.provinces)):
        weights[tree.ubnd_tinh[p]] = 250
        weights.update(dict.fromkeys(tree.departments[p], 120))
        weights.update(dict.fromkeys(tree.ubnd_xa[p], 50))
    scale = people / sum(weights.values())
    counts = {uid: max(4, int(w * scale)) for uid, w in weights.items()}
    committees = [uid for row in tree.ubnd_xa for uid in row]
    left = people - sum(counts.values())
    for i in range(max(0, left)):
        counts[committees[i % len(committees)]] += 1
    start = 1
    for unit in tree.units:
        unit.people_count = counts.get(unit.id, 0)
        unit.people_start = start
        start += unit.people_count


# --- loading helpers ----------------------------------------------------------------------------


def _columns_check(cur: psycopg.Cursor[Any], table: str, columns: Sequence[str]) -> None:
    """Refuse clearly when the application's table has changed under the generator."""
    cur.execute(
        "SELECT column_name, is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO' "
        "FROM information_schema.columns WHERE table_schema = 'public' AND table_name = %s",
        [table],
    )
    found: dict[str, bool] = dict(cur.fetchall())
    unknown = sorted(set(columns) - set(found))
    missing = sorted(name for name, required in found.items() if required and name not in columns)
    if unknown or missing:
        raise BenchError(
            f"{table} changed: the generator writes {unknown or 'nothing unknown'} that the table lacks and "
            f"does not fill the required columns {missing or '(none)'}; update bench/generate.py."
        )


def _copy_statement(table: str, columns: Sequence[str]) -> sql.Composed:
    return sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    )


def copy_rows(
    conn: psycopg.Connection[Any], table: str, columns: Sequence[str], rows: Iterator[Sequence[Any]]
) -> int:
    with conn.cursor() as cur:
        _columns_check(cur, table, columns)
        n = 0
        with cur.copy(_copy_statement(table, columns)) as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
    return n


@dataclass
class Deferred:
    """Secondary indexes and constraints of the loaded tables, dropped for the load."""

    indexes: list[tuple[str, str]] = field(default_factory=list)  # (name, CREATE INDEX …)
    uniques: list[tuple[str, str, str]] = field(default_factory=list)  # (table, name, definition)
    foreign_keys: list[tuple[str, str, str]] = field(default_factory=list)


def drop_secondary(conn: psycopg.Connection[Any], tables: Sequence[str]) -> Deferred:
    deferred = Deferred()
    with conn.cursor() as cur:
        for table in tables:
            cur.execute(
                "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('f', 'u') ORDER BY conname",
                [table],
            )
            for name, kind, definition in cur.fetchall():
                target = deferred.foreign_keys if kind == "f" else deferred.uniques
                target.append((table, name, definition))
            cur.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid "
                "AND c.conrelid = x.indrelid AND c.contype IN ('p', 'u', 'x')) ORDER BY i.relname",
                [table],
            )
            deferred.indexes.extend(cur.fetchall())
        for table, name, _definition in deferred.foreign_keys + deferred.uniques:
            cur.execute(
                sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                    sql.Identifier(table), sql.Identifier(name)
                )
            )
        for name, _definition in deferred.indexes:
            cur.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    conn.commit()
    return deferred


def restore_secondary(conn: psycopg.Connection[Any], deferred: Deferred) -> None:
    with conn.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
        for _name, definition in deferred.indexes:
            cur.execute(definition.encode())
        for table, name, definition in deferred.uniques + deferred.foreign_keys:
            head = sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ").format(
                sql.Identifier(table), sql.Identifier(name)
            )
            cur.execute(head.as_bytes(conn) + definition.encode())  # a definition read from pg_constraint
    conn.commit()


# --- calendar ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Calendar:
    """Day offsets from ``today``: ISO strings and the working days, by the application's calendar."""

    today: dt.date
    days: tuple[str, ...]  # index: offset - DAY_LO
    working: tuple[int, ...]  # sorted offsets of working days
    sweep_day: int  # the first working day on or after today (offset)

    @classmethod
    def build(cls, today: dt.date) -> Calendar:
        from mandate.core.workdays import is_working_day

        offsets = range(DAY_LO, DAY_HI + 1)
        days = tuple((today + dt.timedelta(days=o)).isoformat() for o in offsets)
        working = tuple(o for o in offsets if is_working_day(today + dt.timedelta(days=o)))
        sweep_day = working[bisect.bisect_left(working, 0)]
        return cls(today=today, days=days, working=working, sweep_day=sweep_day)

    def day(self, offset: int) -> str:
        return self.days[offset - DAY_LO]


# --- the generators --------------------------------------------------------------------------------


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


def _columns(names: str) -> tuple[str, ...]:
    return tuple(names.split())


UNIT_COLUMNS = _columns(
    "id path depth numchild name name_en code kind level valid_from valid_to retired_reason "
    "created_at updated_at version"
)
USER_COLUMNS = _columns(
    "id password last_login is_superuser username first_name last_name email is_staff "
    "is_active date_joined language credential_generation"
)
PERSON_COLUMNS = _columns("id created_at updated_at version full_name note user_id")
POSITION_COLUMNS = _columns(
    "id created_at updated_at version title title_en role kind is_head is_deputy valid_from "
    "valid_to on_behalf_of_id person_id scope_unit_id unit_id acts_for_basis"
)
DOCUMENT_COLUMNS = _columns(
    "id created_at updated_at version symbol symbol_key number type_code issuer_code "
    "drafting_code symbol_year symbol_form uniqueness_key issued_on title summary "
    "recipients_text confidentiality is_public search_text retired_at retired_reason "
    "issuing_unit_id document_type_id"
)
TASK_COLUMNS = _columns(
    "id created_at updated_at version depth ordinal content expected_product lead_path "
    "assigner_path authority assigned_on kind working_days deadline_on original_deadline_on "
    "weight urgency status progress last_progress_at done_reported_on accepted_on cancelled_on "
    "search_text overdue_since not_updated_since reminded_before_on reminded_due_on "
    "last_reminder_on reminders_after_deadline escalated_on assigned_by_id assigner_unit_id "
    "document_id lead_person_id lead_unit_id parent_id"
)
REPORT_COLUMNS = _columns("id percent text reported_at is_done_report reporter_id task_id")
COORDINATOR_COLUMNS = _columns("id unit_path task_id unit_id")
EXTENSION_COLUMNS = _columns(
    "id created_at updated_at version current_deadline_on proposed_deadline_on reason status "
    "decided_at decision_note decided_by_id requested_by_id task_id"
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
            )


@dataclass
class Streams:
    tasks: Callable[[Sequence[Any]], None]
    reports: Callable[[Sequence[Any]], None]
    coordinators: Callable[[Sequence[Any]], None]
    extensions: Callable[[Sequence[Any]], None]


@dataclass
class TaskCounts:
    tasks: int = 0
    reports: int = 0
    coordinators: int = 0
    extensions: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


def generate_tasks(
    n: int, tree: Tree, docs: Docs, cal: Calendar, bench: BenchUsers, rng: random.Random, out: Streams
) -> TaskCounts:
    """Stream ``n`` tasks with their reports, coordinators and extensions into ``out``."""
    from mandate.core.text import fold

    rnd = rng.random
    day = cal.day
    working = cal.working
    yesterday = cal.sweep_day - 1  # the marks are those of the daily sweeps up to this day
    last_working_index = bisect.bisect_right(working, yesterday) - 1
    counts = TaskCounts()
    units = tree.units
    folded_units = [fold(u.name) for u in units]
    folded_topics = [fold(t) for t in TOPICS]
    folded_verbs = [fold(v) for v in VERBS]
    folded_products = [fold(p) for p in PRODUCTS]
    communes = [(p, uid) for p, row in enumerate(tree.ubnd_xa) for uid in row]
    departments = [(p, uid) for p, row in enumerate(tree.departments) for uid in row]
    bench_lead_left = BENCH_LEAD_TASKS
    report_id = coordinator_id = extension_id = 0

    def between(lo: int, hi: int) -> int:
        return lo + int(rnd() * (hi - lo + 1))

    def stamp(offset: int) -> str:
        return f"{day(offset)} {8 + int(rnd() * 9):02d}:{int(rnd() * 60):02d}:{int(rnd() * 60):02d}+07"

    def recent_report_day(assigned: int) -> int | None:
        if assigned + 1 > -1:
            return None
        offset = -1 - int(rnd() * 14) if rnd() < 0.7 else -15 - int(rnd() * 105)
        return max(offset, assigned + 1)

    for task_id in range(1, n + 1):
        # --- who leads, who assigns, under which document
        r = rnd()
        if r < 0.80:
            province, lead = communes[int(rnd() * len(communes))]
            assigner = tree.ubnd_tinh[province] if rnd() < 0.7 else tree.departments[province][int(rnd() * 4)]
        elif r < 0.95:
            province, lead = departments[int(rnd() * len(departments))]
            assigner = tree.ubnd_tinh[province]
        else:
            province = int(rnd() * len(tree.provinces))
            lead, assigner = tree.ubnd_tinh[province], tree.office
        lead_unit, assigner_unit = units[lead - 1], units[assigner - 1]

        # --- status and dates (offsets from today)
        s = rnd()
        status = next(label for label, share in STATUS_MIX if s < share)
        kind = "deadline"
        deadline: int | None = None
        working_days: int | None = None
        done = accepted = cancelled = None
        duration = 10 + int(rnd() * 170)
        if status == "regular":
            kind, status = "regular", ("in_progress" if rnd() < 0.9 else "assigned")
            assigned = between(-1095, -1)
        else:
            if status == "accepted":
                deadline = between(-1065, 120)
            elif status in ("in_progress", "assigned"):
                deadline = between(1, 365)
            elif status == "overdue":
                deadline = -min(int(rng.expovariate(1 / 120)), 700)
                status = "in_progress" if rnd() < 0.75 else "assigned"
            elif status == "reported":
                deadline = between(-60, 150)
            elif status == "returned":
                deadline = between(-200, 200)
            else:
                deadline = between(-1000, 300)
            latest_assignment = 0 if status in ("in_progress", "assigned") and deadline > 0 else -2
            assigned = min(deadline - duration, latest_assignment - int(rnd() * 20))
            if rnd() < 0.25:  # "N working days from assignment", by the application's calendar
                k = bisect.bisect_right(working, deadline) - 1
                n_days = (5, 10, 15, 20, 30)[int(rnd() * 5)]
                snapped, start = working[k], working[k - n_days]
                if start <= latest_assignment and (snapped > 0) == (deadline > 0):
                    deadline, assigned, working_days = snapped, start, n_days
            if status in ("accepted", "reported"):
                if status == "accepted" and rnd() < 0.15 and deadline <= -2:
                    done = between(deadline + 1, min(deadline + 60, -1))
                elif status == "reported":
                    done = between(max(assigned + 1, -30), -1)
                else:
                    done = between(assigned + 1, min(deadline, -1))
                if status == "accepted":
                    accepted = min(done + int(rnd() * 8), 0)
            elif status == "cancelled":
                cancelled = between(assigned + 1, -1)

        # --- people
        people = lead_unit.people_start, lead_unit.people_count
        lead_person: int | None = None
        if lead == bench.commune_ubnd and bench_lead_left > 0:
            lead_person, bench_lead_left = bench.commune, bench_lead_left - 1
        elif rnd() < 0.4:
            lead_person = people[0] + int(rnd() * people[1])
        reporter = lead_person or people[0] + int(rnd() * people[1])

        # --- progress reports: (day, stamp, percent, done?)
        reports: list[tuple[int, str, int, bool]] = []
        if status in ("accepted", "reported"):
            assert done is not None
            if rnd() < 0.3 and assigned + 1 < done:
                d = between(assigned + 1, done - 1)
                reports.append((d, stamp(d), between(20, 90), False))
            reports.append((done, stamp(done), 100, True))
        elif status == "in_progress":
            last = recent_report_day(assigned) if rnd() < 0.9 else None
            if last is not None:
                if rnd() < 0.3 and assigned + 1 < last:
                    d = between(assigned + 1, last - 1)
                    reports.append((d, stamp(d), between(5, 40), False))
                reports.append((last, stamp(last), between(40, 95), False))
            if kind == "regular" and last is not None:
                for back in (30, 60):
                    if last - back > assigned:
                        d = last - back - int(rnd() * 5)
                        reports.insert(0, (d, stamp(d), between(5, 40), False))
        elif status in ("returned", "cancelled") and rnd() < 0.5:
            end = cancelled if cancelled is not None else -1
            if assigned + 1 <= end:
                d = between(assigned + 1, end)
                reports.append((d, stamp(d), between(5, 60), False))
        latest = max(reports, key=lambda rep: rep[1]) if reports else None
        progress = 100 if status in ("accepted", "reported") else (latest[2] if latest else 0)

        # --- the sweep's marks, as if it had run every day up to ``yesterday``
        overdue_since = not_updated_since = reminded_before = reminded_due = last_reminder = None
        escalated = None
        reminders = 0
        if status in OPEN:
            last_day = latest[0] if latest else None
            stale_from = max(assigned, last_day if last_day is not None else assigned) + NOT_UPDATED_DAYS
            if stale_from <= yesterday:
                not_updated_since = day(stale_from)
            if deadline is not None:
                k = bisect.bisect_left(working, deadline)
                first_reminder = max(assigned, working[k - 3])
                if first_reminder < deadline and first_reminder <= yesterday:
                    reminded_before = day(first_reminder)
                if deadline <= yesterday:
                    overdue_since = reminded_due = day(deadline)
                    reminders = max(0, (last_working_index - k) // 3)
                    if reminders:
                        last_reminder = day(working[k + 3 * reminders])
                    if reminders >= 3:
                        escalated = day(working[k + 9])

        # --- the document, issued on or before the assignment
        issued = docs.days[assigner]
        j = bisect.bisect_right(issued, assigned)
        pick = j - 1 - int(rnd() * min(j, 15))
        document = docs.ids[assigner][pick]
        symbol, folded_symbol = docs.symbols[assigner][pick]

        topic = int(rnd() * len(TOPICS))
        verb = int(rnd() * len(VERBS))
        product = int(rnd() * len(PRODUCTS))
        ordinal = str(1 + int(rnd() * 30))
        content = f"{VERBS[verb]} {TOPICS[topic]} theo {symbol} ({lead_unit.name})"
        search_text = (
            f"{ordinal} {folded_verbs[verb]} {folded_topics[topic]} theo {folded_symbol} "
            f"({folded_units[lead - 1]}) {folded_products[product]}"
        )
        if task_id <= 200:  # the shortcut must give what the application computes
            assert search_text == fold(f"{ordinal} {content} {PRODUCTS[product]}"), (search_text, content)

        original = deadline
        if deadline is not None and status != "assigned" and rnd() < 0.03:
            asked = deadline - between(7, 45)
            if asked > assigned:
                original = asked
                extension_id += 1
                decided = min(asked, -1)
                out.extensions(
                    (
                        extension_id,
                        stamp(decided - 3),
                        stamp(decided),
                        2,
                        day(asked),
                        day(deadline),
                        "Xin gia hạn do khối lượng công việc lớn.",
                        "approved",
                        stamp(decided),
                        "Đồng ý.",
                        assigner_unit.people_start,
                        reporter,
                        task_id,
                    )
                )

        u = rnd()
        urgency = (
            "normal" if u < 0.85 else "urgent" if u < 0.95 else "very_urgent" if u < 0.99 else "immediate"
        )
        created = stamp(assigned)
        updated = latest[1] if latest else created
        version = 1 + len(reports) + (status != "assigned") + (accepted is not None) + (cancelled is not None)
        out.tasks(
            (
                task_id,
                created,
                updated,
                version,
                1,
                ordinal,
                content,
                PRODUCTS[product],
                lead_unit.path,
                assigner_unit.path,
                "",
                day(assigned),
                kind,
                working_days,
                None if deadline is None else day(deadline),
                None if original is None else day(original),
                between(1, 10) if rnd() < 0.1 else None,
                urgency,
                status,
                progress,
                latest[1] if latest else None,
                None if done is None else day(done),
                None if accepted is None else day(accepted),
                None if cancelled is None else day(cancelled),
                search_text,
                overdue_since,
                not_updated_since,
                reminded_before,
                reminded_due,
                last_reminder,
                reminders,
                escalated,
                assigner_unit.people_start,
                assigner,
                document,
                lead_person,
                lead,
                None,
            )
        )
        for _day, rep_stamp, percent, is_done in reports:
            report_id += 1
            out.reports(
                (
                    report_id,
                    percent,
                    "Đã hoàn thành." if is_done else REPORT_TEXTS[report_id % 4],
                    rep_stamp,
                    is_done,
                    reporter,
                    task_id,
                )
            )
        if rnd() < 0.10:
            if lead_unit.level == "commune":
                pool = tree.ubnd_xa[province] + tree.departments[province]
            else:
                pool = tree.departments[province]
            chosen = {pool[int(rnd() * len(pool))] for _ in range(1 if rnd() < 0.7 else 2)} - {lead}
            for unit_id in sorted(chosen):
                coordinator_id += 1
                out.coordinators((coordinator_id, units[unit_id - 1].path, task_id, unit_id))
        label = status if kind == "deadline" else "regular"
        counts.by_status[label] = counts.by_status.get(label, 0) + 1
    counts.tasks, counts.reports = n, report_id
    counts.coordinators, counts.extensions = coordinator_id, extension_id
    return counts


# --- orchestration --------------------------------------------------------------------------------


TIME_ZONE = "Asia/Ho_Chi_Minh"  # the application's (config/settings.py)

# The state spans the services would have written (ADR 0020), from the columns and the approved
# extensions: a span starts at assignment, at an approved extension's decision, at acceptance and
# at cancellation (where the task stops existing).
STATE_SPANS = f"""
    WITH ext AS (
        SELECT task_id, max((decided_at AT TIME ZONE '{TIME_ZONE}')::date) AS day
        FROM tasks_extensionrequest WHERE status = 'approved' GROUP BY task_id
    ), points AS (
        SELECT id, assigned_on AS day FROM tasks_task
        UNION SELECT e.task_id, greatest(e.day, t.assigned_on)
            FROM ext e JOIN tasks_task t ON t.id = e.task_id
        UNION SELECT id, greatest(coalesce(accepted_on, done_reported_on), assigned_on) FROM tasks_task
            WHERE status = 'accepted'
        UNION SELECT id, greatest(cancelled_on, assigned_on) FROM tasks_task
            WHERE status = 'cancelled' AND cancelled_on IS NOT NULL
    ), spans AS (
        SELECT id, day AS valid_from, lead(day) OVER (PARTITION BY id ORDER BY day) AS valid_to FROM points
    )
    INSERT INTO tasks_taskstatespan (task_id, top_level, lead_path, kind, assigned_on, deadline_on,
        done_reported_on, accepted_on, valid_from, valid_to)
    SELECT t.id, t.parent_id IS NULL, t.lead_path, t.kind, t.assigned_on,
        CASE WHEN e.day IS NOT NULL AND s.valid_from < e.day
             THEN coalesce(t.original_deadline_on, t.deadline_on) ELSE t.deadline_on END,
        CASE WHEN t.status = 'accepted' AND s.valid_from >= coalesce(t.accepted_on, t.done_reported_on)
             THEN t.done_reported_on END,
        CASE WHEN t.status = 'accepted' AND s.valid_from >= coalesce(t.accepted_on, t.done_reported_on)
             THEN coalesce(t.accepted_on, t.done_reported_on) END,
        s.valid_from, s.valid_to
    FROM spans s JOIN tasks_task t ON t.id = s.id LEFT JOIN ext e ON e.task_id = t.id
    WHERE NOT (t.status = 'cancelled' AND s.valid_from >= t.cancelled_on)
"""  # noqa: S608  (the only interpolated value is the TIME_ZONE constant)


def _has_app_data(cur: psycopg.Cursor[Any]) -> bool:
    for table in ("people_user", "organisations_orgunit", "tasks_task", "documents_document"):
        if table_exists(cur, table):
            cur.execute(sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(sql.Identifier(table)))
            row = cur.fetchone()
            if row and row[0]:
                return True
    return False


def _migrate() -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    connection.close()


def schema_fingerprint() -> str:
    """The applied migrations, hashed: a data set is kept only for the schema it was loaded into."""
    with connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT app || '.' || name FROM django_migrations ORDER BY app, name")
        names = "\n".join(row[0] for row in cur.fetchall())
    return hashlib.sha256(names.encode()).hexdigest()[:16]


def refresh_rollups() -> str:
    """Call the application's roll-up refresh, if it has one (``mandate.tasks.rollups``)."""
    if importlib.util.find_spec("mandate.tasks.rollups") is None:
        return "no mandate.tasks.rollups: nothing to refresh"
    module = importlib.import_module("mandate.tasks.rollups")
    preferred = ("refresh_all", "refresh", "rebuild_all", "rebuild", "refresh_rollups", "rebuild_rollups")
    names = [n for n in preferred if hasattr(module, n)] + sorted(
        n for n in dir(module) if n.startswith(("refresh", "rebuild")) and n not in preferred
    )
    from django.db import connection
    from django.utils import timezone

    for name in names:
        function = getattr(module, name)
        if not inspect.isfunction(function):
            continue
        required = [
            p.name
            for p in inspect.signature(function).parameters.values()
            if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
        if not set(required) <= {"day", "on"}:
            continue
        arguments = {p: timezone.localdate() for p in required}  # the day the questions are asked
        started = time.perf_counter()
        result = function(**arguments)
        connection.close()
        shown = ", ".join(f"{k}={v.isoformat()}" for k, v in arguments.items())
        return f"mandate.tasks.rollups.{name}({shown}) -> {result!r} in {time.perf_counter() - started:.1f} s"
    return "mandate.tasks.rollups has no public refresh function taking at most a day: skipped"


def _reset_schema() -> None:
    with connect(autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def ensure(*, tasks: int, seed: int = 1, params: dict[str, int] | None = None, force: bool = False) -> Meta:
    """The data set of this size in the database: kept if it is there, generated if not."""
    params = {**DEFAULTS, **(params or {})}
    with connect(autocommit=True) as conn, conn.cursor() as cur:
        ours = table_exists(cur, "bench_meta")
        if not ours and _has_app_data(cur):
            raise BenchError(
                "this database holds application data that the benchmark did not generate (no bench_meta "
                "table); it would be wiped. Point DATABASE_URL at a database of its own, e.g. mandate_bench."
            )
    _migrate()
    with connect() as conn, conn.cursor() as cur:
        meta = read_meta(cur)
        has_data = _has_app_data(cur)
    same = meta is not None and meta.tasks == tasks and meta.seed == seed and meta.params == params
    if meta is not None and same and meta.info.get("schema") == schema_fingerprint() and not force:
        print(f"bench: data set of {tasks:,} tasks (seed {seed}) is there; {refresh_rollups()}.", flush=True)
        return meta
    if same and not force:
        # New migrations (an index, a storage parameter, a column) apply to a fresh load the way
        # they would to a table loaded today; regenerating keeps the data set what a load gives.
        print("bench: the schema changed since the data set was generated (new migrations).", flush=True)
    if ours or has_data:
        print("bench: dropping the previous data set (DROP SCHEMA public CASCADE) …", flush=True)
        _reset_schema()
        _migrate()
    return generate(tasks=tasks, seed=seed, params=params)


def generate(*, tasks: int, seed: int, params: dict[str, int]) -> Meta:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    started = time.perf_counter()
    phases: dict[str, float] = {}

    def phase(name: str, since: float) -> float:
        now = time.perf_counter()
        phases[name] = round(now - since, 1)
        print(f"bench:   {name}: {phases[name]:.1f} s", flush=True)
        return now

    rng = random.Random(seed)  # noqa: S311  (synthetic data, not secrets)
    today = timezone.localdate()
    cal = Calendar.build(today)
    tree = build_tree(params, rng)
    bench = choose_bench_users(tree)
    password = make_password(PASSWORD)
    created = f"{cal.day(-1800)} 08:00:00+07"
    print(f"bench: generating {tasks:,} tasks, {params} (seed {seed}) …", flush=True)
    with connect() as main:
        main.execute(META_DDL)
        main.execute("DELETE FROM bench_meta")
        main.commit()
        deferred = drop_secondary(main, LOADED_TABLES)
        t = phase("drop secondary indexes", started)
        copy_rows(main, "organisations_orgunit", UNIT_COLUMNS, unit_rows(tree, created))
        users, persons, positions = people_rows(tree, bench, rng, password, created)
        copy_rows(main, "people_user", USER_COLUMNS, users)
        copy_rows(main, "people_person", PERSON_COLUMNS, persons)
        copy_rows(main, "people_position", POSITION_COLUMNS, positions)
        main.commit()
        t = phase("units and people", t)
        with main.cursor() as cur:
            cur.execute("SELECT slug, id FROM documents_documenttype")
            type_ids: dict[str, int] = dict(cur.fetchall())
        docs = Docs()
        copy_rows(
            main,
            "documents_document",
            DOCUMENT_COLUMNS,
            document_rows(tree, cal, rng, params["documents"], type_ids, docs, created),
        )
        main.commit()
        t = phase("documents", t)
        counts = _load_tasks(tasks, tree, docs, cal, bench, rng)
        t = phase("tasks, reports, coordinators, extensions", t)
        with main.cursor() as cur:
            cur.execute(
                "INSERT INTO documents_documentrecipient (document_id, unit_id, kind) "
                "SELECT document_id, lead_unit_id, 'tasks' FROM tasks_task "
                "UNION SELECT t.document_id, c.unit_id, 'tasks' FROM tasks_taskcoordinator c "
                "JOIN tasks_task t ON t.id = c.task_id"
            )
            cur.execute(STATE_SPANS)
        main.commit()
        t = phase("document reach and state spans (set-based)", t)
        restore_secondary(main, deferred)
        t = phase("indexes and constraints rebuilt", t)
        with main.cursor() as cur:
            for table in LOADED_TABLES:
                cur.execute(
                    sql.SQL(
                        "SELECT setval(pg_get_serial_sequence(%s, 'id'), coalesce(max(id), 1), "
                        "max(id) IS NOT NULL) FROM {}"
                    ).format(sql.Identifier(table)),
                    [table],
                )
        main.commit()
    with connect(autocommit=True) as conn:
        for table in LOADED_TABLES:
            conn.execute(sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(table)))
    t = phase("vacuum and analyse", t)
    rollups = refresh_rollups()
    print(f"bench:   {rollups}", flush=True)
    t = phase("roll-ups", t)
    seconds = round(time.perf_counter() - started, 1)
    with connect() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
            "WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace ORDER BY 2 DESC LIMIT 12"
        )
        sizes = {name: round(size / 2**20, 1) for name, size in cur.fetchall()}
        cur.execute("SELECT pg_database_size(current_database())")
        row = cur.fetchone()
        database_mb = round(int(row[0]) / 2**20, 1) if row else 0.0
        p = bench.province_index
        commune_area = tree.unit(bench.commune_ubnd).area_id
        info: dict[str, Any] = {
            "schema": schema_fingerprint(),
            "today": today.isoformat(),
            "sweep_day": (today + dt.timedelta(days=cal.sweep_day)).isoformat(),
            "seconds": seconds,
            "phases": phases,
            "rollups": rollups,
            "database_mb": database_mb,
            "table_mb": sizes,
            "rows": {
                "units": len(tree.units),
                "people": params["people"],
                "documents": params["documents"],
                "tasks": counts.tasks,
                "progress_reports": counts.reports,
                "coordinators": counts.coordinators,
                "extensions": counts.extensions,
            },
            "by_status": counts.by_status,
            "users": {
                "national": {"username": "bench.national", "user_id": bench.national, "unit_id": tree.root},
                "province": {
                    "username": "bench.province",
                    "user_id": bench.province,
                    "unit_id": tree.provinces[p],
                    "communes": len(tree.communes[p]),
                },
                "vanphong": {
                    "username": "bench.vanphong",
                    "user_id": bench.vanphong,
                    "unit_id": tree.provinces[p],
                    "ubnd_id": tree.ubnd_tinh[p],
                },
                "commune": {
                    "username": "bench.commune",
                    "user_id": bench.commune,
                    "unit_id": commune_area,
                    "ubnd_id": bench.commune_ubnd,
                },
            },
            "password": PASSWORD,
        }
        cur.execute(
            "INSERT INTO bench_meta (tasks, generated_at, seed, generator_version, params, info) "
            "VALUES (%s, now(), %s, %s, %s, %s)",
            [tasks, seed, GENERATOR_VERSION, Jsonb(params), Jsonb(info)],
        )
        conn.commit()
    write_json(OUT_DIR / "dataset.json", {"tasks": tasks, "seed": seed, "params": params, **info})
    print(f"bench: generated {tasks:,} tasks in {seconds:.0f} s; database {database_mb:,.0f} MB.", flush=True)
    return Meta(tasks=tasks, seed=seed, params=params, info=info)


def _load_tasks(
    n: int, tree: Tree, docs: Docs, cal: Calendar, bench: BenchUsers, rng: random.Random
) -> TaskCounts:
    """Four COPY streams at once, one connection each, fed from one pass of the generator."""
    with ExitStack() as stack:
        copies = []
        for table, columns in (
            ("tasks_task", TASK_COLUMNS),
            ("tasks_progressreport", REPORT_COLUMNS),
            ("tasks_taskcoordinator", COORDINATOR_COLUMNS),
            ("tasks_extensionrequest", EXTENSION_COLUMNS),
        ):
            conn = stack.enter_context(connect())
            cur = stack.enter_context(conn.cursor())
            _columns_check(cur, table, columns)
            cur.execute("SET synchronous_commit = off")
            copies.append(stack.enter_context(cur.copy(_copy_statement(table, columns))))
        streams = Streams(copies[0].write_row, copies[1].write_row, copies[2].write_row, copies[3].write_row)
        counts = generate_tasks(n, tree, docs, cal, bench, rng, streams)
    return counts


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--tasks", type=int, default=DEFAULT_TASKS)
    parser.add_argument("--seed", type=int, default=1)
    for name, value in DEFAULTS.items():
        parser.add_argument(f"--{name}", type=int, default=value)
    parser.add_argument("--force", action="store_true", help="regenerate even if the data set is there")
    args = parser.parse_args(argv)
    setup_django()
    ensure(tasks=args.tasks, seed=args.seed, params={k: getattr(args, k) for k in DEFAULTS}, force=args.force)


if __name__ == "__main__":
    main()
