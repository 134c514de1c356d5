"""The larger schemathesis run (issue 9, section 5; the quality document's T8).

`make test` drives every operation with 25 derandomised examples per operation and role
(tests/test_schemathesis.py). This runs the same test with more examples, the seed left to vary
so each run explores new inputs, on whichever database DATABASE_URL names:

    .venv/bin/python -m bench.fuzz                   # 200 examples per operation and role
    .venv/bin/python -m bench.fuzz --examples 1000   # longer
    DATABASE_URL=postgres://… .venv/bin/python -m bench.fuzz

It exits with pytest's status: 0 when every check passed on every operation.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=200, help="examples per operation and role")
    parser.add_argument("--derandomize", action="store_true", help="the fixed seed of `make test`")
    args = parser.parse_args(argv)
    env = {
        **os.environ,
        "MANDATE_FUZZ_EXAMPLES": str(args.examples),
        "MANDATE_FUZZ_DERANDOMIZE": "1" if args.derandomize else "0",
    }
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-n",
        "0",
        "-q",
        "tests/test_schemathesis.py",
    ]
    return subprocess.call(command, cwd=ROOT, env=env)  # noqa: S603 - fixed command


if __name__ == "__main__":
    raise SystemExit(main())
