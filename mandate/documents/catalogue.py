"""The document types and the symbol codes that fit each (Decree 30/2020 Appendix III and Party
practice under Guideline 36-HD/VPTW). Loaded by a data migration; administrators may add more."""

from __future__ import annotations

from typing import NamedTuple


class TypeSpec(NamedTuple):
    slug: str
    name: str
    name_en: str
    codes: tuple[str, ...]
    codeless: bool = False  # official letters and laws carry no type code in their symbol


DOCUMENT_TYPES: tuple[TypeSpec, ...] = (
    TypeSpec("chi-thi", "Chỉ thị", "Directive", ("CT",)),
    TypeSpec("nghi-quyet", "Nghị quyết", "Resolution", ("NQ",)),
    TypeSpec("chuong-trinh", "Chương trình", "Programme", ("CTr",)),
    TypeSpec("ke-hoach", "Kế hoạch", "Plan", ("KH",)),
    TypeSpec("quyet-dinh", "Quyết định", "Decision", ("QĐ",)),
    TypeSpec("quy-dinh", "Quy định", "Regulation", ("QĐ", "QĐi", "QyĐ")),
    TypeSpec("quy-che", "Quy chế", "Rules", ("QC",)),
    TypeSpec("nghi-dinh", "Nghị định", "Decree", ("NĐ",)),
    TypeSpec("thong-tu", "Thông tư", "Circular", ("TT",)),
    TypeSpec("ket-luan", "Kết luận", "Conclusion", ("KL",)),
    TypeSpec("thong-bao", "Thông báo", "Notice", ("TB",)),
    TypeSpec("huong-dan", "Hướng dẫn", "Guideline", ("HD",)),
    TypeSpec("bao-cao", "Báo cáo", "Report", ("BC",)),
    TypeSpec("to-trinh", "Tờ trình", "Submission", ("TTr",)),
    TypeSpec("de-an", "Đề án", "Scheme", ("ĐA",)),
    TypeSpec("phuong-an", "Phương án", "Option plan", ("PA",)),
    TypeSpec("cong-van", "Công văn", "Official letter", ("CV",), codeless=True),
    TypeSpec("luat", "Luật", "Law", (), codeless=True),
)
