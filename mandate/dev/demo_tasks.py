"""The demo city, part 2: the seeds' task sets, a synthetic spread, and live work around the day
the demo is loaded.

Why only through the task services: the statistics the seeds quote ("15 of 20 tasks completed",
"29 of 34 contents completed, 5 being completed") must come out of the same records and the same
definitions (``mandate.tasks.states``) that a real deployment would have, not out of counters
written by the loader. So every task is assigned with ``task_assign`` on its day (``assigned_on``),
and everything that happened to it afterwards is replayed on its own day with the ``on=`` keyword
of the services: progress, the done report, acceptance, rework, extensions, returns and
reassignment, reopening, cancellation, chase-ups. Then ``escalation.sweep`` runs once for the load
day, so the overdue and not-updated marks and the reminders exist as the hourly sweep would leave
them.

Who acts
    * The assigner's side: the City Party Committee's Office acts through ``vanphong`` (assigns,
      chases up, asks for rework, cancels, reopens) and ``chanhvanphong`` (accepts, decides on
      extensions); the Department of Culture and Sports, for the subtasks it cascades, through
      ``sovhtt``. Offices without a demo account (the Office of the City People's Committee, the
      Standing Committee) act as the system (``actor=None``).
    * The lead unit's side: ``chuyenvien.vhtt`` reports for the Department of Culture and Sports
      and ``sovhtt`` makes its leader's moves (extension requests, returns); ``sotttt`` for the
      Department of Information and Communications; ``vanphong`` and ``chanhvanphong`` for the
      City Party Committee's Office; ``bavi`` for Ba Vì and, after 1 Jul 2025, Quảng Oai. Units
      without a demo account are entered by ``admin``: a progress report must name its reporter (the
      model requires one), and the history of those units is, honestly, data entry by the
      administrator.

What is real and what is chosen
    * Real (seed-facts.md): the counts and states of the task sets on the seeds' dates; the six
      tasks of Directive 24-CT/TU (short paraphrases of seed 001's text, with seed 000's
      numbering); the four recommendations of Inspection Team No. 3 (seed 002); the review of
      functions by the Department's offices and units, done by 27 Dec 2023 except the Hanoi
      Library, in January 2024 (seed 003).
    * Chosen: every date the seeds do not give; the wording of each programme task (plausible
      paraphrases of the programme's subject, not quotes of the documents, which the seeds do not
      contain); which of the 20, 34... tasks are the completed ones; what became of the tasks after
      the seeds' dates; the eleven agencies of Program 01-CTr/TU and how its 34 contents are shared
      among them; the district and department lead units of Directive 24-CT/TU.
    * Synthetic, and marked so in the content ("[Mô phỏng]"): the spread of late, overdue,
      extended, returned, reopened and not-updated tasks of 2024-2025, and the live tasks around
      the load day.

Dates of the history are moved to the previous working day when they fall on a day off
(``_on_working_day``); deadlines are kept as written ("by 31/12"), and the live tasks keep their
offsets from the load day exactly, so that "due today" is today.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile

from mandate.core.workdays import is_working_day
from mandate.dev.pdf import simple_pdf
from mandate.documents.models import Document
from mandate.notifications import services as notification_services
from mandate.organisations.models import OrgUnit
from mandate.people.models import Person, User
from mandate.tasks.enums import TaskKind, Urgency
from mandate.tasks.models import ExtensionRequest, Task
from mandate.tasks.services import assignment, escalation, lifecycle, progress

if TYPE_CHECKING:
    from mandate.dev.demo_city import DemoCity, Writer

__all__ = ["HISTORY_ENDS_ON", "DemoTasks", "load_demo_tasks"]

D = dt.date

# The last day of the demo's recorded history. The live tasks are placed around the load day, which
# must come after it (a demo loaded "in 2025" would put live work before history).
HISTORY_ENDS_ON = D(2025, 12, 31)

# --- the vocabulary of a task's history -------------------------------------------------------------


@dataclass(frozen=True)
class _Step:
    """One thing that happened to a task, on its day; replayed through the matching service."""

    kind: str  # progress | done | accept | rework | extension | return | reassign | reopen | cancel | chase
    on: dt.date
    text: str = ""
    percent: int = 0
    until: dt.date | None = None  # extension: the deadline asked for
    decided_on: dt.date | None = None  # extension: the day of the decision (None: still pending)
    approve: bool = False  # extension: the decision
    note: str = ""  # extension: the decision's note
    unit: str = ""  # reassign: the new lead unit's key
    person: str = ""  # reassign: the new lead person


def _product_file(spec: _Spec) -> list[SimpleUploadedFile]:
    """The product a done report carries when its task expects one: a small generated PDF."""
    name = f"san-pham-{spec.key.replace('/', '-')}.pdf"
    lines = ["Bao cao ket qua (demo)", spec.content[:100], spec.expected_product[:100]]
    return [SimpleUploadedFile(name, simple_pdf(lines), content_type="application/pdf")]


def _progress(on: dt.date, percent: int, text: str = "") -> _Step:
    return _Step("progress", on, text or _progress_text(percent), percent=percent)


def _done(on: dt.date, text: str = "") -> _Step:
    return _Step("done", on, text or "Đã hoàn thành nhiệm vụ; gửi báo cáo kết quả kèm sản phẩm.")


def _accept(on: dt.date) -> _Step:
    return _Step("accept", on)


def _closed(done_on: dt.date, accepted_on: dt.date, text: str = "") -> tuple[_Step, ...]:
    return (_done(done_on, text), _accept(accepted_on))


def _extension(
    on: dt.date,
    until: dt.date,
    reason: str,
    *,
    decided_on: dt.date | None = None,
    approve: bool = False,
    note: str = "",
) -> _Step:
    return _Step("extension", on, reason, until=until, decided_on=decided_on, approve=approve, note=note)


def _return(on: dt.date, reason: str) -> _Step:
    return _Step("return", on, reason)


def _reassign(on: dt.date, unit: str, person: str = "") -> _Step:
    return _Step("reassign", on, unit=unit, person=person)


def _rework(on: dt.date, reason: str) -> _Step:
    return _Step("rework", on, reason)


def _reopen(on: dt.date, reason: str) -> _Step:
    return _Step("reopen", on, reason)


def _cancel(on: dt.date, reason: str) -> _Step:
    return _Step("cancel", on, reason)


def _chase(on: dt.date, text: str) -> _Step:
    return _Step("chase", on, text)


def _progress_text(percent: int) -> str:
    if percent < 50:
        return "Đã xây dựng kế hoạch triển khai, phân công phòng chuyên môn chủ trì; đang tổ chức thực hiện."
    if percent < 80:
        return "Đã hoàn thành phần lớn nội dung; đang tổng hợp, hoàn thiện dự thảo sản phẩm."
    return "Cơ bản hoàn thành; đang lấy ý kiến các đơn vị phối hợp trước khi báo cáo."


@dataclass(frozen=True)
class _Spec:
    """A task as the demo gives it, with its history."""

    key: str  # unique; DemoTasks.tasks maps it to the task's id
    document: str  # symbol as part 1 registered it
    assigner: str  # unit key
    lead: str  # unit key
    content: str
    assigned_on: dt.date
    deadline_on: dt.date | None  # None: a regular task
    steps: tuple[_Step, ...] = ()
    ordinal: str = ""
    lead_person: str = ""  # a demo account's username or a seed person's full name
    coordinating: tuple[str, ...] = ()
    expected_product: str = ""
    authority: str = ""
    parent: str = ""  # key of an earlier spec: a subtask
    urgency: str = Urgency.NORMAL
    exact_dates: bool = False  # live tasks: keep the days as given (see the module docstring)


@dataclass(frozen=True)
class _Row:
    """One task of a programme: the group gives the document, the assigner and the lead unit."""

    ordinal: str
    content: str
    deadline_on: dt.date
    steps: tuple[_Step, ...] = ()
    lead_person: str = ""
    lead: str = ""  # another lead unit than the group's
    coordinating: tuple[str, ...] = ()


_PERCENTS = (30, 40, 50, 60, 35, 45)


def _group(
    *,
    document: str,
    assigner: str,
    lead: str,
    assigned_on: dt.date,
    rows: Sequence[_Row],
    lead_person: str = "",
    report_on: dt.date | None = None,
    authority: str = "",
) -> tuple[_Spec, ...]:
    """The tasks of one document, each with a progress report before its first recorded step.

    Why the automatic report: a task "being implemented" (the seeds' words) has reports. A task
    still open on ``report_on`` is reported on that day, chosen in the fortnight before the seed's
    cut-off so that it is not "not updated" then; one closed before it is reported half-way between
    its assignment and its first recorded step.
    """
    specs = []
    for index, row in enumerate(rows):
        first = row.steps[0].on if row.steps else None
        auto: tuple[_Step, ...] = ()
        if report_on is not None and (first is None or first > report_on):
            auto = (_progress(report_on, _PERCENTS[index % len(_PERCENTS)]),)
        elif first is not None:
            auto = (_progress(assigned_on + (first - assigned_on) / 2, 50),)
        specs.append(
            _Spec(
                key=f"{document}#{row.ordinal}",
                document=document,
                assigner=assigner,
                lead=row.lead or lead,
                content=row.content,
                assigned_on=assigned_on,
                deadline_on=row.deadline_on,
                steps=auto + row.steps,
                ordinal=row.ordinal,
                lead_person=row.lead_person or lead_person,
                coordinating=row.coordinating,
                authority=authority,
            )
        )
    return tuple(specs)


# --- Program 06/Ctr-TU and Plan 176/KH-UBND: 20 tasks, 15 completed on 2023-07-31 (seed 000) --------

VHTT = "so_van_hoa_the_thao"
TTTT = "so_thong_tin_truyen_thong"
VPTU = "van_phong_thanh_uy"
VPUB = "van_phong_ubnd_thanh_pho"
CV, GD, TT, BAVI = "chuyenvien.vhtt", "sovhtt", "sotttt", "bavi"

PROGRAMME_06 = _group(
    document="06/Ctr-TU",
    assigner=VPTU,
    lead=VHTT,
    assigned_on=D(2021, 4, 5),
    lead_person=GD,
    report_on=D(2023, 7, 24),
    rows=(
        _Row(
            "1",
            "Chủ trì tham mưu UBND Thành phố xây dựng kế hoạch thực hiện Chương trình giai đoạn 2021-2025.",
            D(2021, 6, 30),
            _closed(D(2021, 6, 25), D(2021, 7, 5)),
        ),
        _Row(
            "2",
            "Triển khai thực hiện Bộ Quy tắc ứng xử nơi công cộng trên địa bàn Thành phố; sơ kết, đánh "
            "giá việc thực hiện hằng năm.",
            D(2021, 12, 31),
            _closed(D(2021, 12, 20), D(2022, 1, 7)),
            CV,
        ),
        _Row(
            "3",
            "Nâng cao chất lượng phong trào xây dựng gia đình văn hóa, làng văn hóa, tổ dân phố văn hóa "
            "gắn với xây dựng người Hà Nội thanh lịch, văn minh.",
            D(2024, 12, 31),
            (_progress(D(2023, 12, 12), 70), *_closed(D(2024, 12, 5), D(2024, 12, 16))),
        ),
        _Row(
            "4",
            "Tổ chức các hoạt động văn hóa, nghệ thuật kỷ niệm các ngày lễ lớn, sự kiện chính trị của "
            "Thủ đô và đất nước.",
            D(2022, 12, 31),
            _closed(D(2022, 12, 16), D(2022, 12, 28)),
        ),
        _Row(
            "5",
            "Bảo tồn, phát huy giá trị di sản văn hóa; tham mưu tu bổ, tôn tạo các di tích xuống cấp theo "
            "kế hoạch được phê duyệt.",
            D(2025, 6, 30),
            (_progress(D(2024, 6, 14), 60), *_closed(D(2025, 6, 18), D(2025, 6, 27))),
        ),
        _Row(
            "6",
            "Nâng cao hiệu quả hoạt động của hệ thống thiết chế văn hóa, thể thao cơ sở.",
            D(2022, 6, 30),
            _closed(D(2022, 7, 12), D(2022, 7, 20)),
        ),
        _Row(
            "7",
            "Đẩy mạnh phong trào \u201cToàn dân đoàn kết xây dựng đời sống văn hóa\u201d.",
            D(2022, 12, 31),
            _closed(D(2022, 12, 22), D(2023, 1, 6)),
            CV,
        ),
        _Row(
            "8",
            "Phát triển phong trào thể dục, thể thao quần chúng; nâng cao thành tích thể thao thành tích "
            "cao của Thủ đô.",
            D(2023, 6, 30),
            _closed(D(2023, 6, 20), D(2023, 7, 4)),
        ),
        _Row(
            "9",
            "Tham mưu xây dựng đề án phát triển các ngành công nghiệp văn hóa Thủ đô.",
            D(2023, 12, 31),
            _closed(D(2023, 12, 15), D(2023, 12, 26)),
        ),
        _Row(
            "10",
            "Bồi dưỡng, nâng cao chất lượng đội ngũ cán bộ làm công tác văn hóa, thể thao ở cơ sở.",
            D(2022, 12, 31),
            _closed(D(2023, 1, 16), D(2023, 2, 1)),
        ),
        _Row(
            "11",
            "Tuyên truyền, giáo dục truyền thống văn hóa, lịch sử Thăng Long - Hà Nội trong các tầng lớp "
            "nhân dân, nhất là thế hệ trẻ.",
            D(2022, 6, 30),
            _closed(D(2022, 6, 24), D(2022, 7, 8)),
            CV,
        ),
        _Row(
            "12",
            "Xây dựng môi trường văn hóa trong cơ quan, đơn vị, doanh nghiệp; thực hiện nếp sống văn minh "
            "trong việc cưới, việc tang và lễ hội.",
            D(2023, 6, 30),
            _closed(D(2023, 7, 14), D(2023, 7, 25)),
        ),
    ),
)

PLAN_176 = _group(
    document="176/KH-UBND",
    assigner=VPUB,
    lead=VHTT,
    assigned_on=D(2021, 7, 28),
    lead_person=CV,
    report_on=D(2023, 7, 24),
    rows=(
        _Row(
            "1",
            "Tham mưu xây dựng bộ tiêu chí người Hà Nội thanh lịch, văn minh trong giai đoạn mới.",
            D(2022, 6, 30),
            _closed(D(2022, 6, 17), D(2022, 6, 29)),
            GD,
        ),
        _Row(
            "2",
            "Tổ chức liên hoan, hội diễn nghệ thuật quần chúng các cấp.",
            D(2022, 12, 31),
            _closed(D(2022, 11, 25), D(2022, 12, 9)),
        ),
        _Row(
            "3",
            "Số hóa di sản văn hóa; xây dựng cơ sở dữ liệu di tích trên địa bàn Thành phố.",
            D(2024, 6, 30),
            (_progress(D(2024, 1, 19), 70), *_closed(D(2024, 7, 10), D(2024, 7, 22))),
        ),
        _Row(
            "4",
            "Phát triển hệ thống thư viện, đẩy mạnh văn hóa đọc trong cộng đồng.",
            D(2023, 6, 30),
            _closed(D(2023, 6, 16), D(2023, 6, 28)),
        ),
        _Row(
            "5",
            "Nâng cao chất lượng quản lý và tổ chức lễ hội truyền thống.",
            D(2022, 3, 31),
            _closed(D(2022, 3, 25), D(2022, 4, 8)),
        ),
        _Row(
            "6",
            "Kiểm tra việc thực hiện nếp sống văn minh tại các di tích, lễ hội.",
            D(2023, 3, 31),
            _closed(D(2023, 3, 24), D(2023, 4, 7)),
        ),
        _Row(
            "7",
            "Tổ chức chương trình nghệ thuật phục vụ nhân dân tại các không gian công cộng, phố đi bộ.",
            D(2023, 6, 30),
            _closed(D(2023, 6, 27), D(2023, 7, 10)),
            GD,
        ),
        # Still open on the load day: overdue since 1 Dec 2025, not updated since October 2025.
        _Row(
            "8",
            "Tổng kết việc thực hiện Chương trình 06-CTr/TU và Kế hoạch 176/KH-UBND giai đoạn 2021-2025, "
            "báo cáo UBND Thành phố.",
            D(2025, 11, 30),
            (_progress(D(2025, 10, 20), 60),),
        ),
    ),
)

# --- Program 02/Ctr-UBND (10) and Plan 306/KH-UBND (9): all in progress on 2023-07-31 (seed 000) ------

PROGRAMME_02 = _group(
    document="02/Ctr-UBND",
    assigner=VPUB,
    lead=VHTT,
    assigned_on=D(2022, 1, 24),
    lead_person=GD,
    report_on=D(2023, 7, 25),
    rows=(
        # Still open on the load day: overdue, not updated since May 2025.
        _Row(
            "1",
            "Xây dựng Đề án phát triển hệ thống thiết chế văn hóa, thể thao Thủ đô đến năm 2030.",
            D(2025, 6, 30),
            (_progress(D(2024, 5, 20), 55), _progress(D(2025, 5, 12), 70)),
            CV,
        ),
        _Row(
            "2",
            "Tham mưu quy hoạch mạng lưới cơ sở văn hóa, thể dục thể thao thành phố Hà Nội.",
            D(2023, 12, 31),
            _closed(D(2023, 12, 15), D(2023, 12, 27)),
        ),
        _Row(
            "3",
            "Xây dựng quy chế quản lý hoạt động văn hóa, thể thao tại các tuyến phố đi bộ.",
            D(2023, 9, 30),
            _closed(D(2023, 9, 22), D(2023, 10, 5)),
        ),
        _Row(
            "4",
            "Chuẩn bị lực lượng vận động viên tham dự các giải thể thao quốc gia và quốc tế.",
            D(2024, 6, 30),
            _closed(D(2024, 6, 14), D(2024, 6, 26)),
        ),
        _Row(
            "5",
            "Tham mưu triển khai các dự án tu bổ, tôn tạo di tích quốc gia đặc biệt trên địa bàn Thành phố.",
            D(2024, 12, 31),
            _closed(D(2025, 1, 10), D(2025, 1, 21)),
        ),
        _Row(
            "6",
            "Xây dựng cơ sở dữ liệu ngành văn hóa, thể thao phục vụ chuyển đổi số.",
            D(2024, 6, 30),
            (
                _extension(
                    D(2024, 6, 10),
                    D(2024, 12, 31),
                    "Chờ kết nối với nền tảng tích hợp, chia sẻ dữ liệu dùng chung của Thành phố.",
                    decided_on=D(2024, 6, 17),
                    approve=True,
                ),
                *_closed(D(2024, 12, 20), D(2025, 1, 3)),
            ),
            CV,
        ),
        _Row(
            "7",
            "Rà soát, đề xuất sửa đổi các quy định về quản lý lễ hội trên địa bàn Thành phố.",
            D(2023, 10, 31),
            _closed(D(2023, 10, 20), D(2023, 11, 1)),
        ),
        _Row(
            "8",
            "Triển khai Chương trình phát triển văn hóa đọc giai đoạn 2022-2025.",
            D(2025, 6, 30),
            _closed(D(2025, 6, 13), D(2025, 6, 24)),
        ),
        _Row(
            "9",
            "Đào tạo, bồi dưỡng vận động viên, huấn luyện viên thể thao thành tích cao.",
            D(2024, 12, 31),
            _closed(D(2024, 12, 6), D(2024, 12, 17)),
        ),
        _Row(
            "10",
            "Kiểm tra, hướng dẫn hoạt động quảng cáo ngoài trời trên địa bàn Thành phố.",
            D(2023, 12, 31),
            _closed(D(2023, 12, 8), D(2023, 12, 19)),
        ),
    ),
)

PLAN_306 = _group(
    document="306/KH-UBND",
    assigner=VPUB,
    lead=VHTT,
    assigned_on=D(2022, 11, 28),
    lead_person=GD,
    report_on=D(2023, 7, 26),
    rows=(
        _Row(
            "1",
            "Tổ chức các hoạt động văn hóa, nghệ thuật kỷ niệm 70 năm Ngày Giải phóng Thủ đô "
            "(10/10/1954 - 10/10/2024).",
            D(2024, 10, 10),
            _closed(D(2024, 10, 15), D(2024, 10, 25)),
        ),
        _Row(
            "2",
            "Tổ chức các giải thể thao quần chúng chào mừng các ngày lễ lớn của Thủ đô.",
            D(2024, 10, 10),
            _closed(D(2024, 10, 11), D(2024, 10, 22)),
            CV,
        ),
        _Row(
            "3",
            "Chỉnh trang, nâng cấp các không gian văn hóa công cộng khu vực trung tâm.",
            D(2024, 9, 30),
            _closed(D(2024, 9, 27), D(2024, 10, 8)),
        ),
        _Row(
            "4",
            "Xây dựng chương trình quảng bá hình ảnh Hà Nội - Thành phố vì hòa bình, Thành phố sáng tạo.",
            D(2024, 6, 30),
            _closed(D(2024, 6, 21), D(2024, 7, 2)),
        ),
        _Row(
            "5",
            "Hướng dẫn các quận, huyện, thị xã tổ chức các hoạt động văn hóa cơ sở.",
            D(2023, 9, 30),
            _closed(D(2023, 9, 15), D(2023, 9, 26)),
            CV,
        ),
        _Row(
            "6",
            "Tổ chức triển lãm, xuất bản ấn phẩm kỷ niệm 25 năm Hà Nội đón nhận danh hiệu \u201cThành phố "
            "vì hòa bình\u201d (1999-2024).",
            D(2024, 7, 31),
            _closed(D(2024, 7, 16), D(2024, 7, 26)),
        ),
        _Row(
            "7",
            "Kiểm tra điều kiện an toàn phòng cháy, chữa cháy tại các cơ sở kinh doanh dịch vụ karaoke, "
            "vũ trường.",
            D(2023, 12, 31),
            _closed(D(2023, 12, 22), D(2024, 1, 4)),
            CV,
        ),
        _Row(
            "8",
            "Nâng cao chất lượng các chương trình nghệ thuật phục vụ nhiệm vụ chính trị.",
            D(2024, 12, 31),
            _closed(D(2024, 12, 20), D(2024, 12, 30)),
        ),
        _Row(
            "9",
            "Sơ kết, báo cáo kết quả thực hiện Kế hoạch về UBND Thành phố.",
            D(2025, 3, 31),
            (
                _done(D(2025, 3, 14)),
                _rework(
                    D(2025, 3, 20), "Báo cáo chưa có số liệu so sánh với chỉ tiêu Kế hoạch; đề nghị bổ sung."
                ),
                *_closed(D(2025, 4, 4), D(2025, 4, 15)),
            ),
            CV,
        ),
    ),
)

# --- Resolution 09-NQ/TU with Plans 217/KH-UBND and 102-KH-UBND: 32 tasks (seed 000) ----------------
# The subject (the cultural industry) is the demo's reading, as for the documents in part 1.

RESOLUTION_09 = _group(
    document="09-NQ/TU",
    assigner=VPTU,
    lead=VHTT,
    assigned_on=D(2022, 3, 15),
    lead_person=GD,
    report_on=D(2023, 7, 20),
    rows=(
        _Row(
            "1",
            "Tham mưu xây dựng cơ chế, chính sách đặc thù thu hút đầu tư phát triển các ngành công nghiệp "
            "văn hóa Thủ đô.",
            D(2023, 12, 31),
            _closed(D(2023, 12, 26), D(2024, 1, 9)),
        ),
        # Still open on the load day: overdue since 2025, not updated since March 2025.
        _Row(
            "2",
            "Xây dựng cơ sở dữ liệu về các ngành công nghiệp văn hóa trên địa bàn Thành phố.",
            D(2024, 12, 31),
            (_progress(D(2024, 6, 14), 60), _progress(D(2025, 3, 20), 75)),
            CV,
        ),
        _Row(
            "3",
            "Phát triển các không gian sáng tạo, không gian văn hóa sáng tạo gắn với di sản.",
            D(2025, 6, 30),
            _closed(D(2025, 6, 19), D(2025, 7, 1)),
        ),
        _Row(
            "4",
            "Phát huy danh hiệu Thành phố sáng tạo trong lĩnh vực thiết kế của UNESCO.",
            D(2023, 10, 31),
            _closed(D(2023, 10, 27), D(2023, 11, 7)),
        ),
        _Row(
            "5",
            "Đào tạo, bồi dưỡng nguồn nhân lực cho các ngành công nghiệp văn hóa.",
            D(2025, 12, 31),
            _closed(D(2025, 12, 10), D(2025, 12, 22)),
        ),
        _Row(
            "6",
            "Phát triển nghệ thuật biểu diễn gắn với du lịch; xây dựng sản phẩm văn hóa đặc trưng "
            "của Thủ đô.",
            D(2024, 6, 30),
            _closed(D(2024, 6, 28), D(2024, 7, 9)),
        ),
        _Row(
            "7",
            "Hỗ trợ phát triển làng nghề thủ công mỹ nghệ gắn với công nghiệp văn hóa.",
            D(2024, 12, 31),
            _closed(D(2024, 12, 18), D(2024, 12, 27)),
        ),
        _Row(
            "8",
            "Xây dựng bộ chỉ số thống kê, đánh giá đóng góp của công nghiệp văn hóa vào GRDP của Thành phố.",
            D(2024, 6, 30),
            _closed(D(2024, 8, 16), D(2024, 8, 27)),
        ),
        _Row(
            "9",
            "Đẩy mạnh hợp tác quốc tế, quảng bá sản phẩm công nghiệp văn hóa Hà Nội.",
            D(2025, 6, 30),
            _closed(D(2025, 6, 6), D(2025, 6, 17)),
        ),
        _Row(
            "10",
            "Sơ kết 2 năm thực hiện Nghị quyết, báo cáo Ban Thường vụ Thành ủy.",
            D(2024, 3, 31),
            _closed(D(2024, 3, 22), D(2024, 4, 2)),
        ),
    ),
)

PLAN_217 = _group(
    document="217/KH-UBND",
    assigner=VPUB,
    lead=VHTT,
    assigned_on=D(2022, 9, 19),
    lead_person=GD,
    report_on=D(2023, 7, 20),
    rows=(
        _Row(
            "1",
            "Phối hợp tổ chức Liên hoan phim quốc tế Hà Nội lần thứ VII.",
            D(2024, 11, 30),
            _closed(D(2024, 11, 22), D(2024, 12, 3)),
        ),
        _Row(
            "2",
            "Tổ chức Lễ hội Thiết kế sáng tạo Hà Nội hằng năm.",
            D(2024, 12, 31),
            _closed(D(2024, 12, 13), D(2024, 12, 24)),
            CV,
        ),
        _Row(
            "3",
            "Phát triển phố sách, không gian đọc sáng tạo.",
            D(2023, 12, 31),
            _closed(D(2023, 12, 15), D(2023, 12, 26)),
        ),
        _Row(
            "4",
            "Xây dựng các chương trình nghệ thuật biểu diễn thường kỳ tại các điểm đến du lịch.",
            D(2024, 6, 30),
            _closed(D(2024, 6, 21), D(2024, 7, 2)),
        ),
        _Row(
            "5",
            "Hỗ trợ doanh nghiệp, nghệ nhân quảng bá sản phẩm thủ công mỹ nghệ trên nền tảng số.",
            D(2024, 9, 30),
            _closed(D(2024, 9, 20), D(2024, 10, 1)),
        ),
        _Row(
            "6",
            "Phát triển không gian triển lãm mỹ thuật, nhiếp ảnh.",
            D(2023, 12, 31),
            _closed(D(2024, 1, 12), D(2024, 1, 23)),
        ),
        # Still open: an extension refused, then no report since February 2025.
        _Row(
            "7",
            "Rà soát, đề xuất quỹ đất phát triển các công trình văn hóa, không gian sáng tạo.",
            D(2024, 12, 31),
            (
                _extension(
                    D(2024, 12, 10),
                    D(2025, 6, 30),
                    "Chờ ý kiến của các quận, huyện về quỹ đất.",
                    decided_on=D(2024, 12, 16),
                    approve=False,
                    note="Đề nghị Sở tổng hợp trên cơ sở ý kiến đã có, không gia hạn.",
                ),
                _progress(D(2025, 2, 14), 60),
            ),
            CV,
        ),
        _Row(
            "8",
            "Hướng dẫn các quận, huyện, thị xã xây dựng không gian văn hóa sáng tạo.",
            D(2024, 3, 31),
            _closed(D(2024, 3, 15), D(2024, 3, 26)),
        ),
        _Row(
            "9",
            "Tổ chức hội thảo khoa học về phát triển công nghiệp văn hóa Thủ đô.",
            D(2023, 11, 30),
            _closed(D(2023, 11, 24), D(2023, 12, 5)),
        ),
        _Row(
            "10",
            "Đẩy mạnh xã hội hóa, huy động nguồn lực đầu tư cho văn hóa.",
            D(2025, 6, 30),
            _closed(D(2025, 6, 20), D(2025, 7, 1)),
        ),
        # Still open, deadline ahead: in progress, not updated since September 2025.
        _Row(
            "11",
            "Phát triển thị trường sản phẩm văn hóa, dịch vụ văn hóa.",
            D(2026, 12, 31),
            (_progress(D(2025, 9, 12), 45),),
        ),
        _Row(
            "12",
            "Ứng dụng công nghệ số trong bảo tàng, di tích (thuyết minh tự động, thực tế ảo).",
            D(2024, 12, 31),
            _closed(D(2024, 12, 19), D(2024, 12, 30)),
        ),
        _Row(
            "13",
            "Quản lý hoạt động quảng cáo, góp phần phát triển ngành quảng cáo.",
            D(2024, 6, 30),
            _closed(D(2024, 6, 14), D(2024, 6, 25)),
        ),
        _Row(
            "14",
            "Kiểm tra, đánh giá việc thực hiện Kế hoạch, báo cáo UBND Thành phố.",
            D(2025, 9, 30),
            _closed(D(2025, 9, 26), D(2025, 10, 7)),
        ),
    ),
)

# The deputy directors the seeds name held their positions in 2023 (part 1), so they can lead the
# tasks of the 2023 plan.
VAN_ANH, MY_HOA, XUAN_TAI = "Trần Thị Vân Anh", "Phạm Thị Mỹ Hoa", "Phạm Xuân Tài"

PLAN_102 = _group(
    document="102-KH-UBND",
    assigner=VPUB,
    lead=VHTT,
    assigned_on=D(2023, 4, 20),
    lead_person=GD,
    report_on=D(2023, 7, 20),
    rows=(
        _Row(
            "1",
            "Tổ chức Lễ hội Thiết kế sáng tạo Hà Nội năm 2023.",
            D(2023, 11, 30),
            _closed(D(2023, 11, 24), D(2023, 12, 5)),
            VAN_ANH,
        ),
        _Row(
            "2",
            "Tổ chức các hoạt động nghệ thuật biểu diễn tại không gian đi bộ hồ Hoàn Kiếm và vùng phụ cận "
            "năm 2023.",
            D(2023, 12, 31),
            _closed(D(2023, 12, 22), D(2024, 1, 4)),
            MY_HOA,
        ),
        _Row(
            "3",
            "Triển khai thí điểm số hóa 3D một số di tích, hiện vật tiêu biểu.",
            D(2023, 12, 31),
            _closed(D(2024, 1, 19), D(2024, 1, 30)),
            XUAN_TAI,
        ),
        _Row(
            "4",
            "Tổ chức tọa đàm góp ý cơ chế phát triển công nghiệp văn hóa trong dự thảo Luật Thủ đô "
            "(sửa đổi).",
            D(2023, 9, 30),
            _closed(D(2023, 9, 15), D(2023, 9, 26)),
            VAN_ANH,
        ),
        _Row(
            "5",
            "Khảo sát, lựa chọn địa điểm xây dựng không gian sáng tạo.",
            D(2023, 10, 31),
            _closed(D(2023, 10, 20), D(2023, 10, 31)),
            XUAN_TAI,
        ),
        _Row(
            "6",
            "Tổ chức lớp bồi dưỡng về quản trị, khởi nghiệp trong lĩnh vực công nghiệp văn hóa.",
            D(2023, 11, 30),
            _closed(D(2023, 11, 10), D(2023, 11, 21)),
            MY_HOA,
        ),
        _Row(
            "7",
            "Tuyên truyền về phát triển công nghiệp văn hóa trên các phương tiện thông tin đại chúng.",
            D(2023, 12, 31),
            _closed(D(2023, 12, 15), D(2023, 12, 26)),
        ),
        _Row(
            "8",
            "Báo cáo kết quả thực hiện Kế hoạch năm 2023.",
            D(2023, 12, 31),
            _closed(D(2023, 12, 27), D(2024, 1, 8)),
        ),
    ),
)

# --- Program 01-CTr/TU: 34 contents for 11 agencies; on 2023-09-15 29 completed, 5 in progress (004) ---

BTC, BTG, UBKT = "ban_to_chuc_thanh_uy", "ban_tuyen_giao_thanh_uy", "ubkt_thanh_uy"
SNV, STP, TTTP = "so_noi_vu", "so_tu_phap", "thanh_tra_thanh_pho"
MTTQ, TDOAN = "mttq_ha_noi", "thanh_doan_ha_noi"

PROGRAMME_01_AGENCIES = (BTC, BTG, UBKT, VPTU, SNV, VPUB, TTTT, STP, TTTP, MTTQ, TDOAN)

PROGRAMME_01 = _group(
    document="01-CTr/TU",
    assigner=VPTU,
    lead=BTC,
    assigned_on=D(2021, 4, 12),
    report_on=D(2023, 9, 8),
    rows=(
        _Row(
            "1",
            "Đề án nâng cao chất lượng tổ chức cơ sở đảng và chất lượng đảng viên giai đoạn 2021-2025.",
            D(2021, 12, 31),
            _closed(D(2021, 12, 17), D(2021, 12, 28)),
        ),
        _Row(
            "2",
            "Đề án quy hoạch, đào tạo, bồi dưỡng cán bộ lãnh đạo, quản lý các cấp của Thành phố.",
            D(2022, 6, 30),
            _closed(D(2022, 6, 24), D(2022, 7, 6)),
        ),
        _Row(
            "3",
            "Chuyên đề đổi mới công tác đánh giá, xếp loại cán bộ theo hướng lượng hóa tiêu chí.",
            D(2022, 9, 30),
            _closed(D(2022, 10, 14), D(2022, 10, 25)),
        ),
        _Row(
            "4",
            "Đề án sắp xếp tổ chức bộ máy của hệ thống chính trị Thành phố tinh gọn, hoạt động hiệu lực, "
            "hiệu quả.",
            D(2025, 6, 30),
            _closed(D(2025, 6, 20), D(2025, 6, 27)),
        ),
        _Row(
            "5",
            "Quy định về luân chuyển, điều động cán bộ lãnh đạo, quản lý.",
            D(2021, 9, 30),
            _closed(D(2021, 9, 24), D(2021, 10, 5)),
        ),
        _Row(
            "6",
            "Chuyên đề nâng cao chất lượng công tác phát triển đảng viên.",
            D(2023, 6, 30),
            _closed(D(2023, 6, 23), D(2023, 7, 5)),
        ),
        _Row(
            "7",
            "Chuyên đề đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
            D(2021, 6, 30),
            _closed(D(2021, 6, 18), D(2021, 6, 29)),
            lead=BTG,
        ),
        _Row(
            "8",
            "Đề án nâng cao chất lượng công tác bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các "
            "quan điểm sai trái, thù địch.",
            D(2022, 3, 31),
            _closed(D(2022, 3, 25), D(2022, 4, 6)),
            lead=BTG,
        ),
        _Row(
            "9",
            "Chuyên đề đổi mới công tác tuyên truyền, nắm bắt dư luận xã hội.",
            D(2022, 12, 31),
            _closed(D(2022, 12, 9), D(2022, 12, 20)),
            lead=BTG,
        ),
        _Row(
            "10",
            "Đề án nâng cao chất lượng học tập lý luận chính trị của cán bộ, đảng viên.",
            D(2023, 3, 31),
            _closed(D(2023, 3, 24), D(2023, 4, 4)),
            lead=BTG,
        ),
        _Row(
            "11",
            "Chuyên đề nâng cao hiệu lực, hiệu quả công tác kiểm tra, giám sát và thi hành kỷ luật đảng.",
            D(2021, 12, 31),
            _closed(D(2021, 12, 10), D(2021, 12, 21)),
            lead=UBKT,
        ),
        _Row(
            "12",
            "Quy chế phối hợp trong công tác kiểm tra, giám sát giữa Ủy ban Kiểm tra Thành ủy và các cơ "
            "quan liên quan.",
            D(2021, 9, 30),
            _closed(D(2021, 9, 17), D(2021, 9, 28)),
            lead=UBKT,
        ),
        _Row(
            "13",
            "Chuyên đề kiểm tra, giám sát việc kê khai tài sản, thu nhập.",
            D(2022, 12, 31),
            _closed(D(2023, 1, 13), D(2023, 1, 30)),
            lead=UBKT,
        ),
        _Row(
            "14",
            "Chuyên đề giám sát chuyên đề đối với tổ chức đảng và đảng viên.",
            D(2023, 6, 30),
            _closed(D(2023, 6, 16), D(2023, 6, 27)),
            lead=UBKT,
        ),
        _Row(
            "15",
            "Đề án chuyển đổi số trong các cơ quan Đảng Thành phố.",
            D(2024, 12, 31),
            _closed(D(2024, 12, 13), D(2024, 12, 24)),
            "vanphong",
            lead=VPTU,
        ),
        _Row(
            "16",
            "Quy chế làm việc của Ban Chấp hành Đảng bộ Thành phố khóa XVII.",
            D(2021, 6, 30),
            _closed(D(2021, 5, 28), D(2021, 6, 8)),
            lead=VPTU,
        ),
        _Row(
            "17",
            "Chuyên đề nâng cao chất lượng công tác tham mưu, giúp việc và theo dõi, đôn đốc thực hiện "
            "nhiệm vụ.",
            D(2022, 6, 30),
            _closed(D(2022, 6, 17), D(2022, 6, 28)),
            "vanphong",
            lead=VPTU,
        ),
        _Row(
            "18",
            "Đề án vị trí việc làm, cơ cấu ngạch công chức trong các cơ quan hành chính Thành phố.",
            D(2023, 12, 31),
            _closed(D(2023, 12, 22), D(2024, 1, 5)),
            lead=SNV,
        ),
        _Row(
            "19",
            "Chuyên đề đẩy mạnh cải cách hành chính, nâng cao các chỉ số PAR INDEX, SIPAS của Thành phố.",
            D(2022, 12, 31),
            _closed(D(2022, 12, 23), D(2023, 1, 6)),
            lead=SNV,
        ),
        _Row(
            "20",
            "Đề án thi tuyển chức danh lãnh đạo, quản lý cấp phòng và tương đương.",
            D(2022, 6, 30),
            _closed(D(2022, 6, 29), D(2022, 7, 12)),
            lead=SNV,
        ),
        _Row(
            "21",
            "Chuyên đề tăng cường kỷ luật, kỷ cương hành chính, đạo đức công vụ.",
            D(2023, 6, 30),
            _closed(D(2023, 7, 7), D(2023, 7, 18)),
            lead=SNV,
        ),
        _Row(
            "22",
            "Đề án tinh giản biên chế gắn với cơ cấu lại đội ngũ cán bộ, công chức, viên chức.",
            D(2025, 12, 31),
            _closed(D(2025, 12, 12), D(2025, 12, 23)),
            lead=SNV,
        ),
        _Row(
            "23",
            "Đề án nâng cao chất lượng hoạt động của Bộ phận Một cửa các cấp.",
            D(2021, 12, 31),
            _closed(D(2021, 12, 24), D(2022, 1, 7)),
            lead=VPUB,
        ),
        _Row(
            "24",
            "Chuyên đề cải cách thủ tục hành chính, cắt giảm thời gian giải quyết thủ tục hành chính.",
            D(2022, 12, 31),
            _closed(D(2022, 12, 16), D(2022, 12, 27)),
            lead=VPUB,
        ),
        _Row(
            "25",
            "Đề án vận hành Hệ thống thông tin giải quyết thủ tục hành chính Thành phố.",
            D(2023, 9, 30),
            _closed(D(2023, 9, 8), D(2023, 9, 14)),
            lead=VPUB,
        ),
        _Row(
            "26",
            "Đề án xây dựng chính quyền số thành phố Hà Nội.",
            D(2025, 9, 30),
            _closed(D(2025, 9, 19), D(2025, 9, 30)),
            TT,
            lead=TTTT,
        ),
        _Row(
            "27",
            "Chuyên đề bảo đảm an toàn, an ninh thông tin trong các cơ quan nhà nước.",
            D(2022, 6, 30),
            _closed(D(2022, 6, 10), D(2022, 6, 21)),
            TT,
            lead=TTTT,
        ),
        _Row(
            "28",
            "Đề án phát triển hạ tầng số, nền tảng dùng chung của Thành phố.",
            D(2023, 6, 30),
            _closed(D(2023, 6, 29), D(2023, 7, 11)),
            TT,
            lead=TTTT,
        ),
        _Row(
            "29",
            "Chuyên đề nâng cao chất lượng xây dựng, kiểm tra, rà soát văn bản quy phạm pháp luật.",
            D(2022, 9, 30),
            _closed(D(2022, 9, 23), D(2022, 10, 4)),
            lead=STP,
        ),
        _Row(
            "30",
            "Đề án phổ biến, giáo dục pháp luật cho cán bộ, công chức và nhân dân.",
            D(2021, 12, 31),
            _closed(D(2021, 12, 15), D(2021, 12, 27)),
            lead=STP,
        ),
        _Row(
            "31",
            "Chuyên đề nâng cao hiệu quả công tác thanh tra công vụ.",
            D(2022, 12, 31),
            _closed(D(2022, 12, 20), D(2023, 1, 4)),
            lead=TTTP,
        ),
        _Row(
            "32",
            "Chuyên đề tiếp công dân, giải quyết khiếu nại, tố cáo.",
            D(2023, 6, 30),
            _closed(D(2023, 6, 9), D(2023, 6, 20)),
            lead=TTTP,
        ),
        _Row(
            "33",
            "Chuyên đề phát huy vai trò giám sát, phản biện xã hội của Mặt trận Tổ quốc và các đoàn thể "
            "chính trị - xã hội.",
            D(2022, 12, 31),
            _closed(D(2022, 11, 18), D(2022, 11, 29)),
            lead=MTTQ,
        ),
        _Row(
            "34",
            "Đề án bồi dưỡng, giới thiệu đoàn viên ưu tú cho Đảng xem xét kết nạp.",
            D(2023, 9, 30),
            _closed(D(2023, 8, 25), D(2023, 9, 7)),
            lead=TDOAN,
        ),
    ),
)

# --- Directive 24-CT/TU: six regular tasks, assigned to departments and districts (seeds 000, 001) ---

DIRECTIVE_24_TASKS: tuple[str, ...] = (
    "Tăng cường tuyên truyền, giáo dục nâng cao nhận thức về vị trí, vai trò, trách nhiệm của cán bộ, đảng "
    "viên, công chức, viên chức; không né tránh, đùn đẩy trách nhiệm; xây dựng văn hóa lãnh đạo, văn hóa "
    "liêm chính.",
    "Đổi mới phương thức lãnh đạo, chỉ đạo, điều hành: chuẩn hóa, cá thể hóa, cụ thể hóa thẩm quyền, trách "
    "nhiệm ở từng khâu, từng bước; việc cấp bách giải quyết kịp thời, việc phức tạp bàn bạc tập thể.",
    "Rà soát chức năng, nhiệm vụ, tổ chức bộ máy của cơ quan, đơn vị các cấp, bảo đảm không chồng chéo, "
    "trùng lặp, bỏ sót nhiệm vụ; xác định rõ trách nhiệm của tập thể, cá nhân.",
    "Kịp thời thay thế, điều chuyển cán bộ không hoàn thành nhiệm vụ, không chờ hết nhiệm kỳ; định kỳ chuyển "
    "đổi vị trí công tác của công chức chuyên môn và cấp phó, không quá 5 năm (Nghị định số 59/2019/NĐ-CP); "
    "đánh giá cán bộ hằng tháng.",
    "Siết chặt kỷ luật, kỷ cương: tăng cường thanh tra, kiểm tra, giám sát, kiểm tra đột xuất (giờ giấc, "
    "thái độ phục vụ, giải quyết thủ tục hành chính); đẩy mạnh ứng dụng công nghệ thông tin, chuyển đổi "
    "số; lấy sự hài lòng của người dân làm thước đo; rà soát toàn bộ nhiệm vụ, xác định nhiệm vụ chậm "
    "tiến độ; ban hành quy định giao việc rõ người, rõ việc, rõ thời gian, rõ trách nhiệm, rõ kết quả.",
    "Phát động phong trào thi đua về tinh thần trách nhiệm; lấy kết quả thực hiện Chỉ thị làm tiêu chí đánh "
    "giá, xếp loại tập thể, cá nhân hằng năm; kịp thời khen thưởng, nhân rộng gương điển hình.",
)

DIRECTIVE_24 = "24-CT/TU"
DIRECTIVE_24_ASSIGNED_ON = D(2023, 8, 21)
# The departments and districts that lead the six tasks, with their lead persons. The Party's own
# committees carry the Directive too; the demo follows its authorities, where the accounts are.
DIRECTIVE_24_UNITS: tuple[tuple[str, str], ...] = (
    (VHTT, GD),
    (TTTT, TT),
    ("ubnd_ba_vi", BAVI),
    ("ubnd_phu_xuyen", ""),
    ("ubnd_thuong_tin", ""),
)
# Half-yearly reports on a regular task (percent: the share of the period's planned work done).
_HALF_YEARS = (D(2023, 12, 20), D(2024, 6, 20), D(2024, 12, 20), D(2025, 6, 20), D(2025, 12, 19))
REFORM_CANCEL_ON = D(2025, 7, 1)
REFORM_REASON = (
    "Từ 01/07/2025 tổ chức chính quyền địa phương hai cấp, cấp huyện kết thúc hoạt động; nhiệm vụ giao cho "
    "chính quyền cấp xã kế thừa."
)
QUANG_OAI_ASSIGNED_ON = D(2025, 7, 8)


def _half_year_text(day: dt.date) -> str:
    half = "6 tháng đầu năm" if day.month <= 6 else "năm"
    return (
        f"Báo cáo kết quả thực hiện {half} {day.year}: đã quán triệt, triển khai tại đơn vị; "
        "kết quả theo phụ lục."
    )


def _directive_24() -> tuple[_Spec, ...]:
    specs: list[_Spec] = []
    for unit, person in DIRECTIVE_24_UNITS:
        district = unit.startswith("ubnd_")
        for index, content in enumerate(DIRECTIVE_24_TASKS, start=1):
            days = [d for d in _HALF_YEARS if not district or d < REFORM_CANCEL_ON]
            steps: list[_Step] = [_progress(d, 100, _half_year_text(d)) for d in days]
            if district:
                steps.append(_cancel(REFORM_CANCEL_ON, REFORM_REASON))
            specs.append(
                _Spec(
                    key=f"{DIRECTIVE_24}#{index}@{unit}",
                    document=DIRECTIVE_24,
                    assigner=VPTU,
                    lead=unit,
                    content=content,
                    assigned_on=DIRECTIVE_24_ASSIGNED_ON,
                    deadline_on=None,
                    steps=tuple(steps),
                    ordinal=str(index),
                    lead_person=person,
                )
            )
    # Ba Vì's part passes to the People's Committee of Quảng Oai, which took over its seat.
    for index, content in enumerate(DIRECTIVE_24_TASKS, start=1):
        specs.append(
            _Spec(
                key=f"{DIRECTIVE_24}#{index}@ubnd_xa_quang_oai",
                document=DIRECTIVE_24,
                assigner=VPTU,
                lead="ubnd_xa_quang_oai",
                content=content,
                assigned_on=QUANG_OAI_ASSIGNED_ON,
                deadline_on=None,
                steps=(_progress(D(2025, 12, 19), 80, _half_year_text(D(2025, 12, 19))),),
                ordinal=str(index),
                lead_person=BAVI,
            )
        )
    return tuple(specs)


# The Department cascades task 3 (review of functions) to its offices and units: Task Force 826's
# review, done by the offices and two units by 27 Dec 2023, by the Hanoi Library in January 2024
# (seed 003), after an extension.
REVIEW_PARENT = f"{DIRECTIVE_24}#3@{VHTT}"
REVIEW_ASSIGNED_ON = D(2023, 9, 11)
REVIEW_DEADLINE = D(2023, 12, 25)
REVIEW_UNITS: tuple[tuple[str, str, str, tuple[_Step, ...]], ...] = (
    ("so_vhtt_van_phong", "Văn phòng Sở", "", _closed(D(2023, 12, 15), D(2023, 12, 27))),
    (
        "so_vhtt_phong_ke_hoach_tai_chinh",
        "Phòng Kế hoạch Tài chính",
        "Lê Thị Cẩm Tú",
        _closed(D(2023, 12, 12), D(2023, 12, 27)),
    ),
    (
        "so_vhtt_phong_to_chuc_phap_che",
        "Phòng Tổ chức Pháp chế",
        "Bùi Thúy Bình",
        _closed(D(2023, 12, 8), D(2023, 12, 27)),
    ),
    ("so_vhtt_phong_quan_ly_van_hoa", "Phòng Quản lý Văn hóa", CV, _closed(D(2023, 12, 14), D(2023, 12, 27))),
    (
        "so_vhtt_phong_nep_song_van_hoa_gia_dinh",
        "Phòng Xây dựng Nếp sống Văn hóa và Gia đình",
        "",
        _closed(D(2023, 12, 20), D(2023, 12, 27)),
    ),
    (
        "trung_tam_thong_tin_trien_lam",
        "Trung tâm Thông tin Triển lãm",
        "",
        _closed(D(2023, 12, 21), D(2023, 12, 27)),
    ),
    (
        "trung_tam_van_hoa_thanh_pho",
        "Trung tâm Văn hóa Thành phố",
        "",
        _closed(D(2023, 12, 22), D(2023, 12, 27)),
    ),
    (
        "thu_vien_ha_noi",
        "Thư viện Hà Nội",
        "Ngô Thị Quyền (demo)",
        (
            _extension(
                D(2023, 12, 15),
                D(2024, 1, 31),
                "Khối lượng rà soát lớn (hệ thống thư viện cơ sở); đề nghị gia hạn đến 31/01/2024.",
                decided_on=D(2023, 12, 18),
                approve=True,
            ),
            *_closed(D(2024, 1, 19), D(2024, 1, 26)),
        ),
    ),
)


def _review() -> tuple[_Spec, ...]:
    specs = [
        _Spec(
            key=f"{REVIEW_PARENT}/{unit}",
            document=DIRECTIVE_24,
            assigner=VHTT,
            lead=unit,
            content=f"Rà soát chức năng, nhiệm vụ, tổ chức bộ máy của {name}; "
            "báo cáo Tổ công tác 826 của Sở.",
            assigned_on=REVIEW_ASSIGNED_ON,
            deadline_on=REVIEW_DEADLINE,
            steps=(_progress(D(2023, 11, 10), 50), *steps),
            ordinal=f"3.{index}",
            lead_person=person,
            parent=REVIEW_PARENT,
            expected_product="Báo cáo rà soát, đề xuất sửa đổi quy định chức năng, nhiệm vụ.",
        )
        for index, (unit, name, person, steps) in enumerate(REVIEW_UNITS, start=1)
    ]
    return tuple(specs)


# The Department's own report on task 3 when the review ended (seed 003, on 2023-12-27).
REVIEW_REPORT = _progress(
    D(2023, 12, 27),
    90,
    "Tổ công tác 826 đã hoàn thành rà soát chức năng, nhiệm vụ tại các phòng và 2 đơn vị sự nghiệp; Thư viện "
    "Hà Nội hoàn thành trong tháng 01/2024.",
)

# --- Inspection Team No. 3's recommendations to the Department of Information and Communications ---
# (seed 002). Part 1 registers no document for the inspection's conclusion and the seeds give it no
# symbol, so none is invented: the four follow-up tasks hang on Directive 24-CT/TU, whose
# implementation the team inspected on 2024-07-19, and the conclusion is named as their authority.
# Assigned on 2024-07-25 (chosen), with deadlines in the fourth quarter of 2024.

INSPECTION_AUTHORITY = (
    "Kết luận của Đoàn kiểm tra số 3 của Ban Thường vụ Thành ủy (buổi làm việc ngày 19/7/2024) về việc thực "
    "hiện Chỉ thị số 24-CT/TU"
)
SY = "Nguyễn Tiến Sỹ"
INSPECTION_ASSIGNED_ON = D(2024, 7, 25)
INSPECTION = tuple(
    _Spec(
        key=f"inspection-3#{index}",
        document=DIRECTIVE_24,
        assigner=VPTU,
        lead=TTTT,
        content=content,
        assigned_on=INSPECTION_ASSIGNED_ON,
        deadline_on=deadline,
        steps=(
            _progress(INSPECTION_ASSIGNED_ON + (done - INSPECTION_ASSIGNED_ON) / 2, 50),
            *_closed(done, accepted),
        ),
        ordinal=f"KL3.{index}",
        lead_person=person,
        coordinating=coordinating,
        authority=INSPECTION_AUTHORITY,
    )
    for index, (content, deadline, done, accepted, person, coordinating) in enumerate(
        (
            (
                "Đẩy mạnh công tác tuyên truyền, phổ biến về chức năng, nhiệm vụ của Sở.",
                D(2024, 10, 31),
                D(2024, 10, 25),
                D(2024, 11, 5),
                SY,
                (),
            ),
            (
                "Tham mưu Thành phố triển khai Quy hoạch Thủ đô Hà Nội thời kỳ 2021-2030, tầm nhìn đến "
                "năm 2050 và Điều chỉnh Quy hoạch chung xây dựng Thủ đô Hà Nội đến năm 2045, tầm nhìn "
                "đến năm 2065 trong lĩnh vực thông tin và truyền thông.",
                D(2024, 12, 31),
                D(2025, 1, 17),
                D(2025, 2, 3),
                TT,
                (),
            ),
            (
                "Rà soát, hoàn thiện quy chế làm việc, quy chế phối hợp giữa Đảng ủy Sở và Ban Giám đốc; "
                "làm rõ trách nhiệm của Giám đốc, Bí thư Đảng ủy và các thành viên.",
                D(2024, 11, 30),
                D(2024, 11, 22),
                D(2024, 12, 2),
                TT,
                ("dang_uy_so_thong_tin_truyen_thong",),
            ),
            (
                "Tham mưu mạnh mẽ hơn về các mô hình mới, cách làm hay trong chuyển đổi số; tiếp tục phối "
                "hợp với các cơ quan báo chí Thành phố đẩy mạnh tuyên truyền cài đặt ứng dụng iHaNoi.",
                D(2024, 12, 15),
                D(2024, 12, 12),
                D(2024, 12, 20),
                SY,
                (),
            ),
        ),
        start=1,
    )
)

# --- A synthetic spread, 2024-2025: late, overdue, extended, returned, reopened, not updated ---------
# Hung on Directive 24-CT/TU, whose task 5 asks exactly for this review of delays; marked "[Mô phỏng]".

SYN = "[Mô phỏng] "


def _spread(
    key: str,
    lead: str,
    content: str,
    assigned_on: dt.date,
    deadline_on: dt.date,
    *steps: _Step,
) -> _Spec:
    return _Spec(
        key=f"spread.{key}",
        document=DIRECTIVE_24,
        assigner=VPTU,
        lead=lead,
        content=SYN + content,
        assigned_on=assigned_on,
        deadline_on=deadline_on,
        steps=steps,
    )


SPREAD: tuple[_Spec, ...] = (
    _spread(
        "late.department",
        SNV,
        "Rà soát, tổng hợp danh sách công chức, viên chức đến kỳ chuyển đổi vị trí "
        "công tác theo Nghị định số 59/2019/NĐ-CP.",
        D(2024, 3, 4),
        D(2024, 5, 31),
        _progress(D(2024, 4, 19), 50),
        *_closed(D(2024, 6, 21), D(2024, 6, 28)),
    ),
    _spread(
        "late.district",
        "ubnd_soc_son",
        "Kiểm tra đột xuất việc chấp hành giờ giấc, thái độ phục vụ tại Bộ phận Một cửa huyện và các xã.",
        D(2024, 4, 8),
        D(2024, 6, 30),
        _progress(D(2024, 5, 24), 40),
        *_closed(D(2024, 7, 19), D(2024, 7, 30)),
    ),
    _spread(
        "on_time.district",
        "ubnd_ung_hoa",
        "Ban hành quy định giao việc rõ người, rõ việc, rõ thời gian, rõ "
        "trách nhiệm, rõ kết quả tại UBND huyện.",
        D(2024, 5, 13),
        D(2024, 8, 30),
        _progress(D(2024, 7, 5), 60),
        *_closed(D(2024, 8, 23), D(2024, 9, 4)),
    ),
    _spread(
        "extension.approved",
        "so_ke_hoach_dau_tu",
        "Rà soát các dự án đầu tư công chậm tiến độ, đề xuất giải pháp tháo gỡ.",
        D(2024, 9, 9),
        D(2024, 11, 29),
        _progress(D(2024, 10, 18), 40),
        _extension(
            D(2024, 11, 20),
            D(2025, 1, 24),
            "Chờ số liệu giải ngân cuối năm của các chủ đầu tư.",
            decided_on=D(2024, 11, 26),
            approve=True,
            note="Đồng ý gia hạn đến 24/01/2025.",
        ),
        *_closed(D(2025, 1, 17), D(2025, 2, 5)),
    ),
    _spread(
        "extension.refused",
        "so_giao_thong_van_tai",
        "Báo cáo kết quả xử lý các kiến nghị của cử tri về trật tự giao thông, hè phố.",
        D(2025, 2, 10),
        D(2025, 3, 31),
        _progress(D(2025, 3, 7), 50),
        _extension(
            D(2025, 3, 20),
            D(2025, 6, 30),
            "Cần thêm thời gian khảo sát hiện trường.",
            decided_on=D(2025, 3, 25),
            approve=False,
            note="Nội dung cấp bách, không gia hạn; đề nghị tập trung hoàn thành.",
        ),
        *_closed(D(2025, 4, 10), D(2025, 4, 18)),
    ),
    _spread(
        "returned",
        "so_du_lich",
        "Xây dựng quy chế phối hợp quản lý hoạt động kinh doanh dịch vụ karaoke, vũ trường.",
        D(2024, 10, 7),
        D(2025, 1, 24),
        _return(
            D(2024, 10, 14),
            "Không thuộc chức năng, nhiệm vụ của Sở Du lịch; đề nghị giao Sở Văn hóa và Thể thao chủ trì.",
        ),
        _reassign(D(2024, 10, 16), VHTT, CV),
        _progress(D(2024, 12, 6), 60),
        *_closed(D(2025, 1, 17), D(2025, 1, 23)),
    ),
    _spread(
        "reopened",
        STP,
        "Rà soát văn bản quy phạm pháp luật của Thành phố về phân cấp, ủy quyền.",
        D(2024, 5, 6),
        D(2024, 8, 30),
        _progress(D(2024, 7, 1), 60),
        *_closed(D(2024, 8, 23), D(2024, 9, 4)),
        _reopen(D(2024, 10, 7), "Thiếu kết quả rà soát văn bản của cấp huyện; đề nghị bổ sung."),
        _progress(D(2024, 10, 25), 85),
        *_closed(D(2024, 11, 15), D(2024, 11, 25)),
    ),
    _spread(
        "rework",
        "so_lao_dong_thuong_binh_xa_hoi",
        "Tổng hợp kết quả đánh giá cán bộ hằng tháng tại các đơn vị trực thuộc.",
        D(2024, 6, 3),
        D(2024, 8, 15),
        _done(D(2024, 8, 12)),
        _rework(D(2024, 8, 16), "Báo cáo chưa có số liệu của các đơn vị sự nghiệp; đề nghị bổ sung."),
        *_closed(D(2024, 8, 26), D(2024, 9, 3)),
    ),
    _spread(
        "cancelled",
        "ubnd_hoai_duc",
        "Tổ chức hội nghị chuyên đề về văn hóa công vụ.",
        D(2024, 11, 11),
        D(2025, 3, 31),
        _cancel(D(2025, 2, 10), "Nội dung đã được thực hiện trong hội nghị sơ kết Chỉ thị của Huyện ủy."),
    ),
    # Overdue and chased up three times: the third chase-up escalates it to the head of the Office.
    _spread(
        "overdue.escalated",
        "so_xay_dung",
        "Rà soát, công khai quy trình cấp giấy phép xây dựng.",
        D(2025, 3, 10),
        D(2025, 6, 30),
        _progress(D(2025, 5, 15), 40),
        _chase(D(2025, 7, 8), "Đề nghị Sở khẩn trương báo cáo kết quả."),
        _chase(D(2025, 7, 22), "Đôn đốc lần 2."),
        _chase(D(2025, 8, 5), "Đôn đốc lần 3; báo cáo Thường trực Thành ủy."),
    ),
    _spread(
        "overdue",
        "so_tai_nguyen_moi_truong",
        "Giải quyết dứt điểm hồ sơ cấp giấy chứng nhận quyền sử dụng đất tồn đọng.",
        D(2025, 2, 17),
        D(2025, 9, 30),
        _progress(D(2025, 4, 18), 30),
        _progress(D(2025, 8, 22), 60),
    ),
    _spread(
        "never_updated",
        "so_giao_duc_dao_tao",
        "Rà soát, chuẩn hóa quy trình giải quyết công việc nội bộ của Sở.",
        D(2025, 11, 3),
        D(2027, 6, 30),
    ),
)


# --- Live work around the load day (synthetic) ---------------------------------------------------------


def _live_specs(today: dt.date) -> tuple[_Spec, ...]:
    """Tasks whose days are counted from the load day, so that "due this week", "due today",
    "overdue", "not updated" and "awaiting a decision" are alive whenever the demo is loaded."""

    def day(offset: int) -> dt.date:
        return today + dt.timedelta(days=offset)

    def live(
        key: str,
        document: str,
        assigner: str,
        lead: str,
        person: str,
        content: str,
        assigned: int,
        deadline: int,
        *steps: _Step,
    ) -> _Spec:
        return _Spec(
            key=f"live.{key}",
            document=document,
            assigner=assigner,
            lead=lead,
            content=SYN + content,
            assigned_on=day(assigned),
            deadline_on=day(deadline),
            steps=steps,
            lead_person=person,
            exact_dates=True,
        )

    standing, quang_oai, resolution_15 = "ban_thuong_vu_thanh_uy", "ubnd_xa_quang_oai", "15-NQ/TW"
    return (
        # chuyenvien.vhtt and sovhtt
        live(
            "vhtt.due_today",
            DIRECTIVE_24,
            VPTU,
            VHTT,
            CV,
            "Báo cáo kết quả thực hiện Chỉ thị 24-CT/TU quý này tại Sở.",
            -21,
            0,
            _progress(day(-4), 80),
        ),
        live(
            "vhtt.due_this_week",
            DIRECTIVE_24,
            VPTU,
            VHTT,
            CV,
            "Tổng hợp danh sách di tích xuống cấp cần tu bổ năm tới.",
            -14,
            4,
            _progress(day(-6), 50),
        ),
        live(
            "vhtt.overdue",
            DIRECTIVE_24,
            VPTU,
            VHTT,
            CV,
            "Rà soát hồ sơ cấp phép tổ chức lễ hội đầu năm.",
            -35,
            -3,
            _progress(day(-9), 60),
        ),
        live(
            "vhtt.not_updated",
            DIRECTIVE_24,
            VPTU,
            VHTT,
            GD,
            "Đánh giá hiệu quả hoạt động của các thiết chế văn hóa cơ sở sau sắp xếp đơn vị hành chính.",
            -50,
            25,
            _progress(day(-28), 30),
        ),
        live(
            "vhtt.reported",
            DIRECTIVE_24,
            VPTU,
            VHTT,
            CV,
            "Báo cáo rà soát thủ tục hành chính lĩnh vực văn hóa còn chồng chéo.",
            -30,
            5,
            _progress(day(-12), 60),
            _done(day(-2)),
        ),
        live(
            "vhtt.extension_pending",
            DIRECTIVE_24,
            VPTU,
            VHTT,
            GD,
            "Xây dựng kế hoạch kiểm tra đột xuất việc "
            "chấp hành kỷ luật, kỷ cương tại các đơn vị trực thuộc Sở.",
            -40,
            2,
            _progress(day(-12), 40),
            _extension(day(-1), day(30), "Chờ ý kiến của Sở Nội vụ về nội dung kiểm tra công vụ."),
        ),
        # vanphong and chanhvanphong: the Office leads work of the Standing Committee.
        live(
            "vptu.due_this_week",
            DIRECTIVE_24,
            standing,
            VPTU,
            "vanphong",
            "Tổng hợp báo cáo sơ kết việc thực hiện Chỉ thị 24-CT/TU toàn Thành phố.",
            -20,
            6,
            _progress(day(-5), 70),
        ),
        live(
            "vptu.overdue",
            DIRECTIVE_24,
            standing,
            VPTU,
            "chanhvanphong",
            "Trình Thường trực Thành ủy danh sách nhiệm vụ chậm tiến độ của các cơ quan, đơn vị.",
            -25,
            -2,
            _progress(day(-7), 80),
        ),
        # sotttt
        live(
            "tttt.due_this_week",
            DIRECTIVE_24,
            VPTU,
            TTTT,
            TT,
            "Báo cáo tiến độ tuyên truyền cài đặt ứng dụng iHaNoi.",
            -20,
            5,
            _progress(day(-3), 70),
        ),
        live(
            "tttt.overdue",
            DIRECTIVE_24,
            VPTU,
            TTTT,
            TT,
            "Hoàn thiện quy chế quản lý, vận hành nền tảng dữ liệu dùng chung.",
            -45,
            -5,
            _progress(day(-20), 50),
        ),
        live(
            "tttt.not_updated",
            DIRECTIVE_24,
            VPTU,
            TTTT,
            TT,
            "Đánh giá mức độ an toàn thông tin của các hệ thống dùng chung.",
            -60,
            40,
            _progress(day(-30), 30),
        ),
        live(
            "tttt.reported",
            DIRECTIVE_24,
            VPTU,
            TTTT,
            TT,
            "Báo cáo kết quả số hóa hồ sơ, tài liệu lưu trữ của Sở.",
            -28,
            3,
            _progress(day(-10), 70),
            _done(day(-1)),
        ),
        # bavi, at the People's Committee of Quảng Oai since 1 Jul 2025
        live(
            "bavi.due_soon",
            resolution_15,
            VPUB,
            quang_oai,
            BAVI,
            "Rà soát, đề xuất phương án sử dụng trụ sở dôi dư sau sắp xếp đơn vị hành chính.",
            -18,
            2,
            _progress(day(-6), 60),
        ),
        live(
            "bavi.overdue",
            resolution_15,
            VPUB,
            quang_oai,
            BAVI,
            "Hoàn thành số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực.",
            -40,
            -4,
            _progress(day(-10), 75),
        ),
        live(
            "bavi.not_updated",
            resolution_15,
            VPUB,
            quang_oai,
            BAVI,
            "Kiện toàn tổ công nghệ số cộng đồng tại các thôn.",
            -45,
            30,
        ),
    )


def _live_regular_reports(today: dt.date) -> tuple[tuple[str, _Step], ...]:
    """Recent reports on some regular tasks: some are up to date, the others not updated."""
    recent = today - dt.timedelta(days=8)
    return (
        (
            f"{DIRECTIVE_24}#5@{VHTT}",
            _progress(recent, 80, "Đã kiểm tra đột xuất 3 đơn vị trực thuộc trong tháng."),
        ),
        (
            f"{DIRECTIVE_24}#5@{TTTT}",
            _progress(recent, 80, "Đã cập nhật tiến độ các nhiệm vụ chậm lên hệ thống."),
        ),
        (
            f"{DIRECTIVE_24}#5@ubnd_xa_quang_oai",
            _progress(recent, 70, "Đã rà soát nhiệm vụ chậm tiến độ của xã."),
        ),
    )


# --- the loader -----------------------------------------------------------------------------------------

# Who acts for a lead unit: (reports and the done report, the leader's moves). Default: admin.
LEAD_ACTORS: dict[str, tuple[str, str]] = {
    VHTT: (CV, GD),
    "so_vhtt_phong_quan_ly_van_hoa": (CV, GD),
    TTTT: (TT, TT),
    VPTU: ("vanphong", "chanhvanphong"),
    "ubnd_ba_vi": (BAVI, BAVI),
    "ubnd_xa_quang_oai": (BAVI, BAVI),
}
# Who acts for an assigning unit: (assigns, chases up, reworks, cancels; accepts and decides).
# Default: the system.
ASSIGNER_ACTORS: dict[str, tuple[str, str]] = {
    VPTU: ("vanphong", "chanhvanphong"),
    VHTT: (GD, GD),
}
DATA_ENTRY = "admin"


@dataclass(frozen=True)
class DemoTasks:
    """What the tests and the ``demo`` command need to find the demo's tasks again."""

    tasks: Mapping[str, int]  # spec key ("06/Ctr-TU#3", "live.vhtt.overdue"...) -> Task id
    top_level: int
    subtasks: int
    swept: Mapping[str, int]  # what the sweep on the load day touched, per step

    def summary(self) -> str:
        swept = ", ".join(f"{name} {count}" for name, count in self.swept.items())
        return f"Tasks: {self.top_level} top-level and {self.subtasks} subtasks; sweep: {swept}"


def _on_working_day(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


class _Run:
    """One run of the loader: the records it needs, found once, and the tasks made so far."""

    def __init__(self, city: DemoCity) -> None:
        by_id = OrgUnit.objects.in_bulk(list(city.units.values()))
        self.units: dict[str, OrgUnit] = {key: by_id[pk] for key, pk in city.units.items()}
        documents = Document.objects.in_bulk(list(city.documents.values()))
        self.documents = {symbol: documents[pk] for symbol, pk in city.documents.items()}
        people = Person.objects.in_bulk(list(city.people.values()))
        self.people = {name: people[pk] for name, pk in city.people.items()}
        self.users = {user.username: user for user in User.objects.filter(username__in=city.usernames)}
        self.person_of_user = {
            person.user.username: person
            for person in Person.objects.filter(user__username__in=city.usernames).select_related("user")
            if person.user is not None
        }
        self.tasks: dict[str, Task] = {}
        self.lead_of: dict[str, str] = {}  # spec key -> current lead unit key

    def user(self, username: str | None) -> User | None:
        return None if username is None else self.users[username]

    def person(self, name: str) -> Person | None:
        if not name:
            return None
        return self.person_of_user.get(name) or self.people[name]

    def lead_actor(self, key: str, *, leader: bool) -> User | None:
        actors = LEAD_ACTORS.get(self.lead_of[key], (DATA_ENTRY, DATA_ENTRY))
        return self.user(actors[1] if leader else actors[0])

    def assigner_actor(self, spec: _Spec, *, leader: bool) -> User | None:
        actors = ASSIGNER_ACTORS.get(spec.assigner)
        return None if actors is None else self.user(actors[1] if leader else actors[0])

    def create(self, spec: _Spec) -> Task:
        day = spec.assigned_on if spec.exact_dates else _on_working_day(spec.assigned_on)
        parent = self.tasks[spec.parent] if spec.parent else None
        task = assignment.task_assign(
            actor=self.assigner_actor(spec, leader=False),
            content=spec.content,
            lead_unit=self.units[spec.lead],
            assigner_unit=self.units[spec.assigner],
            document=None if parent is not None else self.documents[spec.document],
            parent=parent,
            coordinating_units=[self.units[key] for key in spec.coordinating],
            lead_person=self.person(spec.lead_person),
            kind=TaskKind.REGULAR if spec.deadline_on is None else TaskKind.DEADLINE,
            deadline_on=spec.deadline_on,
            expected_product=spec.expected_product,
            urgency=spec.urgency,
            authority=spec.authority,
            ordinal=spec.ordinal,
            assigned_on=day,
        )
        self.tasks[spec.key] = task
        self.lead_of[spec.key] = spec.lead
        return task

    def play(self, spec: _Spec, step: _Step) -> None:
        """Replay one step through its service, on its day, by the side's actor."""
        task = self.tasks[spec.key]
        on = step.on if spec.exact_dates else max(_on_working_day(step.on), task.assigned_on)
        if step.kind == "progress":
            progress.task_report_progress(
                actor=self.lead_actor(spec.key, leader=False),
                task=task,
                percent=step.percent,
                text=step.text,
                on=on,
            )
        elif step.kind == "extension":
            self.extension(spec, task, step, on)
        elif step.kind == "chase":
            lifecycle.task_chase_up(
                actor=self.assigner_actor(spec, leader=False), task=task, text=step.text, on=on
            )
        else:
            self.move(spec, task, step, on)

    def move(self, spec: _Spec, task: Task, step: _Step, on: dt.date) -> None:
        action = {"done": "report_done"}.get(step.kind, step.kind)
        if action in ("report_done", "return"):
            actor = self.lead_actor(spec.key, leader=action == "return")
        else:
            actor = self.assigner_actor(spec, leader=action == "accept")
        version = Task.objects.values_list("version", flat=True).get(pk=task.pk)
        self.tasks[spec.key] = lifecycle.task_transition(
            actor=actor,
            task=task,
            action=action,
            expected_version=version,
            reason=step.text,
            lead_unit=self.units[step.unit] if step.unit else None,
            lead_person=self.person(step.person),
            on=on,
            files=_product_file(spec) if action == "report_done" and spec.expected_product else (),
        )
        if action == "reassign":
            self.lead_of[spec.key] = step.unit

    def extension(self, spec: _Spec, task: Task, step: _Step, on: dt.date) -> None:
        assert step.until is not None
        request: ExtensionRequest = progress.extension_request(
            actor=self.lead_actor(spec.key, leader=True),
            task=task,
            proposed_deadline_on=step.until,
            reason=step.text,
            on=on,
        )
        if step.decided_on is not None:
            decided = step.decided_on if spec.exact_dates else _on_working_day(step.decided_on)
            progress.extension_decide(
                actor=self.assigner_actor(spec, leader=True),
                request=request,
                approve=step.approve,
                note=step.note,
                expected_version=request.version,
                on=decided,
            )

    def load(self, specs: Iterable[_Spec]) -> None:
        for spec in specs:
            self.create(spec)
            for step in spec.steps:
                self.play(spec, step)


def _history() -> tuple[_Spec, ...]:
    return (
        *PROGRAMME_06,
        *PLAN_176,
        *PROGRAMME_02,
        *PLAN_306,
        *RESOLUTION_09,
        *PLAN_217,
        *PLAN_102,
        *PROGRAMME_01,
        *_directive_24(),
        *_review(),
        *INSPECTION,
        *SPREAD,
    )


def _check_keys(specs: Sequence[_Spec]) -> None:
    repeated = [key for key, count in Counter(spec.key for spec in specs).items() if count > 1]
    if repeated:
        raise ValueError(f"Demo task keys used twice: {repeated}")


def load_demo_tasks(*, city: DemoCity, today: dt.date, stdout: Writer | None = None) -> DemoTasks:
    """Create the demo's tasks and their history, then sweep once for ``today``.

    Runs inside the caller's transaction (``load_demo_city``): all or nothing with the city.
    """
    if today <= HISTORY_ENDS_ON:
        raise ValueError(
            f"The demo's task history runs to {HISTORY_ENDS_ON.isoformat()}; load it on a later day than "
            f"{today.isoformat()}."
        )
    run = _Run(city)
    history = _history()
    live = _live_specs(today)
    _check_keys([*history, *live])
    run.load(history)
    parent = next(spec for spec in history if spec.key == REVIEW_PARENT)
    run.play(parent, REVIEW_REPORT)
    # The history's notices were read long ago: only the live work and the sweep's are new.
    for user in run.users.values():
        notification_services.notifications_mark_all_read(actor=user)
    run.load(live)
    for key, step in _live_regular_reports(today):
        run.play(replace(next(s for s in history if s.key == key), exact_dates=True), step)
    result = escalation.sweep(day=today)
    tasks = DemoTasks(
        tasks={key: task.pk for key, task in run.tasks.items()},
        top_level=sum(1 for task in run.tasks.values() if task.parent_id is None),
        subtasks=sum(1 for task in run.tasks.values() if task.parent_id is not None),
        swept=result.counts(),
    )
    if stdout is not None:
        stdout.write(tasks.summary() + "\n")
    return tasks
