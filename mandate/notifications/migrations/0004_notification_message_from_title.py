"""Give the notices made before ADR 0027 their message and values, where the title shows them.

Notices were stored as text, rendered in the language active when they were made. A title that is
one of the messages the services gave, rendered in Vietnamese or English, gets that message and
its values back, so that it reads in its reader's language; any other keeps its text as it is.
The messages, their Vietnamese and the event labels are copied as they stood (migrations never
import app code). Titles are read once per distinct (title, unit): a sweep gives the same title
to thousands of notices, and each distinct one is a single UPDATE.
"""

import re

from django.db import migrations

# msgid: its Vietnamese, as in mandate/locale/vi/LC_MESSAGES/django.po when this was written.
MESSAGES = {
    "New task for %(unit)s": "Nhiệm vụ mới giao cho %(unit)s",
    "You lead a task": "Bạn được giao chủ trì một nhiệm vụ",
    "Extension requested": "Đề nghị gia hạn",
    "Extension approved": "Đã chấp thuận gia hạn",
    "Extension refused": "Đã từ chối gia hạn",
    "%(event)s: %(task)s": "%(event)s: %(task)s",
    "Instruction on a task": "Ý kiến chỉ đạo về nhiệm vụ",
    "Chase-up on a task": "Đôn đốc thực hiện nhiệm vụ",
    "Escalated: overdue after three reminders": "Chuyển lên lãnh đạo: quá hạn sau ba lần nhắc việc",
    "Deadline in %(n)s working days or less": "Còn không quá %(n)s ngày làm việc đến thời hạn",
    "The deadline is today": "Hôm nay là ngày đến hạn",
    "Overdue task": "Nhiệm vụ quá hạn",
}

# The labels of tasks.EventKind that a transition's notice names: English, Vietnamese.
EVENTS = {
    "Reported done": "Đã báo cáo hoàn thành",
    "Returned to the assigner": "Đã trả lại đơn vị giao nhiệm vụ",
    "Accepted": "Đã xác nhận hoàn thành",
    "Returned for rework": "Đã trả lại để hoàn thiện",
    "Reassigned": "Đã giao lại",
    "Cancelled": "Đã hủy",
    "Reopened": "Đã mở lại",
}
EVENT_BY_TEXT = {**{en: en for en in EVENTS}, **{vi: en for en, vi in EVENTS.items()}}

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _pattern(template):
    parts, end = [], 0
    for found in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[end : found.start()]))
        parts.append(f"(?P<{found.group(1)}>.+?)" if found.group(1) == "event" else f"(?P<{found.group(1)}>.+)")
        end = found.end()
    parts.append(re.escape(template[end:]))
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


# Event-named titles first ("Accepted: …" must not be read as a message without values).
PATTERNS = [
    (msgid, _pattern(rendered))
    for msgid in sorted(MESSAGES, key=lambda m: "%(event)s" not in m)
    for rendered in dict.fromkeys([MESSAGES[msgid], msgid])
]


def _values(msgid, found, unit):
    values = {}
    for name, text in found.groupdict().items():
        if name == "event":
            english = EVENT_BY_TEXT.get(text)
            if english is None:
                return None
            values[name] = {"vi": EVENTS[english], "en": english}
        elif name == "unit":
            if unit is not None and text in (unit.name, unit.name_en):
                values[name] = {"vi": unit.name, "en": unit.name_en or unit.name}
            else:
                values[name] = text
        elif name == "n" and text.isdigit():
            values[name] = int(text)
        else:
            values[name] = text
    return values


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    OrgUnit = apps.get_model("organisations", "OrgUnit")
    pending = Notification.objects.filter(message="")
    pairs = pending.order_by().values_list("title", "unit_id").distinct()
    units = {}
    for title, unit_id in list(pairs):
        for msgid, pattern in PATTERNS:
            found = pattern.match(title)
            if found is None:
                continue
            if unit_id is not None and unit_id not in units:
                units[unit_id] = OrgUnit.objects.filter(pk=unit_id).first()
            values = _values(msgid, found, units.get(unit_id))
            if values is None:
                continue
            pending.filter(title=title, unit_id=unit_id).update(message=msgid, params=values)
            break


def backwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Notification.objects.exclude(message="").update(message="", params={})


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_notification_message"),
        ("organisations", "0001_initial"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
