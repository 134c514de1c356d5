"""The workbook's sheets of records of the UBND tỉnh's report (issue 13, item 4), as the job
``reports.files`` makes them (``outputs.figure_records``: every figure's records, the 60 league
links among them), timed against the same links resolved one by one, as before ADR 0050's change.
One process, one content made once: ``DATABASE_URL=… python -m bench.report_records``."""

from __future__ import annotations

import time
from typing import Any

from bench.common import load_meta, setup_django

ROUNDS = 2


def _one_by_one(content: Any, actor: Any) -> int:
    """Before: each figure's link resolved on its own, the hierarchies read again for each."""
    from mandate.core.exceptions import ApplicationError
    from mandate.reports import records

    listed = 0
    for figure in content.figures.values():
        if figure.records is None:
            continue
        try:
            records.records_of(actor=actor, link=figure.records)
        except ApplicationError:
            continue
        listed += 1
    return listed


def main() -> None:
    setup_django()
    from bench.report_make import UBND, _request
    from mandate.reports import outputs
    from mandate.reports.making import build_content

    request = _request(load_meta().users, (2024, 4), UBND)
    content = build_content(request, lambda done, total: None)
    links = sum(1 for f in content.figures.values() if f.records is not None)
    leagues = sum(
        1 for f in content.figures.values() if f.records and f.records.query.get("source") == "league"
    )
    print(f"bench: {request.unit.name}, {links} links ({leagues} leagues)", flush=True)
    for _ in range(ROUNDS):
        started = time.perf_counter()
        before = _one_by_one(content, request.actor)
        middle = time.perf_counter()
        after = len(outputs.figure_records(content, request.actor))
        ended = time.perf_counter()
        print(
            f"bench: one by one {1000 * (middle - started):.0f} ms ({before} lists); "
            f"once per report {1000 * (ended - middle):.0f} ms ({after} lists)",
            flush=True,
        )


if __name__ == "__main__":
    main()
