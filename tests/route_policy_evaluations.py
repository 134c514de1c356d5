"""The access policy of the evaluation routes (issue 14; ADR 0048), part of
``tests/route_policy.ROUTES``. Each area adds its routes here."""

from __future__ import annotations

from tests.route_policy import Policy

EVALUATION_ROUTES: dict[str, Policy] = {}
