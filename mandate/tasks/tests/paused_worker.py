"""``python -m mandate.tasks.tests.paused_worker worker …``: the real consumer (``mandate worker``),
whose sweep stops in its middle — its timeline rows and notices written, its transaction open —
until the file ``$PAUSE_RELEASE`` appears (or for a minute). It writes ``$PAUSE_MARKER`` when it
stops there: the moment a test kills it, or starts a second consumer beside it."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()
    from mandate.tasks import rollups

    marker = Path(os.environ["PAUSE_MARKER"])
    release = os.environ.get("PAUSE_RELEASE", "")
    refresh_all = rollups.refresh_all

    def paused(**kwargs: Any) -> Any:
        marker.write_text(str(os.getpid()), encoding="utf-8")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (release and Path(release).exists()):
            time.sleep(0.05)
        return refresh_all(**kwargs)

    rollups.refresh_all = paused
    from mandate.cli import main as mandate

    sys.exit(mandate(["mandate", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
