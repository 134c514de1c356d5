"""Who else signs in with a second factor because of inspections (issue 12, item 7; ADR 0042).

Inspectors already need it by their role (``people.second_factor.SENSITIVE_ROLES``). The others
who can see findings, conclusions or discipline about a person:

- a leader of an inspecting body (role ``leader`` in its unit): he reads his body's records;
- a member of an inspection team who is not an inspector (the Deputy Secretary who leads a
  Standing Committee team);
- the inspected or disciplined person, while a finding, conclusion or decision about him stands:
  the issue asks a second factor of whoever can see such records, and his own are such records (a
  stolen password would otherwise open them). Someone never inspected is not asked.

One query (``EXISTS`` each), as ``register_rule`` asks; the leader's units come from the cached
scope.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from mandate.inspections.competence import UNIT_LEADER_ROLES, bodies_on
from mandate.inspections.models import Conclusion, DisciplineDecision, Finding, InspectingBody, TeamMember
from mandate.people.models import User
from mandate.people.scopes import acting_for, today


def reads_person_records(user: User) -> bool:
    leads = acting_for(user).paths_with(UNIT_LEADER_ROLES)
    account = OuterRef("pk")
    condition = Q(Exists(TeamMember.objects.filter(person__user=account, left_on__isnull=True)))
    condition |= Q(Exists(Finding.objects.filter(subject__person__user=account, withdrawn_at__isnull=True)))
    condition |= Q(Exists(Conclusion.objects.filter(subject__person__user=account)))
    condition |= Q(Exists(DisciplineDecision.objects.filter(person__user=account, annulled_on__isnull=True)))
    if leads:
        condition |= Q(Exists(InspectingBody.objects.filter(bodies_on(today()), unit__path__in=leads)))
    return User.objects.filter(condition, pk=user.pk).exists()
