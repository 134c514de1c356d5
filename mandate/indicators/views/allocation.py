"""The allocation screen: what a unit gives the units reporting to it in a set, for one
indicator and period — each child's target, their running total against the unit's own target
and the difference, a shortfall or an excess flagged, never silently accepted (ADR 0029).

Read by whoever reads the unit's figures (``selectors.allocation_view``, else 404); the form is
offered to the side that allocates (``policy.can_allocate``) and goes through
``targets.targets_allocate``, which stores the flag with the allocation.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language
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
from mandate.core.numbers import style_for_language
from mandate.indicators import page_figures, policy, selectors
from mandate.indicators.enums import AllocationStatus
from mandate.indicators.forms import AllocationForm
from mandate.indicators.hierarchy import Hierarchy, hierarchy_on
from mandate.indicators.models import Indicator, IndicatorSet, Target
from mandate.indicators.services import targets as target_services
from mandate.indicators.views.common import (
    CODE_HINT,
    PeriodChoice,
    add_service_errors,
    choice_for,
    conflict_message,
    current_span,
    period_from,
    query,
)
from mandate.organisations.models import OrgUnit
from mandate.people.actors import actor_of
from mandate.people.models import User


def _latest_period(indicator_set: IndicatorSet, indicator: Indicator) -> PeriodChoice:
    """The newest period the set has targets of this indicator for, or the current one."""
    found = (
        Target.objects.filter(indicator_set=indicator_set, indicator=indicator)
        .select_related("period")
        .order_by("-period__ends_on", "period__starts_on")
        .first()
    )
    if found is not None:
        return PeriodChoice(found.period, found.period)
    return choice_for(current_span(indicator_set))


def _allocating_unit(
    actor: User, indicator_set: IndicatorSet, hierarchy: Hierarchy, raw: str, day: Any
) -> tuple[OrgUnit | None, list[OrgUnit]]:
    """The unit named (404 unless the reader reads it in the set), or the first unit with units
    reporting to it that the reader allocates for, or reads."""
    readable = page_figures.readable_units(
        actor=actor, indicator_set=indicator_set, hierarchy=hierarchy, day=day
    )
    parents = [pk for pk in hierarchy.path_of if hierarchy.children(pk) and pk in readable]
    units = sorted(OrgUnit.objects.filter(pk__in=parents), key=lambda u: u.path)
    if raw:
        if not raw.isdigit() or int(raw) not in readable or not hierarchy.includes(int(raw)):
            raise NotFoundError()
        return OrgUnit.objects.get(pk=int(raw)), units
    own = [u for u in units if policy.can_allocate(actor, hierarchy, u.pk)]
    return ((own or units or [None])[0]), units


def _number(value: Decimal | None, decimals: int) -> str:
    if value is None:
        return ""
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@require_http_methods(["GET", "POST"])
def allocation(request: HttpRequest, set_id: int) -> HttpResponse:
    """GET: the screen (``?indicator=``, ``?unit=``, ``?period=`` code); POST: allocate."""
    actor = actor_of(request.user)
    indicator_set = selectors.set_get_visible(actor=actor, set_id=set_id)
    params = request.POST if request.method == "POST" else request.GET
    indicators = [
        item.indicator for item in indicator_set.items.select_related("indicator").order_by("position", "id")
    ]
    raw_indicator = str(params.get("indicator", "")).strip()
    if raw_indicator:
        indicator = next((i for i in indicators if str(i.pk) == raw_indicator), None)
        if indicator is None:
            raise NotFoundError()
    elif indicators:
        indicator = indicators[0]
    else:
        raise NotFoundError()
    errors: dict[str, list[str]] = {}
    raw_period = str(params.get("period", "")).strip()
    period = period_from(raw_period, errors) if raw_period else _latest_period(indicator_set, indicator)
    context: dict[str, Any] = {
        "indicator_set": indicator_set,
        "indicators": indicators,
        "indicator": indicator,
        "errors": errors,
        "raw_period": raw_period,
        "code_hint": CODE_HINT,
        "thousands": style_for_language(get_language()).thousands,
    }
    if period is None:
        return render(request, "indicators/allocation.html", context, status=400)
    hierarchy = hierarchy_on(indicator_set, period.period.ends_on)
    unit, choices = _allocating_unit(
        actor, indicator_set, hierarchy, str(params.get("unit", "")).strip(), period.period.ends_on
    )
    context.update({"period": period, "unit": unit, "units": choices})
    if unit is None:
        if request.method == "POST":
            raise NotFoundError()
        return render(request, "indicators/allocation.html", context)
    may = policy.can_allocate(actor, hierarchy, unit.pk)
    children = hierarchy.children(unit.pk)
    if request.method == "POST":
        if not may:
            raise PermissionDeniedError(
                _("Only a leader or a specialist of the unit above in the set allocates and revises targets.")
            )
        form = AllocationForm(request.POST, children=children)
        status = _allocate(request, actor, form, indicator_set, indicator, unit, period)
        if status is None:
            return redirect(_url(indicator_set, indicator, unit, period))
        if isinstance(status, tuple):
            form, status_code, problem = status
            context["problem"] = problem
            return _render(
                request, context, actor, indicator_set, indicator, unit, period, may, form, status_code
            )
        return _render(request, context, actor, indicator_set, indicator, unit, period, may, form, status)
    return _render(request, context, actor, indicator_set, indicator, unit, period, may, None, 200)


def _url(indicator_set: IndicatorSet, indicator: Indicator, unit: OrgUnit, period: PeriodChoice) -> str:
    base = reverse("indicators:allocation", kwargs={"set_id": indicator_set.pk})
    return f"{base}?{query(indicator=indicator.pk, unit=unit.pk, period=period.code)}"


def _render(
    request: HttpRequest,
    context: dict[str, Any],
    actor: User,
    indicator_set: IndicatorSet,
    indicator: Indicator,
    unit: OrgUnit,
    period: PeriodChoice,
    may: bool,
    form: AllocationForm | None,
    status: int,
) -> HttpResponse:
    view = None
    if period.row is not None:
        view = selectors.allocation_view(
            actor=actor, indicator_set=indicator_set, indicator=indicator, unit=unit, period=period.row
        )
        children = view.children
        own = view.own
    else:
        hierarchy = hierarchy_on(indicator_set, period.period.ends_on)
        children = [
            (c, None) for c in OrgUnit.objects.filter(pk__in=hierarchy.children(unit.pk)).order_by("path")
        ]
        own = None
    if form is None:
        initial: dict[str, Any] = {}
        for child, target in children:
            if target is not None:
                initial[f"t{child.pk}"] = _number(target.value, indicator.decimals)
                initial[f"ver{child.pk}"] = target.version
        form = AllocationForm(initial=initial, children=[c.pk for c, _t in children])
    if not may:
        for field in form.fields.values():
            field.disabled = True
    form.mark_errors()
    check = view.check if view is not None else None
    context.update(
        {
            "form": form,
            "may_allocate": may,
            "own": own,
            "rows": [
                {
                    "unit": child,
                    "target": target,
                    "field": form[f"t{child.pk}"],
                    "version": form[f"ver{child.pk}"],
                }
                for child, target in children
            ],
            "check": check,
            "flagged": check is not None and check.status != "balanced",
            "shortfall": selectors.shortfall(view) if view is not None else None,
            "last": view.last if view is not None else None,
            "last_status": AllocationStatus(view.last.status).label if view is not None and view.last else "",
            "decimals": indicator.decimals,
        }
    )
    return render(request, "indicators/allocation.html", context, status=status)


def _allocate(
    request: HttpRequest,
    actor: User,
    form: AllocationForm,
    indicator_set: IndicatorSet,
    indicator: Indicator,
    unit: OrgUnit,
    period: PeriodChoice,
) -> int | tuple[AllocationForm, int, str] | None:
    """None when done (with its message); else the status to re-show the form with."""
    if not form.is_valid():
        return 400
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in=form.children)}
    entries: list[target_services.TargetEntry] = []
    fields: list[int] = []
    for pk in form.children:
        value = form.cleaned_data.get(f"t{pk}")
        if value is None:
            continue
        entries.append(
            target_services.TargetEntry(
                unit=units[pk], value=value, version=form.cleaned_data.get(f"ver{pk}")
            )
        )
        fields.append(pk)
    try:
        row = period.row or periods.ensure(period.period)  # type: ignore[arg-type]
        result = target_services.targets_allocate(
            actor=actor,
            indicator_set=indicator_set,
            indicator=indicator,
            unit=unit,
            period=row,
            targets=entries,
            reason=form.cleaned_data["reason"],
        )
    except (PermissionDeniedError, NotFoundError):
        raise
    except ConflictError as err:
        data = request.POST.copy()
        for target in Target.objects.filter(
            indicator=indicator, period__code=period.code, unit_id__in=form.children
        ):
            data[f"ver{target.unit_id}"] = str(target.version)
        again = AllocationForm(data, children=form.children)
        again.is_valid()
        return again, 409, conflict_message(err)
    except InvalidStateError as err:
        return form, 409, str(err.message)
    except ApplicationError as err:
        aliases = {f"targets.{i}.value": f"t{pk}" for i, pk in enumerate(fields)}
        aliases |= {f"targets.{i}.unit": f"t{pk}" for i, pk in enumerate(fields)}
        add_service_errors(form, err, aliases)
        return 400
    allocated = result.allocation
    if allocated.status == AllocationStatus.SHORTFALL and allocated.difference is not None:
        messages.warning(
            request,
            _("The targets are allocated, %(short)s short of the unit's own target.")
            % {"short": _number(-allocated.difference, indicator.decimals)},
        )
    elif allocated.status != AllocationStatus.BALANCED:
        messages.warning(
            request,
            _("The targets are allocated. Check: %(status)s.")
            % {"status": AllocationStatus(allocated.status).label},
        )
    else:
        messages.success(request, _("The targets are allocated; they add up to the unit's own target."))
    return None
