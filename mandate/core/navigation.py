"""The main menu. Entries whose page does not exist yet are left out, so apps add pages without
editing the layout."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Entry:
    route: str
    label: str | Promise
    icon: str


MENU = (
    Entry("tasks:my_work", _("My work"), "bi-inbox"),
    Entry("tasks:list", _("Tasks"), "bi-list-check"),
    Entry("tasks:dashboard", _("Dashboard"), "bi-bar-chart"),
    Entry("documents:register", _("Documents"), "bi-journal-text"),
    Entry("indicators:catalogue", _("Indicators"), "bi-speedometer2"),
    Entry("inspections:list", _("Inspections"), "bi-search"),
    Entry("evaluations:home", _("Evaluations"), "bi-person-check"),
    Entry("reports:list", _("Reports"), "bi-file-earmark-text"),
    Entry("organisations:tree", _("Organisation"), "bi-diagram-3"),
)


def menu(request: HttpRequest) -> dict[str, object]:
    """Context processor: the menu entries that exist, with the current one marked."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"menu": []}
    entries = []
    for entry in MENU:
        try:
            url = reverse(entry.route)
        except NoReverseMatch:
            continue
        current = request.path == url or (url != "/" and request.path.startswith(url))
        entries.append({"url": url, "label": entry.label, "icon": entry.icon, "current": current})
    return {"menu": entries}
