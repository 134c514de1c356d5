"""The organisation tree of the demo city: Hanoi as it stood in 2023, and Ba Vì's part of the 2025 reform.

Pure data. The demo loader turns it into service calls: ``iter_units`` over ``CENTRAL_ROOT`` and
``HANOI_2023`` creates the units, ``MERGES_2025`` becomes ``unit_merge`` calls effective on
``REORGANISATION_ON``, and every district in ``ALL_2023_DISTRICT_KEYS`` (with all units under it)
is retired on ``RETIRED_ON``; ``DISTRICT_SUCCESSORS`` names the units that took a district's territory.

What is real
    * The names of the bodies, written as they are officially written in Vietnamese: the central
      bodies that issue the documents the seeds cite (and the National Assembly Standing Committee,
      which decided the 2025 reorganisation); Thành ủy Hà Nội with its Standing Committee,
      Office, Inspection Commission, Organisation and Propaganda commissions and the Steering
      Committee of Program 01-CTr/TU; the City People's Council and People's Committee; the Fatherland
      Front and the Youth Union; the departments and branches of 2023.
    * The internal offices and public service units of the Department of Culture and Sports, with
      the English names seed 003 gives them, and the Party committees of the Departments of Culture
      and Sports and of Information and Communications (seeds 000, 002, 003).
    * The 30 districts and towns of 2023 (12 urban districts, 1 town, 17 rural districts) and, for
      each of them, communes, wards and townships that belonged to it in 2023. The city then had 579
      commune-level units; only a sample is kept here.
    * The codes TW, CP, QH, BNV, TU, HĐND, UBND, UBKTTU, QU, HU, ThU, ĐU, SVHTT and STTTT, as they appear in
      document symbols ("15-NQ/TW", "59/2019/NĐ-CP", "24-CT/TU", "47-KH/ĐU"...).
    * The two-tier local government came into force on 1 July 2025 (Resolution 1656/NQ-UBTVQH15 of
      the National Assembly Standing Committee, 16 June 2025): the 30 districts were abolished and the
      city now has 126 commune-level units, among them the communes Quảng Oai and Yên Bài.

What is chosen for the demo
    * The sample: three communes per district, six for Ba Vì, the district the demo uses.
    * The 22 departments and branches of the administrative-reform ranking (seed 002 gives only the
      number): 18 departments (Sở), the City Inspectorate, the Ethnic Minorities Committee, the
      Industrial and Export Processing Zones Authority and the Office of the City People's
      Committee. So that the field is exactly 22 units of level "department" under the People's
      Committee, its Office is one of them, with level "department" rather than "office".
    * The other codes (the departments' SNV, SKHĐT..., the offices' VP, KHTC..., VPTU, BTCTU, BTGTU,
      TĐTN, UBTVQH): the usual initials, not checked against each body's own document symbols.
      "" where none is given (areas, the Steering Committee, public service units, the Family Life Office).
    * Levels of the Party's advisory commissions (Organisation, Propaganda): "department", the rank
      they share with the city's departments.
    * The English names, except those the seeds give.
    * The 2025 reform is recorded for Ba Vì only. Each new commune is formed here from the listed
      predecessors alone; the real arrangement took in more communes. Ba Vì's
      People's Committee and its District Party Committee are merged into those of Quảng Oai, where
      the district seat (Tây Đằng) was; in reality the district level was simply abolished.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "ALL_2023_DISTRICT_KEYS",
    "CENTRAL",
    "CENTRAL_ROOT",
    "DEPARTMENTS_2023",
    "DISTRICTS_2023",
    "DISTRICT_SUCCESSORS",
    "HANOI_2023",
    "KINDS",
    "LEVELS",
    "MERGES_2025",
    "REORGANISATION_ON",
    "RETIRED_ON",
    "MergeSpec",
    "UnitSpec",
    "iter_units",
]

KINDS: frozenset[str] = frozenset({"area", "party", "state", "front", "mass"})
LEVELS: frozenset[str] = frozenset(
    {"central", "city", "department", "district", "commune", "office", "committee", "public_service"}
)


@dataclass(frozen=True)
class UnitSpec:
    """One unit of the organisation tree, with the units directly under it."""

    key: str  # stable ascii key, unique in this module
    name: str  # as officially written in Vietnamese
    name_en: str
    code: str  # abbreviation used in document symbols, "" when there is none
    kind: str  # one of KINDS
    level: str  # one of LEVELS
    children: tuple[UnitSpec, ...] = ()


@dataclass(frozen=True)
class MergeSpec:
    """A unit created on REORGANISATION_ON from 2023 units, which are retired on RETIRED_ON."""

    successor: UnitSpec  # the new unit, created under the unit named by parent_key
    parent_key: str  # "ha_noi" for a new commune area, the new commune's key for its bodies
    source_keys: tuple[str, ...]  # the 2023 units merged into it


def iter_units(spec: UnitSpec) -> Iterator[UnitSpec]:
    """Yield ``spec`` and every unit under it, depth-first, each parent before its children."""
    yield spec
    for child in spec.children:
        yield from iter_units(child)


# --- Central level ---------------------------------------------------------------------------------

CENTRAL: tuple[UnitSpec, ...] = (
    UnitSpec(
        "bch_trung_uong", "Ban Chấp hành Trung ương Đảng", "Party Central Committee", "TW", "party", "central"
    ),
    UnitSpec("bo_chinh_tri", "Bộ Chính trị", "Politburo", "TW", "party", "central"),
    UnitSpec("chinh_phu", "Chính phủ", "Government", "CP", "state", "central"),
    UnitSpec(
        "quoc_hoi",
        "Quốc hội",
        "National Assembly",
        "QH",
        "state",
        "central",
        (
            UnitSpec(
                "ubtv_quoc_hoi",
                "Ủy ban Thường vụ Quốc hội",
                "National Assembly Standing Committee",
                "UBTVQH",
                "state",
                "committee",
            ),
        ),
    ),
    UnitSpec("bo_noi_vu", "Bộ Nội vụ", "Ministry of Home Affairs", "BNV", "state", "central"),
)

CENTRAL_ROOT: UnitSpec = UnitSpec("trung_uong", "Trung ương", "Central level", "", "area", "central", CENTRAL)


# --- Hanoi City: Party, People's Council, People's Committee, Front, Youth Union ----------------------

_THANH_UY = UnitSpec(
    "thanh_uy_ha_noi",
    "Thành ủy Hà Nội",
    "Hanoi City Party Committee",
    "TU",
    "party",
    "city",
    (
        UnitSpec(
            "ban_thuong_vu_thanh_uy",
            "Ban Thường vụ Thành ủy",
            "Standing Committee of the City Party Committee",
            "TU",
            "party",
            "committee",
        ),
        UnitSpec(
            "van_phong_thanh_uy",
            "Văn phòng Thành ủy",
            "Office of the City Party Committee",
            "VPTU",
            "party",
            "office",
        ),
        UnitSpec(
            "ubkt_thanh_uy",
            "Ủy ban Kiểm tra Thành ủy",
            "Inspection Commission of the City Party Committee",
            "UBKTTU",
            "party",
            "committee",
        ),
        UnitSpec(
            "ban_to_chuc_thanh_uy",
            "Ban Tổ chức Thành ủy",
            "Organisation Commission of the City Party Committee",
            "BTCTU",
            "party",
            "department",
        ),
        UnitSpec(
            "ban_tuyen_giao_thanh_uy",
            "Ban Tuyên giáo Thành ủy",
            "Propaganda and Education Commission of the City Party Committee",
            "BTGTU",
            "party",
            "department",
        ),
        UnitSpec(
            "ban_chi_dao_ctr_01",
            "Ban Chỉ đạo Chương trình 01-CTr/TU",
            "Steering Committee of Program 01-CTr/TU",
            "",
            "party",
            "committee",
        ),
    ),
)

_HDND = UnitSpec(
    "hdnd_ha_noi",
    "Hội đồng nhân dân thành phố Hà Nội",
    "Hanoi City People's Council",
    "HĐND",
    "state",
    "city",
)

_SO_VAN_HOA_THE_THAO = UnitSpec(
    "so_van_hoa_the_thao",
    "Sở Văn hóa và Thể thao",
    "Department of Culture and Sports",
    "SVHTT",
    "state",
    "department",
    (
        UnitSpec("so_vhtt_van_phong", "Văn phòng Sở", "Department Office", "VP", "state", "office"),
        UnitSpec(
            "so_vhtt_phong_ke_hoach_tai_chinh",
            "Phòng Kế hoạch Tài chính",
            "Financial Planning Office",
            "KHTC",
            "state",
            "office",
        ),
        UnitSpec(
            "so_vhtt_phong_to_chuc_phap_che",
            "Phòng Tổ chức Pháp chế",
            "Legal Organization Office",
            "TCPC",
            "state",
            "office",
        ),
        UnitSpec(
            "so_vhtt_phong_quan_ly_van_hoa",
            "Phòng Quản lý Văn hóa",
            "Cultural Management Office",
            "QLVH",
            "state",
            "office",
        ),
        UnitSpec(
            "so_vhtt_phong_nep_song_van_hoa_gia_dinh",
            "Phòng Xây dựng Nếp sống Văn hóa và Gia đình",
            "Cultural and Family Life Building Office",
            "",
            "state",
            "office",
        ),
        UnitSpec("thu_vien_ha_noi", "Thư viện Hà Nội", "Hanoi Library", "", "state", "public_service"),
        UnitSpec(
            "trung_tam_thong_tin_trien_lam",
            "Trung tâm Thông tin Triển lãm",
            "Exhibition Information Center",
            "",
            "state",
            "public_service",
        ),
        UnitSpec(
            "trung_tam_van_hoa_thanh_pho",
            "Trung tâm Văn hóa Thành phố",
            "City Cultural Center",
            "",
            "state",
            "public_service",
        ),
        UnitSpec(
            "dang_uy_so_van_hoa_the_thao",
            "Đảng ủy Sở Văn hóa và Thể thao",
            "Party Committee of the Department of Culture and Sports",
            "ĐU",
            "party",
            "department",
        ),
    ),
)

_SO_THONG_TIN_TRUYEN_THONG = UnitSpec(
    "so_thong_tin_truyen_thong",
    "Sở Thông tin và Truyền thông",
    "Department of Information and Communications",
    "STTTT",
    "state",
    "department",
    (
        UnitSpec("so_tttt_van_phong", "Văn phòng Sở", "Department Office", "VP", "state", "office"),
        UnitSpec(
            "so_tttt_phong_bao_chi_xuat_ban",
            "Phòng Báo chí - Xuất bản",
            "Press and Publishing Office",
            "BCXB",
            "state",
            "office",
        ),
        UnitSpec(
            "dang_uy_so_thong_tin_truyen_thong",
            "Đảng ủy Sở Thông tin và Truyền thông",
            "Party Committee of the Department of Information and Communications",
            "ĐU",
            "party",
            "department",
        ),
    ),
)

_SO_KE_HOACH_DAU_TU = UnitSpec(
    "so_ke_hoach_dau_tu",
    "Sở Kế hoạch và Đầu tư",
    "Department of Planning and Investment",
    "SKHĐT",
    "state",
    "department",
    (UnitSpec("so_khdt_van_phong", "Văn phòng Sở", "Department Office", "VP", "state", "office"),),
)


def _department(key: str, name: str, name_en: str, code: str) -> UnitSpec:
    return UnitSpec(key, name, name_en, code, "state", "department")


# The 22 departments and branches ranked on administrative reform (seed 002), in the usual order.
DEPARTMENTS_2023: tuple[UnitSpec, ...] = (
    _department("so_noi_vu", "Sở Nội vụ", "Department of Home Affairs", "SNV"),
    _department("so_tu_phap", "Sở Tư pháp", "Department of Justice", "STP"),
    _SO_KE_HOACH_DAU_TU,
    _department("so_tai_chinh", "Sở Tài chính", "Department of Finance", "STC"),
    _department("so_cong_thuong", "Sở Công Thương", "Department of Industry and Trade", "SCT"),
    _department(
        "so_nong_nghiep_phat_trien_nong_thon",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Department of Agriculture and Rural Development",
        "SNN",
    ),
    _department("so_giao_thong_van_tai", "Sở Giao thông vận tải", "Department of Transport", "SGTVT"),
    _department("so_xay_dung", "Sở Xây dựng", "Department of Construction", "SXD"),
    _department(
        "so_tai_nguyen_moi_truong",
        "Sở Tài nguyên và Môi trường",
        "Department of Natural Resources and Environment",
        "STNMT",
    ),
    _SO_THONG_TIN_TRUYEN_THONG,
    _department(
        "so_lao_dong_thuong_binh_xa_hoi",
        "Sở Lao động - Thương binh và Xã hội",
        "Department of Labour, Invalids and Social Affairs",
        "SLĐTBXH",
    ),
    _SO_VAN_HOA_THE_THAO,
    _department("so_du_lich", "Sở Du lịch", "Department of Tourism", "SDL"),
    _department(
        "so_khoa_hoc_cong_nghe", "Sở Khoa học và Công nghệ", "Department of Science and Technology", "SKHCN"
    ),
    _department(
        "so_giao_duc_dao_tao", "Sở Giáo dục và Đào tạo", "Department of Education and Training", "SGDĐT"
    ),
    _department("so_y_te", "Sở Y tế", "Department of Health", "SYT"),
    _department(
        "so_quy_hoach_kien_truc",
        "Sở Quy hoạch - Kiến trúc",
        "Department of Planning and Architecture",
        "QHKT",
    ),
    _department("so_ngoai_vu", "Sở Ngoại vụ", "Department of Foreign Affairs", "SNGV"),
    _department("thanh_tra_thanh_pho", "Thanh tra Thành phố", "City Inspectorate", "TTTP"),
    _department("ban_dan_toc", "Ban Dân tộc thành phố", "City Ethnic Minorities Committee", "BDT"),
    _department(
        "ban_quan_ly_khu_cong_nghiep_che_xuat",
        "Ban Quản lý các khu công nghiệp và chế xuất Hà Nội",
        "Hanoi Industrial and Export Processing Zones Authority",
        "BQL",
    ),
    # The Office counts among the 22, hence level "department" (see the module docstring).
    _department(
        "van_phong_ubnd_thanh_pho",
        "Văn phòng Ủy ban nhân dân thành phố",
        "Office of the City People's Committee",
        "VP",
    ),
)

_UBND = UnitSpec(
    "ubnd_ha_noi",
    "Ủy ban nhân dân thành phố Hà Nội",
    "Hanoi City People's Committee",
    "UBND",
    "state",
    "city",
    DEPARTMENTS_2023,
)

_MTTQ = UnitSpec(
    "mttq_ha_noi",
    "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội",
    "Vietnam Fatherland Front Committee of Hanoi City",
    "MTTQ",
    "front",
    "city",
)

_THANH_DOAN = UnitSpec(
    "thanh_doan_ha_noi",
    "Thành đoàn Hà Nội",
    "Hanoi Youth Union",
    "TĐTN",
    "mass",
    "city",
)


# --- Districts and communes of 2023 ---------------------------------------------------------------

# kind of commune-level unit: (name prefix, prefix inside a body's name, key prefix, English suffix)
_COMMUNE_KINDS: dict[str, tuple[str, str, str, str]] = {
    "phuong": ("Phường", "phường", "phuong", "Ward"),
    "xa": ("Xã", "xã", "xa", "Commune"),
    "thi_tran": ("Thị trấn", "thị trấn", "thi_tran", "Township"),
}

# kind of district: (name prefix, prefix inside a body's name, key prefix, English suffix,
#                    Party committee's name prefix, its key prefix, its code)
_DISTRICT_KINDS: dict[str, tuple[str, str, str, str, str, str, str]] = {
    "quan": ("Quận", "quận", "quan", "District", "Quận ủy", "quan_uy", "QU"),
    "huyen": ("Huyện", "huyện", "huyen", "District", "Huyện ủy", "huyen_uy", "HU"),
    "thi_xa": ("Thị xã", "thị xã", "thi_xa", "Town", "Thị ủy", "thi_uy", "ThU"),
}


def _commune(kind: str, name: str, slug: str) -> UnitSpec:
    """A commune-level area with its Party committee and People's Committee."""
    title, inner, key_prefix, en = _COMMUNE_KINDS[kind]
    key = f"{key_prefix}_{slug}"
    return UnitSpec(
        key,
        f"{title} {name}",
        f"{name} {en}",
        "",
        "area",
        "commune",
        (
            UnitSpec(
                f"dang_uy_{key}",
                f"Đảng ủy {inner} {name}",
                f"Party Committee of {name} {en}",
                "ĐU",
                "party",
                "commune",
            ),
            UnitSpec(
                f"ubnd_{key}",
                f"Ủy ban nhân dân {inner} {name}",
                f"People's Committee of {name} {en}",
                "UBND",
                "state",
                "commune",
            ),
        ),
    )


def _district(kind: str, name: str, slug: str, communes: tuple[UnitSpec, ...]) -> UnitSpec:
    """A district-level area with its Party committee, its People's Committee and its communes."""
    title, inner, key_prefix, en, party_title, party_key, party_code = _DISTRICT_KINDS[kind]
    return UnitSpec(
        f"{key_prefix}_{slug}",
        f"{title} {name}",
        f"{name} {en}",
        "",
        "area",
        "district",
        (
            UnitSpec(
                f"{party_key}_{slug}",
                f"{party_title} {name}",
                f"{name} {en} Party Committee",
                party_code,
                "party",
                "district",
            ),
            UnitSpec(
                f"ubnd_{slug}",
                f"Ủy ban nhân dân {inner} {name}",
                f"People's Committee of {name} {en}",
                "UBND",
                "state",
                "district",
            ),
            *communes,
        ),
    )


DISTRICTS_2023: tuple[UnitSpec, ...] = (
    # 12 urban districts (quận)
    _district(
        "quan",
        "Ba Đình",
        "ba_dinh",
        (
            _commune("phuong", "Điện Biên", "dien_bien"),
            _commune("phuong", "Kim Mã", "kim_ma"),
            _commune("phuong", "Ngọc Hà", "ngoc_ha"),
        ),
    ),
    _district(
        "quan",
        "Hoàn Kiếm",
        "hoan_kiem",
        (
            _commune("phuong", "Hàng Bạc", "hang_bac"),
            _commune("phuong", "Lý Thái Tổ", "ly_thai_to"),
            _commune("phuong", "Tràng Tiền", "trang_tien"),
        ),
    ),
    _district(
        "quan",
        "Tây Hồ",
        "tay_ho",
        (
            _commune("phuong", "Bưởi", "buoi"),
            _commune("phuong", "Nhật Tân", "nhat_tan"),
            _commune("phuong", "Quảng An", "quang_an"),
        ),
    ),
    _district(
        "quan",
        "Long Biên",
        "long_bien",
        (
            _commune("phuong", "Bồ Đề", "bo_de"),
            _commune("phuong", "Gia Thụy", "gia_thuy"),
            _commune("phuong", "Ngọc Lâm", "ngoc_lam"),
        ),
    ),
    _district(
        "quan",
        "Cầu Giấy",
        "cau_giay",
        (
            _commune("phuong", "Dịch Vọng", "dich_vong"),
            _commune("phuong", "Nghĩa Đô", "nghia_do"),
            _commune("phuong", "Quan Hoa", "quan_hoa"),
        ),
    ),
    _district(
        "quan",
        "Đống Đa",
        "dong_da",
        (
            _commune("phuong", "Cát Linh", "cat_linh"),
            _commune("phuong", "Láng Thượng", "lang_thuong"),
            _commune("phuong", "Văn Miếu", "van_mieu"),
        ),
    ),
    _district(
        "quan",
        "Hai Bà Trưng",
        "hai_ba_trung",
        (
            _commune("phuong", "Bạch Mai", "bach_mai"),
            _commune("phuong", "Lê Đại Hành", "le_dai_hanh"),
            _commune("phuong", "Thanh Nhàn", "thanh_nhan"),
        ),
    ),
    _district(
        "quan",
        "Hoàng Mai",
        "hoang_mai",
        (
            _commune("phuong", "Định Công", "dinh_cong"),
            _commune("phuong", "Hoàng Liệt", "hoang_liet"),
            _commune("phuong", "Tương Mai", "tuong_mai"),
        ),
    ),
    _district(
        "quan",
        "Thanh Xuân",
        "thanh_xuan",
        (
            _commune("phuong", "Khương Đình", "khuong_dinh"),
            _commune("phuong", "Nhân Chính", "nhan_chinh"),
            _commune("phuong", "Thượng Đình", "thuong_dinh"),
        ),
    ),
    _district(
        "quan",
        "Nam Từ Liêm",
        "nam_tu_liem",
        (
            _commune("phuong", "Mễ Trì", "me_tri"),
            _commune("phuong", "Mỹ Đình 1", "my_dinh_1"),
            _commune("phuong", "Trung Văn", "trung_van"),
        ),
    ),
    _district(
        "quan",
        "Bắc Từ Liêm",
        "bac_tu_liem",
        (
            _commune("phuong", "Cổ Nhuế 1", "co_nhue_1"),
            _commune("phuong", "Phú Diễn", "phu_dien"),
            _commune("phuong", "Xuân Đỉnh", "xuan_dinh"),
        ),
    ),
    _district(
        "quan",
        "Hà Đông",
        "ha_dong",
        (
            _commune("phuong", "Hà Cầu", "ha_cau"),
            _commune("phuong", "Mộ Lao", "mo_lao"),
            _commune("phuong", "Văn Quán", "van_quan"),
        ),
    ),
    # 1 town (thị xã)
    _district(
        "thi_xa",
        "Sơn Tây",
        "son_tay",
        (
            _commune("phuong", "Lê Lợi", "le_loi"),
            _commune("phuong", "Quang Trung", "quang_trung"),
            _commune("xa", "Đường Lâm", "duong_lam"),
        ),
    ),
    # 17 rural districts (huyện)
    _district(
        "huyen",
        "Ba Vì",
        "ba_vi",
        (
            _commune("thi_tran", "Tây Đằng", "tay_dang"),
            _commune("xa", "Chu Minh", "chu_minh"),
            _commune("xa", "Đông Quang", "dong_quang"),
            _commune("xa", "Tản Lĩnh", "tan_linh"),
            _commune("xa", "Vân Hòa", "van_hoa"),
            _commune("xa", "Yên Bài", "yen_bai"),
        ),
    ),
    _district(
        "huyen",
        "Chương Mỹ",
        "chuong_my",
        (
            _commune("thi_tran", "Chúc Sơn", "chuc_son"),
            _commune("thi_tran", "Xuân Mai", "xuan_mai"),
            _commune("xa", "Phụng Châu", "phung_chau"),
        ),
    ),
    _district(
        "huyen",
        "Đan Phượng",
        "dan_phuong",
        (
            _commune("thi_tran", "Phùng", "phung"),
            _commune("xa", "Liên Hà", "lien_ha"),
            _commune("xa", "Tân Hội", "tan_hoi"),
        ),
    ),
    _district(
        "huyen",
        "Đông Anh",
        "dong_anh",
        (
            _commune("thi_tran", "Đông Anh", "dong_anh"),
            _commune("xa", "Cổ Loa", "co_loa"),
            _commune("xa", "Uy Nỗ", "uy_no"),
        ),
    ),
    _district(
        "huyen",
        "Gia Lâm",
        "gia_lam",
        (
            _commune("thi_tran", "Trâu Quỳ", "trau_quy"),
            _commune("xa", "Bát Tràng", "bat_trang"),
            _commune("xa", "Đa Tốn", "da_ton"),
        ),
    ),
    _district(
        "huyen",
        "Hoài Đức",
        "hoai_duc",
        (
            _commune("thi_tran", "Trạm Trôi", "tram_troi"),
            _commune("xa", "An Khánh", "an_khanh"),
            _commune("xa", "Vân Canh", "van_canh"),
        ),
    ),
    _district(
        "huyen",
        "Mê Linh",
        "me_linh",
        (
            _commune("thi_tran", "Quang Minh", "quang_minh"),
            _commune("xa", "Mê Linh", "me_linh"),
            _commune("xa", "Tiền Phong", "tien_phong"),
        ),
    ),
    _district(
        "huyen",
        "Mỹ Đức",
        "my_duc",
        (
            _commune("thi_tran", "Đại Nghĩa", "dai_nghia"),
            _commune("xa", "An Mỹ", "an_my"),
            _commune("xa", "Hương Sơn", "huong_son"),
        ),
    ),
    _district(
        "huyen",
        "Phú Xuyên",
        "phu_xuyen",
        (
            _commune("thi_tran", "Phú Xuyên", "phu_xuyen"),
            _commune("thi_tran", "Phú Minh", "phu_minh"),
            _commune("xa", "Chuyên Mỹ", "chuyen_my"),
        ),
    ),
    _district(
        "huyen",
        "Phúc Thọ",
        "phuc_tho",
        (
            _commune("thi_tran", "Phúc Thọ", "phuc_tho"),
            _commune("xa", "Hát Môn", "hat_mon"),
            _commune("xa", "Võng Xuyên", "vong_xuyen"),
        ),
    ),
    _district(
        "huyen",
        "Quốc Oai",
        "quoc_oai",
        (
            _commune("thi_tran", "Quốc Oai", "quoc_oai"),
            _commune("xa", "Cấn Hữu", "can_huu"),
            _commune("xa", "Sài Sơn", "sai_son"),
        ),
    ),
    _district(
        "huyen",
        "Sóc Sơn",
        "soc_son",
        (
            _commune("thi_tran", "Sóc Sơn", "soc_son"),
            _commune("xa", "Minh Trí", "minh_tri"),
            _commune("xa", "Phù Linh", "phu_linh"),
        ),
    ),
    _district(
        "huyen",
        "Thạch Thất",
        "thach_that",
        (
            _commune("thi_tran", "Liên Quan", "lien_quan"),
            _commune("xa", "Bình Phú", "binh_phu"),
            _commune("xa", "Thạch Hòa", "thach_hoa"),
        ),
    ),
    _district(
        "huyen",
        "Thanh Oai",
        "thanh_oai",
        (
            _commune("thi_tran", "Kim Bài", "kim_bai"),
            _commune("xa", "Bích Hòa", "bich_hoa"),
            _commune("xa", "Cự Khê", "cu_khe"),
        ),
    ),
    _district(
        "huyen",
        "Thanh Trì",
        "thanh_tri",
        (
            _commune("thi_tran", "Văn Điển", "van_dien"),
            _commune("xa", "Ngũ Hiệp", "ngu_hiep"),
            _commune("xa", "Tả Thanh Oai", "ta_thanh_oai"),
        ),
    ),
    _district(
        "huyen",
        "Thường Tín",
        "thuong_tin",
        (
            _commune("thi_tran", "Thường Tín", "thuong_tin"),
            _commune("xa", "Nhị Khê", "nhi_khe"),
            _commune("xa", "Vạn Điểm", "van_diem"),
        ),
    ),
    _district(
        "huyen",
        "Ứng Hòa",
        "ung_hoa",
        (
            _commune("thi_tran", "Vân Đình", "van_dinh"),
            _commune("xa", "Hòa Xá", "hoa_xa"),
            _commune("xa", "Phương Tú", "phuong_tu"),
        ),
    ),
)

HANOI_2023: UnitSpec = UnitSpec(
    "ha_noi",
    "Thành phố Hà Nội",
    "Hanoi City",
    "",
    "area",
    "city",
    (_THANH_UY, _HDND, _UBND, _MTTQ, _THANH_DOAN, *DISTRICTS_2023),
)

ALL_2023_DISTRICT_KEYS: tuple[str, ...] = tuple(district.key for district in DISTRICTS_2023)


# --- The reorganisation of 1 July 2025 (Ba Vì only) -----------------------------------------------

REORGANISATION_ON: str = "2025-07-01"
RETIRED_ON: str = "2025-06-30"  # the last day the merged and retired 2023 units are valid


def _new_commune_bodies(key: str, name: str) -> tuple[UnitSpec, UnitSpec]:
    """The Party committee and People's Committee of a commune created in 2025 (keyed off ``key``)."""
    return (
        UnitSpec(
            f"dang_uy_{key}",
            f"Đảng ủy xã {name}",
            f"Party Committee of {name} Commune",
            "ĐU",
            "party",
            "commune",
        ),
        UnitSpec(
            f"ubnd_{key}",
            f"Ủy ban nhân dân xã {name}",
            f"People's Committee of {name} Commune",
            "UBND",
            "state",
            "commune",
        ),
    )


_XA_QUANG_OAI = UnitSpec("xa_quang_oai", "Xã Quảng Oai", "Quảng Oai Commune", "", "area", "commune")
_DANG_UY_XA_QUANG_OAI, _UBND_XA_QUANG_OAI = _new_commune_bodies("xa_quang_oai", "Quảng Oai")

# The 2023 commune Yên Bài holds the keys "xa_yen_bai", ...; the new commune of the same name is "_2025".
_XA_YEN_BAI_2025 = UnitSpec("xa_yen_bai_2025", "Xã Yên Bài", "Yên Bài Commune", "", "area", "commune")
_DANG_UY_XA_YEN_BAI_2025, _UBND_XA_YEN_BAI_2025 = _new_commune_bodies("xa_yen_bai_2025", "Yên Bài")

# Each new commune area first, then its bodies (whose parent is the new area).
MERGES_2025: tuple[MergeSpec, ...] = (
    MergeSpec(_XA_QUANG_OAI, "ha_noi", ("thi_tran_tay_dang", "xa_chu_minh", "xa_dong_quang")),
    MergeSpec(
        _DANG_UY_XA_QUANG_OAI,
        "xa_quang_oai",
        ("dang_uy_thi_tran_tay_dang", "dang_uy_xa_chu_minh", "dang_uy_xa_dong_quang", "huyen_uy_ba_vi"),
    ),
    MergeSpec(
        _UBND_XA_QUANG_OAI,
        "xa_quang_oai",
        ("ubnd_thi_tran_tay_dang", "ubnd_xa_chu_minh", "ubnd_xa_dong_quang", "ubnd_ba_vi"),
    ),
    MergeSpec(_XA_YEN_BAI_2025, "ha_noi", ("xa_tan_linh", "xa_van_hoa", "xa_yen_bai")),
    MergeSpec(
        _DANG_UY_XA_YEN_BAI_2025,
        "xa_yen_bai_2025",
        ("dang_uy_xa_tan_linh", "dang_uy_xa_van_hoa", "dang_uy_xa_yen_bai"),
    ),
    MergeSpec(
        _UBND_XA_YEN_BAI_2025,
        "xa_yen_bai_2025",
        ("ubnd_xa_tan_linh", "ubnd_xa_van_hoa", "ubnd_xa_yen_bai"),
    ),
)

# The new commune areas that took over a district's territory (the district is retired with lineage to them).
DISTRICT_SUCCESSORS: dict[str, tuple[str, ...]] = {
    "huyen_ba_vi": ("xa_quang_oai", "xa_yen_bai_2025"),
}


# --- Checks run at import ------------------------------------------------------------------------


def _all_specs() -> Iterator[UnitSpec]:
    yield from iter_units(CENTRAL_ROOT)
    yield from iter_units(HANOI_2023)
    for merge in MERGES_2025:
        yield from iter_units(merge.successor)


def _check_unique_keys() -> None:
    """Raise ValueError if two units share a key, or a kind or level is not one the models accept."""
    seen: set[str] = set()
    duplicates: list[str] = []
    for spec in _all_specs():
        if spec.key in seen:
            duplicates.append(spec.key)
        seen.add(spec.key)
        if spec.kind not in KINDS or spec.level not in LEVELS:
            raise ValueError(f"{spec.key}: unknown kind {spec.kind!r} or level {spec.level!r}")
    if duplicates:
        raise ValueError(f"duplicate unit keys: {', '.join(sorted(set(duplicates)))}")


def _check_references() -> None:
    """Raise ValueError if a merge or a district successor names a key defined nowhere, or too early."""
    known_2023 = {spec.key for spec in iter_units(HANOI_2023)}
    created: set[str] = set()
    for merge in MERGES_2025:
        if merge.parent_key not in known_2023 | created:
            raise ValueError(f"{merge.successor.key}: unknown parent {merge.parent_key!r}")
        missing = [key for key in merge.source_keys if key not in known_2023]
        if missing or not merge.source_keys:
            raise ValueError(f"{merge.successor.key}: unknown or no sources {missing}")
        created.add(merge.successor.key)
    for district, successors in DISTRICT_SUCCESSORS.items():
        if district not in ALL_2023_DISTRICT_KEYS or not set(successors) <= created:
            raise ValueError(f"{district}: unknown district or successor {successors}")
    if len(ALL_2023_DISTRICT_KEYS) != 30 or len(DEPARTMENTS_2023) != 22:
        raise ValueError("expected 30 districts and 22 departments")


_check_unique_keys()
_check_references()
