"""The ``mandate`` command: Django's management commands plus this project's own — ``demo``,
``serve`` (the web server with a job consumer beside it), ``worker`` (a job consumer), ``sweep``,
``digest`` and ``audit verify|checkpoint|seal``. ``python -m mandate.cli`` is the same command, as
``mandate serve`` starts its children."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    args = list(argv if argv is not None else sys.argv)
    args[0] = "mandate"
    execute_from_command_line(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
