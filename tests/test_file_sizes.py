"""No Python file over 500 lines in mandate/, bench/ and tests/ (migrations aside): a longer file
mixes topics, and is split by topic (CONTRIBUTING.md, "Where code goes")."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 500
CHECKED = ("mandate", "bench", "tests")


def _lines(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return sum(1 for _line in handle)


def _sizes() -> dict[str, int]:
    return {
        path.relative_to(ROOT).as_posix(): _lines(path)
        for top in CHECKED
        for path in sorted((ROOT / top).rglob("*.py"))
        if "migrations" not in path.relative_to(ROOT).parts
    }


def test_no_python_file_is_over_500_lines():
    sizes = _sizes()
    assert sizes, "no Python file found: the paths are wrong"
    over = {name: lines for name, lines in sizes.items() if lines > LIMIT}
    assert over == {}, f"split these files by topic (at most {LIMIT} lines each): {over}"
