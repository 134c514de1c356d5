"""The writes of the proposal routes for the write matrix (tests/write_world_proposals.py):
proposing to commend the official one level below the unit (API), and deciding the proposal about
him (API and page). ``PROPOSAL_POLICY_OBJECTS`` joins ``write_bodies.POLICY_OBJECTS``."""

from __future__ import annotations

from typing import Any

from tests.write_request import Write
from tests.write_world import Target


def _propose(t: Target, actor: str) -> dict[str, Any]:
    return {
        "position": t.figures["proposal_position"],
        "kind": "commend",
        "reason": "Hoàn thành xuất sắc",
        "grounds": [{"kind": "other", "text": "Bằng khen (thử)"}],
    }


def _decide(t: Target, actor: str) -> dict[str, Any]:
    return {"decision": "approve", "note": "Đồng ý", "version": t.figures["proposal_version"]}


PROPOSAL_WRITES: tuple[Write, ...] = (
    Write("api-evaluation-proposals", "post", _propose),
    Write("api-evaluation-proposal-decide", "post", _decide, {"proposal_id": "proposal"}),
    Write("evaluations:proposal-decide", "post", _decide, {"proposal_id": "proposal"}),
)

PROPOSAL_POLICY_OBJECTS = {"proposal": "proposal"}
