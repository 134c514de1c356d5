"""The organisation tree on any date, and one unit with its children and its lineage across
reorganisations. The directory is open to every signed-in user, so nothing here is scoped.

Heads of units are positions, which belong to ``mandate.people`` (above this app in the layers):
they are not shown here; the directory API (``/api/v1/organisations/``) has them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mandate.core.dates import DOCUMENT_DATES
from mandate.core.exceptions import NotFoundError
from mandate.core.request_values import RequestValues
from mandate.organisations import selectors
from mandate.organisations.enums import LineageKind
from mandate.organisations.models import OrgUnit, UnitLineage

# The tree shows the root(s) and this many levels below; a deeper unit is one click away
# ("units below"), which keeps the page short on the national tree.
LEVELS_SHOWN = 3


@dataclass
class Node:
    unit: OrgUnit
    children: list[Node] = field(default_factory=list)
    # Units below that this page does not show (the unit sits on the last level shown).
    more_below: bool = False


def _day(request: HttpRequest) -> tuple[dt.date, str | None]:
    """The date asked for (``?on=YYYY-MM-DD``, today by default), or today and what was wrong."""
    values = RequestValues(request.GET, written_dates=False)
    day = values.day("on", dates=DOCUMENT_DATES)
    problem = values.errors.get("on", [None])[0]
    return day or timezone.localdate(), problem


def _root(request: HttpRequest) -> OrgUnit | None:
    raw = request.GET.get("root", "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or not 0 < int(raw) < 2**62:
        raise NotFoundError()
    return selectors.unit_get(unit_id=int(raw))


def _ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """The units above ``unit``, from the root down (units never move, so the path says which)."""
    paths = [unit.path[: i * unit.steplen] for i in range(1, unit.depth)]
    return list(OrgUnit.objects.filter(path__in=paths).order_by("depth")) if paths else []


def _tree(units: list[OrgUnit], *, last_depth: int) -> list[Node]:
    """Nest units (ordered by path) under their nearest shown ancestor."""
    nodes: dict[str, Node] = {}
    top: list[Node] = []
    for unit in units:
        node = Node(unit=unit, more_below=unit.depth == last_depth and unit.numchild > 0)
        nodes[unit.path] = node
        parent = None
        path = unit.path[: -unit.steplen]
        while path and parent is None:
            parent = nodes.get(path)
            path = path[: -unit.steplen]
        (parent.children if parent is not None else top).append(node)
    return top


@require_GET
def tree(request: HttpRequest) -> HttpResponse:
    day, error = _day(request)
    root = _root(request)
    context: dict[str, Any] = {"day": day, "raw_day": request.GET.get("on", ""), "error": error, "root": root}
    if error is None:
        units = selectors.unit_list(on=day, within=root)
        base = root.depth if root is not None else 1
        last_depth = base + LEVELS_SHOWN - 1
        context["nodes"] = _tree(list(units.filter(depth__lte=last_depth)), last_depth=last_depth)
        context["ancestors"] = _ancestors(root) if root is not None else []
    return render(request, "organisations/tree.html", context)


def _lineage_label(link: UnitLineage, *, came_from: bool) -> str:
    day = dateformat.format(link.effective_on, "d/m/Y")
    if came_from:
        if link.kind == LineageKind.MERGE:
            return _("merged into this unit from %(day)s") % {"day": day}
        return _("its work taken over by this unit from %(day)s") % {"day": day}
    if link.kind == LineageKind.MERGE:
        return _("this unit merged into it from %(day)s") % {"day": day}
    return _("took over this unit's work from %(day)s") % {"day": day}


@require_GET
def unit(request: HttpRequest, unit_id: int) -> HttpResponse:
    found = selectors.unit_get(unit_id=unit_id)
    day, error = _day(request)
    predecessors, successors = selectors.lineage_links(unit=found)
    return render(
        request,
        "organisations/unit.html",
        {
            "unit": found,
            "day": day,
            "raw_day": request.GET.get("on", ""),
            "error": error,
            "valid": found.is_valid_on(day),
            "ancestors": _ancestors(found),
            "children": list(selectors.children_on(unit=found, day=day)) if error is None else [],
            "predecessors": [
                {
                    "unit": link.predecessor,
                    "on": link.effective_on - dt.timedelta(days=1),
                    "label": _lineage_label(link, came_from=True),
                }
                for link in sorted(predecessors, key=lambda x: (x.effective_on, x.predecessor.path))
            ],
            "successors": [
                {
                    "unit": link.successor,
                    "on": link.effective_on,
                    "label": _lineage_label(link, came_from=False),
                }
                for link in sorted(successors, key=lambda x: (x.effective_on, x.successor.path))
            ],
        },
    )
