"""The demo city, part 1: Hanoi's organisation tree, its 2025 reorganisation, the people the seeds
name, the demo accounts and the documents the seeds cite.

Why only through the services: the demo is also the first real use of them. Every unit, person,
position and document below is written by the same functions the API and the pages call, with
``actor=None`` (the system), so the audit trail of a fresh demo is complete and verifiable, and a
rule the services enforce (a unit cannot be retired while it has living children, a symbol must fit
its document type) is enforced on the demo data too.

What is real and what is chosen
    * Units: see ``mandate.dev.hanoi_units``.
    * People: the nine people the seeds name, with the positions the seeds give them. Their
      positions span the calendar year in which a seed shows them in it (2023 or 2024); their real
      terms of office are not asserted.
    * Accounts and the persons behind them are synthetic, and their names say so ("(demo)").
    * Documents: symbols, issuers and the dates the seeds give are real; the other dates, and the
      subjects of the documents whose subject the seeds do not give, are chosen and marked so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from django.db import transaction
from django.utils import timezone

from mandate.dev.demo_tasks import DemoTasks, load_demo_tasks
from mandate.dev.hanoi_units import (
    ALL_2023_DISTRICT_KEYS,
    CENTRAL_ROOT,
    DISTRICT_SUCCESSORS,
    HANOI_2023,
    MERGES_2025,
    REORGANISATION_ON,
    RETIRED_ON,
    MergeSpec,
    UnitSpec,
    iter_units,
)
from mandate.documents import services as document_services
from mandate.documents.enums import RelationKind
from mandate.documents.models import Document, DocumentType
from mandate.organisations import services as unit_services
from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import unit_list
from mandate.people import services as people_services
from mandate.people.enums import PositionKind, Role
from mandate.people.models import Person, Position, User

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "DemoAccount",
    "DemoCity",
    "demo_loaded",
    "load_demo_city",
]

DEMO_PASSWORD = "mandate-demo"

# Valid-from dates of the 2023 units. Any day early enough that every demo date (documents from
# 2019, positions from 2021) falls inside them: Hanoi's units from 1 Aug 2008, the day Hanoi took in
# Hà Tây province (so every one of the 30 districts and towns existed); the central bodies from
# 2 Sep 1945, the founding of the State. Neither is the real founding date of each body.
HANOI_UNITS_FROM = dt.date(2008, 8, 1)
CENTRAL_UNITS_FROM = dt.date(1945, 9, 2)

# The demo accounts hold their positions from this day, before every document and task of the demo.
ACCOUNTS_FROM = dt.date(2021, 1, 1)

REORGANISED_ON = dt.date.fromisoformat(REORGANISATION_ON)
LAST_DAY_BEFORE_REORGANISATION = dt.date.fromisoformat(RETIRED_ON)

MERGE_REASON = "Sắp xếp đơn vị hành chính cấp xã, Nghị quyết 1656/NQ-UBTVQH15 (16/06/2025)"
RETIRE_REASON = (
    "Chính quyền địa phương hai cấp từ 01/07/2025: kết thúc hoạt động cấp huyện; sắp xếp đơn vị "
    "hành chính cấp xã, Nghị quyết 1656/NQ-UBTVQH15 (16/06/2025)"
)


class Writer(Protocol):
    """Where progress goes: a text stream, or a management command's ``self.stdout``."""

    def write(self, s: str, /) -> object: ...


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    who: str  # Vietnamese, as the README and the ``demo`` command list it
    who_en: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", "Nguyễn Văn Quản Trị (demo)", "Quản trị hệ thống", "administrator"),
    DemoAccount(
        "vanphong",
        "Trần Văn Phòng (demo)",
        "Chuyên viên Văn phòng Thành ủy: theo dõi toàn thành phố, đăng ký văn bản",
        "specialist of the City Party Committee's Office: reads the whole city, registers documents",
    ),
    DemoAccount(
        "chanhvanphong",
        "Lê Văn Chánh (demo)",
        "Chánh Văn phòng Thành ủy",
        "leader: Chief of the City Party Committee's Office",
    ),
    DemoAccount(
        "sovhtt",
        "Phạm Văn Giám Đốc (demo)",
        "Giám đốc Sở Văn hóa và Thể thao, Bí thư Đảng ủy Sở",
        "Director of the Department of Culture and Sports and Secretary of its Party Committee",
    ),
    DemoAccount(
        "chuyenvien.vhtt",
        "Hoàng Thị Chuyên Viên (demo)",
        "Chuyên viên Phòng Quản lý Văn hóa, Sở Văn hóa và Thể thao",
        "official of the Department of Culture and Sports",
    ),
    DemoAccount(
        "sotttt",
        "Vũ Văn Thông Tin (demo)",
        "Giám đốc Sở Thông tin và Truyền thông",
        "Director of the Department of Information and Communications",
    ),
    DemoAccount(
        "bavi",
        "Đỗ Văn Ba Vì (demo)",
        "Chủ tịch UBND huyện Ba Vì, từ 01/07/2025 Chủ tịch UBND xã Quảng Oai",
        "Chairman of Ba Vì District's People's Committee; from 1 Jul 2025 of Quảng Oai Commune's",
    ),
)


@dataclass(frozen=True)
class DemoCity:
    """What a test or the ``demo`` command needs to find the demo's records again."""

    units: Mapping[str, int]  # unit key (mandate.dev.hanoi_units) -> OrgUnit id
    documents: Mapping[str, int]  # symbol as registered -> Document id
    people: Mapping[str, int]  # full name -> Person id
    usernames: tuple[str, ...]
    tasks: DemoTasks | None = None  # part 2 (mandate.dev.demo_tasks), once loaded


@dataclass(frozen=True)
class _Held:
    """A position as the demo gives it; see ``people.services.position_assign``."""

    unit: str
    title: str
    title_en: str
    role: str
    valid_from: dt.date
    valid_to: dt.date | None = None
    is_head: bool = False
    is_deputy: bool = False
    scope_unit: str | None = None
    # A declared delegation: the unit whose authority the position carries, and its basis.
    acts_for: str | None = None
    acts_for_basis: str = ""


# The Standing Committee's authority is exercised by its Office's staff (the Office assigns and
# accepts on its behalf): a declared delegation, docs/adr/0018-acting-for-a-unit.md.
STANDING_COMMITTEE = "ban_thuong_vu_thanh_uy"
STANDING_DELEGATION = "Quy chế làm việc của Ban Thường vụ Thành ủy (demo)"


@dataclass(frozen=True)
class _DocumentSpec:
    symbol: str  # as the seed writes it
    type_slug: str  # mandate.documents.catalogue
    issuer: str  # unit key
    issued_on: dt.date
    title: str
    summary: str = ""
    recipients: tuple[str, ...] = ()  # unit keys
    recipients_text: str = ""
    is_public: bool = False
    implements: tuple[str, ...] = ()  # symbols registered before this one


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


_Y2023 = _year(2023)
_Y2024 = _year(2024)


def _seed_held(
    unit: str,
    title: str,
    title_en: str,
    span: tuple[dt.date, dt.date],
    *,
    head: bool = False,
    deputy: bool = False,
) -> _Held:
    return _Held(unit, title, title_en, Role.LEADER, span[0], span[1], is_head=head, is_deputy=deputy)


# The people the seeds name ("People and positions" in seed-facts.md), without accounts. Each
# position spans the calendar year in which a seed shows the person in it (chosen for the demo).
SEED_PEOPLE: tuple[tuple[str, tuple[_Held, ...]], ...] = (
    (
        "Đinh Tiến Dũng",
        (
            _seed_held(
                "thanh_uy_ha_noi",
                "Bí thư Thành ủy",
                "Secretary of the City Party Committee",
                _Y2023,
                head=True,
            ),
            _Held("bo_chinh_tri", "Ủy viên Bộ Chính trị", "Member of the Politburo", Role.VIEWER, *_Y2023),
        ),
    ),
    (
        "Nguyễn Văn Phong",
        (
            _seed_held(
                "thanh_uy_ha_noi",
                "Phó Bí thư Thành ủy",
                "Deputy Secretary of the City Party Committee",
                _Y2024,
                deputy=True,
            ),
        ),
    ),
    (
        "Phùng Thị Hồng Hà",
        (
            _seed_held(
                "hdnd_ha_noi",
                "Phó Chủ tịch Thường trực HĐND thành phố",
                "Permanent Vice Chairwoman of the City People's Council",
                _Y2024,
                deputy=True,
            ),
            _seed_held(
                "ban_thuong_vu_thanh_uy",
                "Ủy viên Ban Thường vụ Thành ủy",
                "Member of the Standing Committee of the City Party Committee",
                _Y2024,
            ),
        ),
    ),
    (
        "Nguyễn Tiến Sỹ",
        (
            _seed_held(
                "so_thong_tin_truyen_thong",
                "Phó Giám đốc Sở Thông tin và Truyền thông",
                "Deputy Director, Department of Information and Communications",
                _Y2024,
                deputy=True,
            ),
        ),
    ),
    (
        "Trần Thị Vân Anh",
        (
            _seed_held(
                "so_van_hoa_the_thao",
                "Phó Giám đốc Sở Văn hóa và Thể thao",
                "Deputy Director, Department of Culture and Sports",
                _Y2023,
                deputy=True,
            ),
            _seed_held(
                "dang_uy_so_van_hoa_the_thao",
                "Phó Bí thư Thường trực Đảng ủy Sở",
                "Permanent Deputy Secretary of the Department's Party Committee",
                _Y2023,
                deputy=True,
            ),
        ),
    ),
    (
        "Phạm Thị Mỹ Hoa",
        (
            _seed_held(
                "so_van_hoa_the_thao",
                "Phó Giám đốc Sở Văn hóa và Thể thao",
                "Deputy Director, Department of Culture and Sports",
                _Y2023,
                deputy=True,
            ),
            _seed_held(
                "dang_uy_so_van_hoa_the_thao",
                "Phó Bí thư Đảng ủy Sở",
                "Deputy Secretary of the Department's Party Committee",
                _Y2023,
                deputy=True,
            ),
        ),
    ),
    (
        "Phạm Xuân Tài",
        (
            _seed_held(
                "so_van_hoa_the_thao",
                "Phó Giám đốc Sở Văn hóa và Thể thao",
                "Deputy Director, Department of Culture and Sports",
                _Y2023,
                deputy=True,
            ),
            _seed_held(
                "dang_uy_so_van_hoa_the_thao",
                "Ủy viên Ban Thường vụ Đảng ủy Sở",
                "Member of the Standing Committee of the Department's Party Committee",
                _Y2023,
            ),
        ),
    ),
    (
        "Bùi Thúy Bình",
        (
            _seed_held(
                "so_vhtt_phong_to_chuc_phap_che",
                "Phó Trưởng phòng Tổ chức Pháp chế",
                "Deputy Head, Legal Organization Office",
                _Y2023,
                deputy=True,
            ),
        ),
    ),
    (
        "Lê Thị Cẩm Tú",
        (
            _seed_held(
                "so_vhtt_phong_ke_hoach_tai_chinh",
                "Trưởng phòng Kế hoạch Tài chính",
                "Head, Financial Planning Office",
                _Y2023,
                head=True,
            ),
        ),
    ),
)


# Positions of the demo accounts up to the reorganisation (bavi's move is done after it).
ACCOUNT_POSITIONS: dict[str, tuple[_Held, ...]] = {
    "admin": (
        _Held("ha_noi", "Quản trị hệ thống", "System administrator", Role.ADMINISTRATOR, ACCOUNTS_FROM),
    ),
    "vanphong": (
        _Held(
            "van_phong_thanh_uy",
            "Chuyên viên Văn phòng Thành ủy",
            "Specialist, Office of the City Party Committee",
            Role.SPECIALIST,
            ACCOUNTS_FROM,
            scope_unit="ha_noi",
            acts_for=STANDING_COMMITTEE,
            acts_for_basis=STANDING_DELEGATION,
        ),
    ),
    "chanhvanphong": (
        _Held(
            "van_phong_thanh_uy",
            "Chánh Văn phòng Thành ủy",
            "Chief of the Office of the City Party Committee",
            Role.LEADER,
            ACCOUNTS_FROM,
            is_head=True,
            scope_unit="ha_noi",
            acts_for=STANDING_COMMITTEE,
            acts_for_basis=STANDING_DELEGATION,
        ),
    ),
    "sovhtt": (
        _Held(
            "so_van_hoa_the_thao",
            "Giám đốc Sở Văn hóa và Thể thao",
            "Director, Department of Culture and Sports",
            Role.LEADER,
            ACCOUNTS_FROM,
            is_head=True,
        ),
        _Held(
            "dang_uy_so_van_hoa_the_thao",
            "Bí thư Đảng ủy Sở",
            "Secretary of the Department's Party Committee",
            Role.LEADER,
            ACCOUNTS_FROM,
            is_head=True,
        ),
    ),
    "chuyenvien.vhtt": (
        _Held(
            "so_vhtt_phong_quan_ly_van_hoa",
            "Chuyên viên",
            "Official, Cultural Management Office",
            Role.OFFICIAL,
            ACCOUNTS_FROM,
            scope_unit="so_van_hoa_the_thao",
            acts_for="so_van_hoa_the_thao",
            acts_for_basis="Quyết định phân công của Giám đốc Sở (demo)",
        ),
    ),
    "sotttt": (
        _Held(
            "so_thong_tin_truyen_thong",
            "Giám đốc Sở Thông tin và Truyền thông",
            "Director, Department of Information and Communications",
            Role.LEADER,
            ACCOUNTS_FROM,
            is_head=True,
        ),
    ),
    "bavi": (
        _Held(
            "ubnd_ba_vi",
            "Chủ tịch UBND huyện Ba Vì",
            "Chairman, Ba Vì District People's Committee",
            Role.LEADER,
            ACCOUNTS_FROM,
            LAST_DAY_BEFORE_REORGANISATION,
            is_head=True,
        ),
    ),
}

# After the reorganisation: the accounts whose unit ended move to its successor.
ACCOUNT_POSITIONS_AFTER: dict[str, tuple[_Held, ...]] = {
    "bavi": (
        _Held(
            "ubnd_xa_quang_oai",
            "Chủ tịch UBND xã Quảng Oai",
            "Chairman, Quảng Oai Commune People's Committee",
            Role.LEADER,
            REORGANISED_ON,
            is_head=True,
        ),
    ),
}

# The seeds' documents (seed-facts.md "Documents"). Dates marked "chosen" are not in the seeds.
# The draft amendment to the Capital Law (Luật Thủ đô) is left out: it has no number and symbol
# yet, and the register keeps only numbered documents.
_ALL_DISTRICT_PARTY_COMMITTEES = "__district_party_committees__"
SEED_DOCUMENTS: tuple[_DocumentSpec, ...] = (
    _DocumentSpec(
        symbol="59/2019/NĐ-CP",
        type_slug="nghi-dinh",
        issuer="chinh_phu",
        issued_on=dt.date(2019, 7, 1),
        title="Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Phòng, chống tham nhũng",
        summary="Quy định việc chuyển đổi vị trí công tác định kỳ của cán bộ, công chức, viên chức.",
        recipients_text="Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ; HĐND, UBND các tỉnh, "
        "thành phố trực thuộc trung ương",
        is_public=True,
    ),
    _DocumentSpec(
        symbol="01-CTr/TU",
        type_slug="chuong-trinh",
        issuer="thanh_uy_ha_noi",
        issued_on=dt.date(2021, 3, 17),  # chosen
        title="Chương trình về tăng cường xây dựng, chỉnh đốn Đảng và hệ thống chính trị; đẩy mạnh cải cách "
        "hành chính giai đoạn 2021-2025",
        summary="34 nội dung, đề án giao 11 cơ quan, đơn vị; Ban Chỉ đạo Chương trình theo dõi, đánh giá.",
        recipients=("ban_chi_dao_ctr_01", "ubnd_ha_noi"),
        recipients_text="Các đảng bộ trực thuộc Thành ủy; các ban đảng, Văn phòng Thành ủy; Ban Chỉ đạo "
        "Chương trình 01-CTr/TU",
    ),
    _DocumentSpec(
        symbol="06/Ctr-TU",  # as seed 000 writes it; officially 06-CTr/TU
        type_slug="chuong-trinh",
        issuer="thanh_uy_ha_noi",
        issued_on=dt.date(2021, 3, 17),  # chosen
        title="Chương trình về phát triển văn hóa, nâng cao chất lượng nguồn nhân lực, xây dựng người Hà Nội "
        "thanh lịch, văn minh giai đoạn 2021-2025",
        recipients=("ubnd_ha_noi", "so_van_hoa_the_thao", "dang_uy_so_van_hoa_the_thao"),
        recipients_text="Các đảng bộ trực thuộc Thành ủy; Ban cán sự đảng UBND Thành phố; "
        "Sở Văn hóa và Thể thao",
    ),
    _DocumentSpec(
        symbol="176/KH-UBND",
        type_slug="ke-hoach",
        issuer="ubnd_ha_noi",
        issued_on=dt.date(2021, 7, 21),  # chosen
        title="Kế hoạch thực hiện Chương trình số 06-CTr/TU của Thành ủy về phát triển văn hóa, nâng cao "
        "chất lượng nguồn nhân lực, xây dựng người Hà Nội thanh lịch, văn minh giai đoạn 2021-2025",
        summary="Cùng Chương trình 06-CTr/TU giao Sở Văn hóa và Thể thao 20 nhiệm vụ.",
        recipients=("so_van_hoa_the_thao",),
        recipients_text="Các sở, ban, ngành Thành phố; UBND các quận, huyện, thị xã",
        implements=("06/Ctr-TU",),
    ),
    _DocumentSpec(
        symbol="02/Ctr-UBND",
        type_slug="chuong-trinh",
        issuer="ubnd_ha_noi",
        issued_on=dt.date(2022, 1, 14),  # chosen
        # The seeds give only the number and the Department's 10 tasks: the title is the demo's.
        title="Chương trình công tác của Ủy ban nhân dân Thành phố (giao Sở Văn hóa và Thể thao 10 nhiệm vụ)",
        recipients=("so_van_hoa_the_thao",),
        recipients_text="Các sở, ban, ngành Thành phố",
    ),
    _DocumentSpec(
        symbol="09-NQ/TU",
        type_slug="nghi-quyet",
        issuer="thanh_uy_ha_noi",
        issued_on=dt.date(2022, 2, 22),  # chosen
        # Subject chosen for the demo (the seeds give none): the cultural industry, which seed 000
        # discusses with the Capital Law.
        title="Nghị quyết về phát triển công nghiệp văn hóa trên địa bàn Thủ đô giai đoạn 2021-2025, định "
        "hướng đến năm 2030, tầm nhìn đến năm 2045",
        summary="Cùng Kế hoạch 217/KH-UBND và 102/KH-UBND giao Sở Văn hóa và Thể thao 32 nhiệm vụ.",
        recipients=("ubnd_ha_noi", "so_van_hoa_the_thao", "dang_uy_so_van_hoa_the_thao"),
        recipients_text="Các đảng bộ trực thuộc Thành ủy; Ban cán sự đảng UBND Thành phố",
    ),
    _DocumentSpec(
        symbol="15-NQ/TW",
        type_slug="nghi-quyet",
        issuer="bo_chinh_tri",
        issued_on=dt.date(2022, 5, 5),
        title="Nghị quyết của Bộ Chính trị về phương hướng, nhiệm vụ phát triển Thủ đô Hà Nội đến năm 2030, "
        "tầm nhìn đến năm 2045",
        recipients=("thanh_uy_ha_noi",),
        recipients_text="Các tỉnh ủy, thành ủy trực thuộc Trung ương; Thành ủy Hà Nội",
        is_public=True,
    ),
    _DocumentSpec(
        symbol="217/KH-UBND",
        type_slug="ke-hoach",
        issuer="ubnd_ha_noi",
        issued_on=dt.date(2022, 9, 5),  # chosen
        # Subject: the demo's reading (seed-facts.md), not the seed's words.
        title="Kế hoạch thực hiện Nghị quyết số 09-NQ/TU của Thành ủy",
        recipients=("so_van_hoa_the_thao",),
        recipients_text="Các sở, ban, ngành Thành phố; UBND các quận, huyện, thị xã",
        implements=("09-NQ/TU",),
    ),
    _DocumentSpec(
        symbol="306/KH-UBND",
        type_slug="ke-hoach",
        issuer="ubnd_ha_noi",
        issued_on=dt.date(2022, 11, 15),  # chosen
        # The seeds give only the number and the Department's 9 tasks: the title is the demo's.
        title="Kế hoạch của Ủy ban nhân dân Thành phố (giao Sở Văn hóa và Thể thao 9 nhiệm vụ)",
        recipients=("so_van_hoa_the_thao",),
        recipients_text="Các sở, ban, ngành Thành phố",
    ),
    _DocumentSpec(
        symbol="47-KH/ĐU",  # seed 000 writes 47-KH/DU
        type_slug="ke-hoach",
        issuer="dang_uy_so_van_hoa_the_thao",
        issued_on=dt.date(2023, 2, 14),
        title="Kế hoạch kiểm tra, giám sát năm 2023 của Đảng ủy Sở Văn hóa và Thể thao",
        recipients_text="Các chi bộ trực thuộc Đảng ủy Sở",
        # Internal to the Department: not public, addressed to nobody outside it.
    ),
    _DocumentSpec(
        symbol="102-KH-UBND",  # as seed 000 writes it; officially 102/KH-UBND
        type_slug="ke-hoach",
        issuer="ubnd_ha_noi",
        issued_on=dt.date(2023, 4, 10),  # chosen
        # Subject: the demo's reading (seed-facts.md), not the seed's words.
        title="Kế hoạch thực hiện Nghị quyết số 09-NQ/TU của Thành ủy năm 2023",
        recipients=("so_van_hoa_the_thao",),
        recipients_text="Các sở, ban, ngành Thành phố; UBND các quận, huyện, thị xã",
        implements=("09-NQ/TU",),
    ),
    _DocumentSpec(
        symbol="24-CT/TU",
        type_slug="chi-thi",
        issuer="ban_thuong_vu_thanh_uy",
        issued_on=dt.date(2023, 8, 7),
        title="Chỉ thị về tăng cường kỷ luật, kỷ cương, trách nhiệm trong giải quyết công việc của hệ thống "
        "chính trị thành phố Hà Nội",
        summary="Sáu nhiệm vụ; phụ lục 12 biểu hiện vi phạm kỷ luật, kỷ cương, 9 biểu hiện né tránh, "
        "đùn đẩy, 4 nội dung bảo vệ cán bộ năng động, sáng tạo.",
        recipients=("ha_noi", _ALL_DISTRICT_PARTY_COMMITTEES),
        recipients_text="Các quận ủy, huyện ủy, thị ủy, đảng ủy trực thuộc Thành ủy; các cơ quan, tổ chức "
        "trong hệ thống chính trị thành phố",
        is_public=True,
    ),
)


class _Loader:
    """One run of the loader: the units, people and documents made so far, by key."""

    def __init__(self, out: Writer | None) -> None:
        self.out = out
        self.units: dict[str, OrgUnit] = {}
        self.documents: dict[str, Document] = {}
        self.people: dict[str, Person] = {}
        self.positions: dict[tuple[str, str], Position] = {}  # (username, unit key) -> position
        self.users: dict[str, User] = {}

    def say(self, message: str) -> None:
        if self.out is not None:
            self.out.write(message + "\n")

    # --- units ------------------------------------------------------------------------------

    def create_tree(self, spec: UnitSpec, parent_key: str | None, valid_from: dt.date) -> None:
        """Create ``spec`` and everything under it, each parent before its children."""
        parent_of = {child.key: unit.key for unit in iter_units(spec) for child in unit.children}
        for unit_spec in iter_units(spec):
            key = parent_of.get(unit_spec.key, parent_key)
            self.units[unit_spec.key] = unit_services.unit_create(
                actor=None,
                parent=None if key is None else self.units[key],
                name=unit_spec.name,
                name_en=unit_spec.name_en,
                code=unit_spec.code,
                kind=unit_spec.kind,
                level=unit_spec.level,
                valid_from=valid_from,
            )

    def retire_below(self, unit: OrgUnit) -> None:
        """Retire everything still living under ``unit``, deepest first.

        Why deepest first: ``unit_retire`` refuses a unit that still has living units under it. These
        units end without successors.
        """
        living = unit_list(on=REORGANISED_ON, within=unit).exclude(pk=unit.pk).order_by("-depth", "path")
        for child in living:
            unit_services.unit_retire(
                actor=None, unit=child, last_day=LAST_DAY_BEFORE_REORGANISATION, reason=RETIRE_REASON
            )

    def retire_subtree(self, unit: OrgUnit, *, reason: str, successors: Sequence[OrgUnit] = ()) -> None:
        """Retire everything under ``unit``, then ``unit`` itself, which ``successors`` take over."""
        self.retire_below(unit)
        unit_services.unit_retire(
            actor=None,
            unit=unit,
            last_day=LAST_DAY_BEFORE_REORGANISATION,
            reason=reason,
            successors=successors,
        )

    def reorganise(self) -> None:
        """The reform of 1 Jul 2025, with the order the services need.

        ``unit_merge`` retires its sources and creates the successor in one step, and refuses to
        retire a unit that still has living units under it. A new commune area and its bodies form
        a cycle: the new bodies need their new area as parent, and the old areas can end only after
        their bodies have been merged away. So a merge whose successor is the parent of other
        merges (a new commune area) is done in three steps: the area is created first, the merges of
        the bodies under it run, and then the old areas are merged into it (``unit_merge_into``).
        """
        parents = {merge.parent_key for merge in MERGES_2025}
        containers = [merge for merge in MERGES_2025 if merge.successor.key in parents]
        for merge in containers:
            self.units[merge.successor.key] = unit_services.unit_create(
                actor=None,
                parent=self.units[merge.parent_key],
                name=merge.successor.name,
                name_en=merge.successor.name_en,
                code=merge.successor.code,
                kind=merge.successor.kind,
                level=merge.successor.level,
                valid_from=REORGANISED_ON,
            )
        for merge in _deepest_sources_first([m for m in MERGES_2025 if m not in containers], self.units):
            self.units[merge.successor.key] = unit_services.unit_merge(
                actor=None,
                sources=[self.units[key] for key in merge.source_keys],
                parent=self.units[merge.parent_key],
                name=merge.successor.name,
                name_en=merge.successor.name_en,
                code=merge.successor.code,
                kind=merge.successor.kind,
                level=merge.successor.level,
                effective_on=REORGANISED_ON,
                reason=MERGE_REASON,
            )
            self.create_children(merge.successor)
        for merge in containers:
            sources = [self.units[key] for key in merge.source_keys]
            for source in sources:
                self.retire_below(source)
            unit_services.unit_merge_into(
                actor=None, sources=sources, successor=self.units[merge.successor.key], reason=MERGE_REASON
            )
            self.create_children(merge.successor)
        for district_key in ALL_2023_DISTRICT_KEYS:
            successors = [self.units[key] for key in DISTRICT_SUCCESSORS.get(district_key, ())]
            self.retire_subtree(self.units[district_key], reason=RETIRE_REASON, successors=successors)

    def create_children(self, spec: UnitSpec) -> None:
        """Units a 2025 successor is given under it directly (none in today's data)."""
        for child in spec.children:
            self.create_tree(child, spec.key, REORGANISED_ON)

    def party_terms(self) -> None:
        # Term dates chosen for the demo: the seeds give only "the 17th Congress, 2020-2025 term".
        # Party symbols are unique per issuer and term, so these dates decide where 24-CT/TU or
        # 47-KH/ĐU could be numbered again.
        city = self.units["thanh_uy_ha_noi"]
        unit_services.party_term_record(
            actor=None,
            unit=city,
            name="Khóa XVII",
            starts_on=dt.date(2020, 10, 17),
            ends_on=dt.date(2025, 10, 15),
        )
        unit_services.party_term_record(
            actor=None, unit=city, name="Khóa XVIII", starts_on=dt.date(2025, 10, 16), ends_on=None
        )
        unit_services.party_term_record(
            actor=None,
            unit=self.units["dang_uy_so_van_hoa_the_thao"],
            name="Nhiệm kỳ 2020-2025",
            starts_on=dt.date(2020, 7, 1),
            ends_on=dt.date(2025, 6, 30),
        )

    # --- people -----------------------------------------------------------------------------

    def assign(
        self,
        person: Person,
        held: _Held,
        *,
        kind: str = PositionKind.REGULAR,
        on_behalf_of: Position | None = None,
    ) -> Position:
        return people_services.position_assign(
            actor=None,
            person=person,
            unit=self.units[held.unit],
            title=held.title,
            title_en=held.title_en,
            role=held.role,
            valid_from=held.valid_from,
            valid_to=held.valid_to,
            scope_unit=None if held.scope_unit is None else self.units[held.scope_unit],
            kind=kind,
            is_head=held.is_head,
            is_deputy=held.is_deputy,
            on_behalf_of=on_behalf_of,
            acts_for=None if held.acts_for is None else self.units[held.acts_for],
            acts_for_basis=held.acts_for_basis,
        )

    def seed_people(self) -> None:
        for full_name, positions in SEED_PEOPLE:
            person = people_services.person_create(actor=None, full_name=full_name)
            self.people[full_name] = person
            for held in positions:
                self.assign(person, held)

    def accounts(self, positions: Mapping[str, tuple[_Held, ...]]) -> None:
        for account in DEMO_ACCOUNTS:
            if account.username not in self.users:
                user = people_services.user_create(
                    actor=None,
                    username=account.username,
                    password=DEMO_PASSWORD,
                    is_superuser=account.username == "admin",
                )
                self.users[account.username] = user
                self.people[account.full_name] = people_services.person_create(
                    actor=None, full_name=account.full_name, user=user
                )
            for held in positions.get(account.username, ()):
                position = self.assign(self.people[account.full_name], held)
                self.positions[(account.username, held.unit)] = position

    def acting_and_delegated(self) -> None:
        """Synthetic holders that show how "Q." (acting) and "TUQ." (by authorisation) sign."""
        acting = people_services.person_create(actor=None, full_name="Ngô Thị Quyền (demo)")
        self.people[acting.full_name] = acting
        self.assign(
            acting,
            _Held(
                "thu_vien_ha_noi",
                "Giám đốc Thư viện Hà Nội",
                "Director, Hanoi Library",
                Role.LEADER,
                ACCOUNTS_FROM,
                is_head=True,
            ),
            kind=PositionKind.ACTING,
        )
        delegated = people_services.person_create(actor=None, full_name="Đặng Văn Thừa Ủy (demo)")
        self.people[delegated.full_name] = delegated
        self.assign(
            delegated,
            _Held(
                "so_vhtt_van_phong",
                "Chánh Văn phòng Sở",
                "Chief of the Department Office",
                Role.SPECIALIST,
                ACCOUNTS_FROM,
            ),
            kind=PositionKind.DELEGATED,
            on_behalf_of=self.positions[("sovhtt", "so_van_hoa_the_thao")],
        )

    # --- documents --------------------------------------------------------------------------

    def seed_documents(self) -> None:
        types = {t.slug: t for t in DocumentType.objects.all()}
        for spec in SEED_DOCUMENTS:
            document = document_services.document_register(
                actor=None,
                document_type=types[spec.type_slug],
                symbol=spec.symbol,
                issuing_unit=self.units[spec.issuer],
                issued_on=spec.issued_on,
                title=spec.title,
                summary=spec.summary,
                recipients_text=spec.recipients_text,
                recipient_units=self.recipient_units(spec.recipients),
                is_public=spec.is_public,
            )
            self.documents[spec.symbol] = document
            for target in spec.implements:
                document_services.document_relate(
                    actor=None, source=document, target=self.documents[target], kind=RelationKind.IMPLEMENTS
                )

    def recipient_units(self, keys: Sequence[str]) -> list[OrgUnit]:
        units: list[OrgUnit] = []
        for key in keys:
            if key == _ALL_DISTRICT_PARTY_COMMITTEES:
                units.extend(self.units[k] for k in _district_party_committee_keys())
            else:
                units.append(self.units[key])
        return units

    def result(self) -> DemoCity:
        return DemoCity(
            units={key: unit.pk for key, unit in self.units.items()},
            documents={symbol: document.pk for symbol, document in self.documents.items()},
            people={name: person.pk for name, person in self.people.items()},
            usernames=tuple(account.username for account in DEMO_ACCOUNTS),
        )


def _district_party_committee_keys() -> list[str]:
    districts = {child.key: child for child in HANOI_2023.children}
    return [
        child.key
        for key in ALL_2023_DISTRICT_KEYS
        for child in districts[key].children
        if child.kind == "party" and child.level == "district"
    ]


def _deepest_sources_first(merges: Sequence[MergeSpec], units: Mapping[str, OrgUnit]) -> list[MergeSpec]:
    """Merges ordered so that a unit is merged only after the units under it (stable otherwise)."""

    def deepest(merge: MergeSpec) -> int:
        return max(int(units[key].depth) for key in merge.source_keys)

    return sorted(merges, key=deepest, reverse=True)


def demo_loaded() -> bool:
    """Whether the demo city is already in the database (its root unit exists)."""
    return bool(OrgUnit.objects.filter(name=HANOI_2023.name, depth=1).exists())


def load_demo_city(*, stdout: Writer | None = None) -> DemoCity:
    """Build the demo city in an empty database, all or nothing, through the services."""
    loader = _Loader(stdout)
    with transaction.atomic():
        loader.create_tree(CENTRAL_ROOT, None, CENTRAL_UNITS_FROM)
        loader.create_tree(HANOI_2023, None, HANOI_UNITS_FROM)
        loader.say(f"Units of 2023: {len(loader.units)}")
        loader.party_terms()
        loader.seed_people()
        loader.accounts(ACCOUNT_POSITIONS)
        loader.acting_and_delegated()
        loader.say(f"People and accounts: {len(loader.people)}")
        loader.seed_documents()
        loader.say(f"Documents: {len(loader.documents)}")
        loader.reorganise()
        loader.accounts(ACCOUNT_POSITIONS_AFTER)
        loader.say(
            f"Reorganisation of {REORGANISED_ON:%d/%m/%Y}: {len(ALL_2023_DISTRICT_KEYS)} districts ended, "
            f"{len(MERGES_2025)} merges"
        )
        city = loader.result()
        # Part 2, in the same transaction: the tasks, with the live ones around today.
        tasks = load_demo_tasks(city=city, today=timezone.localdate(), stdout=stdout)
    return replace(city, tasks=tasks)
