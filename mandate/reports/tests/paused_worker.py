"""``python -m mandate.reports.tests.paused_worker worker …``: the real consumer (``mandate
worker``) with the sample report kind (``sample.py``) registered. With ``$PAUSE_MARKER`` set, the
making stops in its middle — a step done and its progress written — until ``$PAUSE_RELEASE``
appears (or for a minute), and writes the marker when it stops there: the moment a test kills it.
Without it, the same consumer makes the report straight through (the one started after the kill)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()
    from mandate.reports.content import Section
    from mandate.reports.sections import REGISTRY, FigureBook, Progress, ReportRequest
    from mandate.reports.tests.sample import KIND, SampleBuilder

    marker = os.environ.get("PAUSE_MARKER", "")
    release = os.environ.get("PAUSE_RELEASE", "")

    class Paused(SampleBuilder):
        def build(self, request: ReportRequest, book: FigureBook, progress: Progress) -> Section | None:
            if marker:
                progress(1, 3)
                Path(marker).write_text(str(os.getpid()), encoding="utf-8")
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline and not (release and Path(release).exists()):
                    time.sleep(0.05)
            return super().build(request, book, progress)

    REGISTRY[KIND] = [Paused()]
    from mandate.cli import main as mandate

    sys.exit(mandate(["mandate", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
