"""The synthetic country of the data set: its units (a materialised path tree), the names, the
allocation of people to units, and the calendar of day offsets (``bench.generate``)."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

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
