"""The demo's tasks played through the task services, each step on its own day, by the account
that acts for its side (``data/actors.yaml``).

Why only through the services: the statistics the seeds quote ("15 of 20 tasks completed") and
the living office's figures must come out of the same records and definitions
(``mandate.tasks.states``) that a real deployment has, never out of rows the loader writes. So a
task is assigned with ``task_assign`` on its day (``assigned_on``) and everything after is replayed
with the services' ``on=``: progress, the done report, acceptance, rework, extensions, returns and
reassignment, reopening, cancellation, chase-ups. A service that refuses a step stops the load with
the file and line of the step's task (``ReplayError``).

Dates of the recorded history move to the previous working day when they fall on a day off
(``on_working_day``); deadlines are kept as written, and tasks with ``exact_dates`` keep their days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from mandate.core.exceptions import ApplicationError
from mandate.core.workdays import is_working_day
from mandate.dev.records import DemoCity
from mandate.dev.schemas import DemoData
from mandate.dev.task_specs import Spec, Step
from mandate.documents.models import Document
from mandate.organisations.models import OrgUnit
from mandate.people.models import Person, User
from mandate.tasks.enums import ExtensionStatus, TaskKind
from mandate.tasks.models import ExtensionRequest, Task
from mandate.tasks.services import assignment, lifecycle, progress

__all__ = ["ReplayError", "Run", "on_working_day"]


class ReplayError(RuntimeError):
    """A service refused a step of the data: says where the task is written and why."""


def on_working_day(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


class Run:
    """One replay: the records it needs, found once, and the tasks made so far by key."""

    def __init__(self, city: DemoCity, data: DemoData) -> None:
        by_id = OrgUnit.objects.in_bulk(list(city.units.values()))
        self.units: dict[str, OrgUnit] = {key: by_id[pk] for key, pk in city.units.items()}
        documents = Document.objects.in_bulk(list(city.documents.values()))
        self.documents = {symbol: documents[pk] for symbol, pk in city.documents.items()}
        people = Person.objects.in_bulk(list((city.person_keys or {}).values()))
        self.people = {key: people[pk] for key, pk in (city.person_keys or {}).items()}
        self.users = {user.username: user for user in User.objects.filter(username__in=city.usernames)}
        actors = data.actors
        self.data_entry: str = actors["data_entry"]
        self.lead_actors = {row["unit"]: (row["reports"], row["leader"]) for row in actors["lead"]}
        self.assigner_actors = {row["unit"]: (row["assigns"], row["decides"]) for row in actors["assigner"]}
        self.tasks: dict[str, Task] = {}
        self.lead_of: dict[str, str] = {}  # spec key -> current lead unit key
        self.played = 0  # service calls made

    def user(self, username: str | None) -> User | None:
        return None if username is None else self.users[username]

    def person(self, key: str) -> Person | None:
        return self.people[key] if key else None

    def lead_actor(self, key: str, *, leader: bool) -> User | None:
        actors = self.lead_actors.get(self.lead_of[key], (self.data_entry, self.data_entry))
        return self.user(actors[1] if leader else actors[0])

    def assigner_actor(self, spec: Spec, *, leader: bool) -> User | None:
        actors = self.assigner_actors.get(spec.assigner)
        return None if actors is None else self.user(actors[1] if leader else actors[0])

    def adopt(self, spec: Spec, task: Task) -> None:
        """A task made by an earlier run (the living office on an earlier day)."""
        self.tasks[spec.key] = task
        self.lead_of[spec.key] = self.units_key(task.lead_unit_id) or spec.lead

    def units_key(self, unit_id: int) -> str | None:
        return next((key for key, unit in self.units.items() if unit.pk == unit_id), None)

    def create(self, spec: Spec) -> Task:
        day = spec.assigned_on if spec.exact_dates else on_working_day(spec.assigned_on)
        parent = self.tasks[spec.parent] if spec.parent else None
        try:
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
        except ApplicationError as error:
            raise ReplayError(f"{spec.where}: the task {spec.key!r} was refused: {error}") from error
        self.played += 1
        self.tasks[spec.key] = task
        self.lead_of[spec.key] = spec.lead
        return task

    def play(self, spec: Spec, step: Step) -> None:
        """Replay one step through its service, on its day, by the side's actor."""
        task = self.tasks[spec.key]
        on = step.on if spec.exact_dates else max(on_working_day(step.on), task.assigned_on)
        try:
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
            elif step.kind == "decide":
                self.decide(spec, task.extension_requests.get(status=ExtensionStatus.PENDING), step, on)
            elif step.kind == "chase":
                lifecycle.task_chase_up(
                    actor=self.assigner_actor(spec, leader=False), task=task, text=step.text, on=on
                )
            else:
                self.move(spec, task, step, on)
        except ApplicationError as error:
            message = f"{spec.where}: {step.kind} of {spec.key!r} on {on:%d/%m/%Y} was refused: {error}"
            raise ReplayError(message) from error
        self.played += 1

    def move(self, spec: Spec, task: Task, step: Step, on: dt.date) -> None:
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
            reason=done_report_text(spec, step) if action == "report_done" else step.text,
            lead_unit=self.units[step.unit] if step.unit else None,
            lead_person=self.person(step.person),
            on=on,
            **(self.product(spec, step) if action == "report_done" else {}),
        )
        if action == "reassign":
            self.lead_of[spec.key] = step.unit

    def product(self, spec: Spec, step: Step) -> dict[str, Any]:
        """What a done report carries besides its text: the document that is the product, or
        the product file the demo makes (a small PDF the upload checks accept)."""
        if step.product_document:
            return {"product_document": self.documents[step.product_document]}
        name = product_file_name(spec, step)
        if not name:
            return {}
        content = product_pdf(f"{spec.key}: {spec.expected_product or step.text}")
        return {"files": [SimpleUploadedFile(name, content, content_type="application/pdf")]}

    def extension(self, spec: Spec, task: Task, step: Step, on: dt.date) -> None:
        assert step.until is not None
        request: ExtensionRequest = progress.extension_request(
            actor=self.lead_actor(spec.key, leader=True),
            task=task,
            proposed_deadline_on=step.until,
            reason=step.text,
            on=on,
        )
        if step.decided_on is not None:
            decided = step.decided_on if spec.exact_dates else on_working_day(step.decided_on)
            self.decide(spec, request, step, decided)

    def decide(self, spec: Spec, request: ExtensionRequest, step: Step, on: dt.date) -> None:
        progress.extension_decide(
            actor=self.assigner_actor(spec, leader=True),
            request=request,
            approve=step.approve,
            note=step.note,
            expected_version=request.version,
            on=on,
        )

    def load(self, specs: Iterable[Spec]) -> None:
        for spec in specs:
            self.create(spec)
            for step in spec.steps:
                self.play(spec, step)


def product_file_name(spec: Spec, step: Step) -> str:
    """The product file of a done report: as the data names it, or one named after the task
    when the task declares a product and the data names none."""
    if step.product_file or step.product_document or not spec.expected_product:
        return step.product_file
    return "ket-qua-" + "".join(c if c.isalnum() else "-" for c in spec.key.lower()) + ".pdf"


def done_report_text(spec: Spec, step: Step) -> str:
    """The done report's result in words, naming its product.

    The product itself goes with the report (``Run.product``); the text names it too, as a
    clerk's report does.
    """
    if step.product_document:
        return f"{step.text} Sản phẩm: văn bản số {step.product_document}."
    name = product_file_name(spec, step)
    if name:
        return f"{step.text} Sản phẩm: tệp {name}."
    return step.text


def product_pdf(title: str) -> bytes:
    """A small, valid one-page PDF whose text is ``title`` (ASCII only): the product file of a
    replayed done report, accepted by the upload checks (``core.uploads``)."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 12 Tf 72 720 Td (" + text[:200] + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out
