"""Managing a set's validation rules (ADR 0036): one by one (create, change, retire) or from a
rules file (``rules_load``, YAML: the command ``load_validation_rules`` and the API's load).

Who: the side of the set's collecting unit, as a leader or a specialist — the side that
allocates its targets. A rule is checked whole when saved: both sides readable, every indicator
and part it names defined, ``past_min``/``past_max`` on a total or one part. Rules are retired,
never deleted; a retired rule's warnings stay as history.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.concurrency import bump_version, check_version
from mandate.core.exceptions import ApplicationError, InvalidStateError, Message, PermissionDeniedError
from mandate.indicators import policy
from mandate.indicators import rule_expressions as rx
from mandate.indicators import rule_templates as templates
from mandate.indicators.enums import RuleImportance
from mandate.indicators.models import DisaggregationOption, Indicator, IndicatorSet, ValidationRule
from mandate.indicators.rule_templates import RuleSpec
from mandate.indicators.services.common import field_error, require_text
from mandate.people.models import User

RULE_FIELDS = ["code", "left", "operator", "right", "importance", "message", "message_en"]
EDITABLE_RULE_FIELDS = ("left", "operator", "right", "importance", "message", "message_en")
MAX_RULES_IN_FILE = 2000


def require_manager(actor: User | None, indicator_set: IndicatorSet) -> None:
    """403 unless the actor acts for the set's collecting unit as a leader or a specialist."""
    if not policy.acts_for(actor, indicator_set.collecting_path, policy.ALLOCATING_ROLES):
        raise PermissionDeniedError(
            _("Only a leader or a specialist of the collecting unit manages the set's validation rules.")
        )


def _check_refs(node: rx.Node, side: str) -> None:
    refs = rx.references(node)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in={r.code for r in refs})}
    for ref in sorted(refs, key=lambda r: (r.code, r.option or "")):
        indicator = indicators.get(ref.code)
        if indicator is None:
            raise field_error(side, _("No indicator is coded “%(code)s”.") % {"code": ref.code})
        if ref.option is None:
            continue
        if indicator.disaggregation_id is None:
            raise field_error(side, _("“%(code)s” is not broken down into parts.") % {"code": ref.code})
        if (
            ref.option != rx.ALL_PARTS
            and not DisaggregationOption.objects.filter(
                disaggregation_id=indicator.disaggregation_id, code=ref.option
            ).exists()
        ):
            raise field_error(
                side,
                _("“%(code)s” has no part coded “%(option)s”.") % {"code": ref.code, "option": ref.option},
            )
    if _past_of_all_parts(node):
        raise field_error(side, _("past_min and past_max read a total or one part, not “:*”."))


def _past_of_all_parts(node: rx.Node) -> bool:
    if isinstance(node, rx.Past):
        return node.ref.option == rx.ALL_PARTS
    if isinstance(node, rx.Negative):
        return _past_of_all_parts(node.operand)
    if isinstance(node, rx.Binary):
        return _past_of_all_parts(node.left) or _past_of_all_parts(node.right)
    return False


def checked_spec(spec: RuleSpec) -> RuleSpec:
    """The rule as it will be stored, or a 400 naming the field: ``code``, ``left``,
    ``operator``, ``right``, ``importance`` or ``message``."""
    code = (spec.code or "").strip()
    if not code or len(code) > 60:
        raise field_error("code", _("Give a code of at most 60 characters."))
    sides = {}
    for side in ("left", "right"):
        text = (getattr(spec, side) or "").strip()
        try:
            node = rx.parse(text)
        except rx.RuleSyntaxError as err:
            raise field_error(side, err.message) from err
        _check_refs(node, side)
        sides[side] = text
    try:
        operator = rx.operator_of(spec.operator)
    except rx.RuleSyntaxError as err:
        raise field_error("operator", err.message) from err
    if spec.importance not in RuleImportance.values:
        raise field_error("importance", _("Not a choice."))
    message = (spec.message or "").strip()
    if not message or len(message) > 500:
        raise field_error(
            "message", _("Give the message people read when the rule is broken (at most 500 characters).")
        )
    message_en = (spec.message_en or "").strip()
    if len(message_en) > 500:
        raise field_error("message_en", _("At most 500 characters."))
    return RuleSpec(code, sides["left"], operator, sides["right"], spec.importance, message, message_en)


@transaction.atomic
def rule_create(*, actor: User | None, indicator_set: IndicatorSet, spec: RuleSpec) -> ValidationRule:
    require_manager(actor, indicator_set)
    spec = checked_spec(spec)
    if ValidationRule.objects.filter(indicator_set=indicator_set, code=spec.code).exists():
        raise field_error("code", _("A rule of this set already has this code."))
    rule = ValidationRule.objects.create(indicator_set=indicator_set, **asdict(spec))
    audit.record(
        actor=actor, action="indicators.rule_create", target=rule, after=audit.snapshot(rule, RULE_FIELDS)
    )
    return rule


@transaction.atomic
def rule_update(
    *, actor: User | None, rule: ValidationRule, expected_version: int | None, changes: Mapping[str, Any]
) -> ValidationRule:
    rule = _locked(rule)
    require_manager(actor, rule.indicator_set)
    check_version(obj=rule, expected_version=expected_version)
    unknown = set(changes) - set(EDITABLE_RULE_FIELDS)
    if unknown:
        raise field_error(sorted(unknown)[0], _("This cannot be changed."))
    if rule.retired_at is not None:
        raise InvalidStateError(_("This rule is retired."))
    spec = checked_spec(replace(_spec_of(rule), **dict(changes)))
    before = audit.snapshot(rule, list(EDITABLE_RULE_FIELDS))
    for name in EDITABLE_RULE_FIELDS:
        setattr(rule, name, getattr(spec, name))
    bump_version(rule)
    rule.save()
    audit.record(
        actor=actor,
        action="indicators.rule_update",
        target=rule,
        before=before,
        after=audit.snapshot(rule, list(EDITABLE_RULE_FIELDS)),
    )
    return rule


@transaction.atomic
def rule_retire(
    *, actor: User | None, rule: ValidationRule, expected_version: int | None, reason: str
) -> ValidationRule:
    rule = _locked(rule)
    require_manager(actor, rule.indicator_set)
    check_version(obj=rule, expected_version=expected_version)
    reason = require_text(reason, "reason")
    if rule.retired_at is not None:
        raise InvalidStateError(_("This rule is already retired."))
    _retire(rule, reason)
    audit.record(actor=actor, action="indicators.rule_retire", target=rule, after={"reason": reason})
    return rule


def _locked(rule: ValidationRule) -> ValidationRule:
    """The rule, locked (its row only: FOR UPDATE OF self) with its set."""
    rows = ValidationRule.objects.select_for_update(of=("self",)).select_related("indicator_set")
    return rows.get(pk=rule.pk)


def _retire(rule: ValidationRule, reason: str) -> None:
    rule.retired_at, rule.retired_reason = timezone.now(), reason
    bump_version(rule)
    rule.save(update_fields=["retired_at", "retired_reason", "version", "updated_at"])


def _spec_of(rule: ValidationRule) -> RuleSpec:
    return RuleSpec(**{name: getattr(rule, name) for name in RULE_FIELDS})


# --- the rules file ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadResult:
    created: list[str]
    updated: list[str]
    retired: list[str]
    unchanged: list[str]


def _text(entry: Mapping[str, Any], name: str) -> str:
    value = entry.get(name)
    return value.strip() if isinstance(value, str) else ""


def _indicator(code: str) -> Indicator:
    found = Indicator.objects.filter(code=code).first()
    if found is None:
        raise ValueError(_("No indicator is coded “%(code)s”.") % {"code": code})
    return found


def _expand(entry: Mapping[str, Any]) -> list[RuleSpec]:
    """One entry of the file as the rules it stands for (a built-in kind, or written out)."""
    code, kind = _text(entry, "code"), _text(entry, "kind")
    if not kind:
        return [
            RuleSpec(
                code=code,
                left=_text(entry, "left"),
                operator=_text(entry, "operator"),
                right=_text(entry, "right"),
                importance=_text(entry, "importance") or RuleImportance.ERROR,
                message=_text(entry, "message"),
                message_en=_text(entry, "message_en"),
            )
        ]
    if kind not in templates.KINDS:
        raise ValueError(_("“kind” is one of %(kinds)s.") % {"kinds": ", ".join(templates.KINDS)})
    indicator = _indicator(_text(entry, "indicator"))
    names = (indicator.name, indicator.name_en or indicator.name)
    if kind == "part_of_whole":
        if indicator.parent is None:
            raise ValueError(_("“%(code)s” is not a part of another indicator.") % {"code": indicator.code})
        whole = indicator.parent
        whole_names = (whole.name, whole.name_en or whole.name)
        return [templates.part_of_whole(code, indicator.code, names, whole.code, whole_names)]
    if kind == "parts_sum":
        return [templates.parts_sum(code, indicator.code, names)]
    try:
        margin = Decimal(_text(entry, "margin") or "0")
        periods = int(_text(entry, "periods") or "0") or None
    except (InvalidOperation, ValueError) as err:
        raise ValueError(_("“margin” is a number of per cent and “periods” a whole number.")) from err
    if not margin.is_finite() or not 0 <= margin <= 100:
        raise ValueError(_("“margin” is a number of per cent from 0 to 100."))
    return templates.usual_range(code, indicator.code, names, margin=margin, periods=periods)


MAX_DEPTH = 10


def _refuse_aliases_and_depth(text: str) -> None:
    """Anchors and aliases are refused (an alias bomb is small in the file and enormous in
    memory), and so is nesting deeper than a rules file needs (the composer recurses)."""
    depth = 0
    for token in yaml.scan(text, Loader=yaml.BaseLoader):
        if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
            raise field_error(
                "file", _("Anchors and aliases (& and *) are not accepted: write each rule out.")
            )
        if isinstance(
            token,
            yaml.BlockMappingStartToken
            | yaml.BlockSequenceStartToken
            | yaml.FlowMappingStartToken
            | yaml.FlowSequenceStartToken,
        ):
            depth += 1
            if depth > MAX_DEPTH:
                raise field_error("file", _("The file is nested too deeply."))
        elif isinstance(token, yaml.BlockEndToken | yaml.FlowMappingEndToken | yaml.FlowSequenceEndToken):
            depth -= 1


def _read(text: str) -> list[RuleSpec]:
    """Every rule of the file, or a 400 listing every problem with the entry it is in. YAML is
    read with the base loader: every value is the text written, nothing guessed."""
    try:
        _refuse_aliases_and_depth(text)
        data = yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506  (BaseLoader builds only str, list, dict)
    except yaml.YAMLError as err:
        raise field_error("file", _("This is not valid YAML: %(problem)s.") % {"problem": err}) from err
    entries = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries or len(entries) > MAX_RULES_IN_FILE:
        raise field_error("file", _("The file lists its rules under “rules:” (at most 2,000)."))
    specs: list[RuleSpec] = []
    problems: list[str] = []
    for number, entry in enumerate(entries, start=1):
        where = _("rule %(n)s") % {"n": number}
        if not isinstance(entry, dict):
            problems.append(f"{where}: {_('Each rule is a mapping of its fields.')}")
            continue
        try:
            for spec in _expand(entry):
                specs.append(checked_spec(spec))
        except ValueError as err:
            problems.append(f"{where}: {err}")
        except ApplicationError as err:
            for name, messages in err.fields.items():
                problems.extend(f"{where} ({entry.get('code', '?')}), {name}: {m}" for m in messages)
    codes = [spec.code for spec in specs]
    problems.extend(
        _("The code “%(code)s” is used twice.") % {"code": c}
        for c in sorted(set(codes))
        if codes.count(c) > 1
    )
    if problems:
        fields: dict[str, list[Message]] = {"file": [*problems]}
        raise ApplicationError(
            _("The rules file is refused: nothing was loaded."), code="file_refused", fields=fields
        )
    return specs


@transaction.atomic
def rules_load(*, actor: User | None, indicator_set: IndicatorSet, text: str) -> LoadResult:
    """Make the set's rules what the file says: new codes created, changed ones updated, the
    set's rules the file no longer lists retired (a retired rule listed again comes back). All
    or nothing; the same file twice changes nothing; one audit entry."""
    require_manager(actor, indicator_set)
    specs = _read(text)
    stored = {
        r.code: r for r in ValidationRule.objects.select_for_update().filter(indicator_set=indicator_set)
    }
    result = LoadResult([], [], [], [])
    for spec in specs:
        rule = stored.get(spec.code)
        if rule is None:
            ValidationRule.objects.create(indicator_set=indicator_set, **asdict(spec))
            result.created.append(spec.code)
        elif _spec_of(rule) != spec or rule.retired_at is not None:
            for name in EDITABLE_RULE_FIELDS:
                setattr(rule, name, getattr(spec, name))
            rule.retired_at, rule.retired_reason = None, ""
            bump_version(rule)
            rule.save()
            result.updated.append(spec.code)
        else:
            result.unchanged.append(spec.code)
    listed = {spec.code for spec in specs}
    for code, rule in sorted(stored.items()):
        if code not in listed and rule.retired_at is None:
            _retire(rule, _("Not in the rules file loaded."))
            result.retired.append(code)
    if result.created or result.updated or result.retired:
        audit.record(
            actor=actor,
            action="indicators.rules_load",
            target=indicator_set,
            after={"created": result.created, "updated": result.updated, "retired": result.retired},
        )
    return result
