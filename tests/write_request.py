"""One request of the write matrix: the route, the method, the body built from one unit's
objects, the objects its URL names (tests/write_bodies.py builds them all)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.write_world import Target

Body = Callable[[Target, str], dict[str, Any]]  # (the unit's objects, the actor's username)


@dataclass(frozen=True)
class Write:
    route: str
    method: str
    body: Body
    # URL argument -> attribute of the Target that fills it.
    objects: dict[str, str] = field(default_factory=dict)
    variant: str = ""  # one move of a route with several
    # False for a route that names no object of a unit (sign-in, "mark all read"): one row per actor.
    related: bool = True
    multipart: bool = False

    @property
    def label(self) -> str:
        return f"{self.route}[{self.variant}]" if self.variant else self.route
