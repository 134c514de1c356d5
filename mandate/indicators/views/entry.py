"""Data entry: a unit's values for one set and period, with the steps of their approval
(issue 11, item 12; ADR 0030).

The page offers what ``indicators.policy`` allows: the form is editable only while the values
are a draft or returned and the reader acts for the unit; otherwise they are shown read-only,
with the reason (awaiting approval by …; accepted and locked by … on …). A refusal re-shows the
page with what was typed: the fields a service named next to their inputs (400), a stale
version naming who changed the values and when (409), a locked value with its reason (409).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mandate.core import periods
from mandate.core.exceptions import (
    ApplicationError,
    ConflictError,
    InvalidStateError,
    NotFoundError,
    PermissionDeniedError,
)
from mandate.core.models import Period
from mandate.indicators import measurement, page_figures, policy, selectors, selectors_rules
from mandate.indicators.enums import IndicatorKind, SubmissionState
from mandate.indicators.forms import EntryForm, TransitionForm
from mandate.indicators.hierarchy import Hierarchy, hierarchy_on
from mandate.indicators.models import Actual, Indicator, IndicatorSet, Submission, Target
from mandate.indicators.services import actuals as actual_services
from mandate.indicators.services.validation import warning_message
from mandate.indicators.views.common import (
    CODE_HINT,
    PeriodChoice,
    add_service_errors,
    choice_for,
    conflict_message,
    current_span,
    period_from,
    query,
    set_periods,
)
from mandate.organisations.models import OrgUnit
from mandate.people.actors import actor_of
from mandate.people.enums import WRITING_ROLES
from mandate.people.models import User


@dataclass
class Place:
    """What the page is about: the set, the period, the hierarchy on its last day, the unit (None
    when the reader may read no reporting unit of the set) and its submission (unsaved while it
    has no value)."""

    indicator_set: IndicatorSet
    period: PeriodChoice
    hierarchy: Hierarchy
    units: list[OrgUnit]  # the reporting units the reader may read, in the hierarchy's order
    unit: OrgUnit | None
    submission: Submission | None


def indicators_of(indicator_set: IndicatorSet) -> list[Indicator]:
    return [
        item.indicator
        for item in indicator_set.items.select_related("indicator", "indicator__disaggregation").order_by(
            "position", "id"
        )
    ]


def place_of(actor: User, indicator_set: IndicatorSet, period: PeriodChoice, raw_unit: str) -> Place:
    """The unit named (404 unless it reports in the set and the reader may read it), or the
    first the reader acts for, or the first he may read."""
    hierarchy = hierarchy_on(indicator_set, period.period.ends_on)
    readable = page_figures.readable_units(
        actor=actor, indicator_set=indicator_set, hierarchy=hierarchy, day=period.period.ends_on
    )
    ids = [pk for pk in hierarchy.parent_of if pk in readable]
    units = sorted(OrgUnit.objects.filter(pk__in=ids), key=lambda u: hierarchy.path_of.get(u.pk, u.path))
    unit: OrgUnit | None = None
    if raw_unit:
        unit = next((u for u in units if str(u.pk) == raw_unit), None)
        if unit is None:
            raise NotFoundError()
    else:
        own = [u for u in units if policy.acts_for(actor, u.path, WRITING_ROLES)]
        unit = (own or units or [None])[0]
    submission = None
    if unit is not None:
        found = (
            Submission.objects.filter(indicator_set=indicator_set, unit=unit, period__code=period.code)
            .select_related(
                "next_unit", "accepted_by", "submitted_by", "returned_by", "unlocked_by", "period"
            )
            .first()
        )
        submission = found or Submission(
            indicator_set=indicator_set, unit=unit, unit_path=unit.path, state=SubmissionState.DRAFT
        )
    return Place(indicator_set, period, hierarchy, units, unit, submission)


def _shown(value: Any, decimals: int) -> str:
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def stored_values(place: Place) -> tuple[dict[int, Actual], dict[str, Any]]:
    """The unit's stored totals by indicator, and the form's data showing them."""
    if place.submission is None or place.submission.pk is None:
        return {}, {}
    stored = {
        a.indicator_id: a
        for a in place.submission.actuals.filter(option__isnull=True).select_related(
            "indicator", "entered_by"
        )
    }
    data: dict[str, Any] = {}
    for pk, actual in stored.items():
        decimals = actual.indicator.decimals
        if actual.indicator.kind == IndicatorKind.RATIO:
            data[f"n{pk}"] = _shown(actual.numerator, decimals)
            data[f"d{pk}"] = _shown(actual.denominator, decimals)
        else:
            data[f"v{pk}"] = _shown(actual.value, decimals)
        data[f"e{pk}"] = actual.explanation
        data[f"ver{pk}"] = actual.version
    return stored, data


def _targets(place: Place, indicators: list[Indicator]) -> dict[int, Target]:
    """Each indicator's target for the unit, of the shortest period containing the page's
    (``measurement.target_for``'s order), in one query rather than one per indicator."""
    period = place.period.row
    if place.unit is None or period is None:
        return {}
    rows = (
        Target.objects.filter(
            indicator__in=indicators,
            unit_id=place.unit.pk,
            period__starts_on__lte=period.starts_on,
            period__ends_on__gte=period.ends_on,
        )
        .select_related("period")
        .order_by("-period__starts_on", "period__ends_on", "id")
    )
    found: dict[int, Target] = {}
    for target in rows:
        found.setdefault(target.indicator_id, target)
    return found


def _rows(form: EntryForm, place: Place, stored: dict[int, Actual]) -> list[dict[str, Any]]:
    rows = form.rows()
    targets = _targets(place, [row["indicator"] for row in rows])
    for row in rows:
        indicator = row["indicator"]
        actual = stored.get(indicator.pk)
        target = targets.get(indicator.pk)
        row["actual"] = actual
        row["target"] = target
        row["achievement"] = measurement.achievement_of(actual, target) if actual is not None else None
    return rows


def _with_warnings(actor: User, place: Place, rows: list[dict[str, Any]]) -> list[str]:
    """The open validation warnings of the unit and period, each beside the value whose entry
    raised it (``row["warnings"]``); those about no value shown here are returned, for above
    the table."""
    for row in rows:
        row["warnings"] = []
    if place.unit is None or place.period.row is None:
        return []
    found = selectors_rules.warning_list_visible(
        actor=actor, indicator_set=place.indicator_set, period=place.period.row, unit=place.unit
    )
    by_indicator = {row["indicator"].pk: row for row in rows}
    unplaced: list[str] = []
    for warning in found:
        text = warning_message(warning)
        beside = by_indicator.get(warning.actual.indicator_id) if warning.actual is not None else None
        if beside is not None:
            beside["warnings"].append(text)
        else:
            unplaced.append(text)
    return unplaced


def render_entry(
    request: HttpRequest,
    place: Place,
    *,
    form: EntryForm | None = None,
    moves: dict[str, TransitionForm] | None = None,
    problem: str = "",
    sheet_problem: str = "",
    sheet_problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = actor_of(request.user)
    indicators = indicators_of(place.indicator_set)
    stored, data = stored_values(place)
    actions: dict[str, policy.Action] = {}
    if place.submission is not None:
        actions = {a.name: a for a in policy.available_actions(actor, place.submission, place.hierarchy)}
    if form is None:
        form = EntryForm(initial=data, indicators=indicators)
    enter = actions.get("enter")
    if enter is not None and not enter.allowed:
        form.read_only(enter.reason)
    form.mark_errors()
    saved = place.submission is not None and place.submission.pk is not None
    moves = moves or {}
    for bound in moves.values():
        bound.mark_errors()
    offered = [
        {
            "name": name,
            "form": moves.get(name)
            or TransitionForm(
                initial={"action": name, "version": place.submission.version, "next": "entry"},
                auto_id=f"move-{name}-%s",
            ),
            "needs_reason": name in policy.NEEDS_REASON,
        }
        for name in policy.MOVES
        if saved and place.submission is not None and actions.get(name) and actions[name].allowed
    ]
    rows = _rows(form, place, stored)
    unplaced = _with_warnings(actor, place, rows)
    context = {
        "indicator_set": place.indicator_set,
        "period": place.period,
        "periods": [PeriodChoice(p, p) for p in set_periods(place.indicator_set).named],
        "units": place.units,
        "unit": place.unit,
        "submission": place.submission if saved else None,
        "state_label": SubmissionState(place.submission.state).label if place.submission else "",
        "form": form,
        "rows": rows,
        "warnings": unplaced,
        "sheet_problem": sheet_problem,
        "sheet_problems": sheet_problems or [],
        "editable": enter is not None and enter.allowed,
        "locked_reason": getattr(form, "locked_reason", ""),
        "moves": offered,
        "problem": problem,
        "code_hint": CODE_HINT,
        "events": list(place.submission.events.select_related("level_unit").order_by("at", "id"))
        if saved and place.submission is not None
        else [],
    }
    return render(request, "indicators/entry.html", context, status=status)


def default_period(indicator_set: IndicatorSet) -> PeriodChoice:
    """The newest period the set has values for, else targets for; else the one containing today."""
    opening = set_periods(indicator_set).opening()
    if opening is not None:
        return PeriodChoice(opening, opening)
    return choice_for(current_span(indicator_set))


def entry_url(place: Place) -> str:
    base = reverse("indicators:entry", kwargs={"set_id": place.indicator_set.pk})
    unit = place.unit.pk if place.unit is not None else None
    return f"{base}?{query(unit=unit, period=place.period.code)}"


def place_from_request(request: HttpRequest, set_id: int, params: Any) -> tuple[Place | None, dict[str, Any]]:
    actor = actor_of(request.user)
    indicator_set = selectors.set_get_visible(actor=actor, set_id=set_id)
    errors: dict[str, list[str]] = {}
    raw_period = str(params.get("period", "")).strip()
    period = period_from(raw_period, errors) if raw_period else default_period(indicator_set)
    if period is None:
        return None, {"indicator_set": indicator_set, "errors": errors, "raw_period": raw_period}
    return place_of(actor, indicator_set, period, str(params.get("unit", "")).strip()), {}


def field_aliases(
    indicators: list[Indicator], entries: list[int], stored: dict[int, Actual]
) -> dict[str, str]:
    """A service's field names (``entries.<i>.value``, ``actuals.<id>.explanation``) → the
    page's fields."""
    aliases: dict[str, str] = {}
    for index, pk in enumerate(entries):
        for figure, prefix in (
            ("value", "v"),
            ("numerator", "n"),
            ("denominator", "d"),
            ("explanation", "e"),
        ):
            aliases[f"entries.{index}.{figure}"] = f"{prefix}{pk}"
        aliases[f"entries.{index}.indicator"] = f"v{pk}"
        aliases[f"entries.{index}.option"] = f"v{pk}"
    for pk, actual in stored.items():
        for figure, prefix in (
            ("value", "v"),
            ("numerator", "n"),
            ("denominator", "d"),
            ("explanation", "e"),
        ):
            aliases[f"actuals.{actual.pk}.{figure}"] = f"{prefix}{pk}"
    by_kind = {i.pk: i.kind for i in indicators}
    for name, field in list(aliases.items()):
        pk = int(field[1:])
        if by_kind.get(pk) == IndicatorKind.RATIO and field.startswith("v"):
            aliases[name] = f"n{pk}"
    return aliases


@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, set_id: int) -> HttpResponse:
    """GET: the page (``?unit=`` and ``?period=`` code); POST: enter the values typed."""
    params = request.POST if request.method == "POST" else request.GET
    place, bad = place_from_request(request, set_id, params)
    if place is None:
        return render(request, "indicators/entry.html", {**bad, "code_hint": CODE_HINT}, status=400)
    if request.method != "POST":
        return render_entry(request, place)
    if place.unit is None or place.submission is None:
        raise NotFoundError()
    return _enter(request, place)


def _enter(request: HttpRequest, place: Place) -> HttpResponse:
    actor = actor_of(request.user)
    assert place.unit is not None
    assert place.submission is not None
    refused = policy.check(actor, place.submission, place.hierarchy, "enter")
    if not refused.allowed and not refused.conflict:
        raise PermissionDeniedError(refused.reason)
    indicators = indicators_of(place.indicator_set)
    form = EntryForm(request.POST, indicators=indicators)
    if not form.is_valid():
        return render_entry(request, place, form=form, status=400)
    data = form.cleaned_data
    entries: list[actual_services.ActualEntry] = []
    entered: list[int] = []
    for indicator in form.indicators:
        pk = indicator.pk
        value, numerator, denominator = data.get(f"v{pk}"), data.get(f"n{pk}"), data.get(f"d{pk}")
        if value is None and numerator is None and denominator is None:
            continue
        entries.append(
            actual_services.ActualEntry(
                indicator=indicator,
                value=value,
                numerator=numerator,
                denominator=denominator,
                explanation=data.get(f"e{pk}", ""),
                version=data.get(f"ver{pk}"),
            )
        )
        entered.append(pk)
    stored, _data = stored_values(place)
    try:
        period: Period = place.period.row or periods.ensure(place.period.period)  # type: ignore[arg-type]
        actual_services.actuals_enter(
            actor=actor,
            indicator_set=place.indicator_set,
            unit=place.unit,
            period=period,
            entries=entries,
        )
    except (PermissionDeniedError, NotFoundError):
        raise
    except ConflictError as err:
        fresh = place_of(actor, place.indicator_set, choice_for_row(place), str(place.unit.pk))
        _stored, now = stored_values(fresh)
        data_again = request.POST.copy()
        for key, value in now.items():
            if key.startswith("ver"):
                data_again[key] = str(value)
        again = EntryForm(data_again, indicators=indicators)
        again.is_valid()
        return render_entry(request, fresh, form=again, problem=conflict_message(err), status=409)
    except InvalidStateError as err:
        return render_entry(request, place, form=form, problem=str(err.message), status=409)
    except ApplicationError as err:
        add_service_errors(form, err, field_aliases(indicators, entered, stored))
        return render_entry(request, place, form=form, status=400)
    messages.success(request, _("The values are saved."))
    place.period = choice_for_row(place)
    return redirect(entry_url(place))


def choice_for_row(place: Place) -> PeriodChoice:
    """The page's period again, now that a value may have made its row."""
    row = Period.objects.filter(code=place.period.code).first()
    return PeriodChoice(row or place.period.period, row)
