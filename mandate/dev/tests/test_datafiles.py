"""The data files are refused with the file and line of what is wrong (issue 10, item 12)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mandate.dev.datafiles import DataError
from mandate.dev.schemas import DATA_DIR, read_demo_data


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the demo's data files, to spoil."""
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    return root


def _replace(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` with ``new`` and return its line number."""
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:index].count("\n") + 1


def _problems(root: Path) -> list[tuple[str, int, str]]:
    with pytest.raises(DataError) as error:
        read_demo_data(root)
    return [(where.file, where.line, message) for where, message in error.value.problems]


def test_the_demo_data_is_read_without_a_problem() -> None:
    data = read_demo_data()
    assert len(data.units) == 423
    assert {row["key"] for row in data.people["accounts"]} >= {"vanphong", "vpubnd", "sovhtt"}


def test_an_unknown_unit_key_in_a_task_file_is_refused_with_its_file_and_line(data: Path) -> None:
    spread = data / "tasks" / "spread.yaml"
    line = _replace(spread, "lead: so_du_lich", "lead: so_du_lichh")

    problems = _problems(data)

    assert problems == [
        (spread.as_posix(), line, "unknown unit 'so_du_lichh' (did you mean 'so_du_lich'?)"),
    ]


def test_the_message_names_the_file_and_line(data: Path) -> None:
    people = data / "people.yaml"
    line = _replace(people, "scope: ha_noi", "scope: ha_nol")
    with pytest.raises(DataError) as error:
        read_demo_data(data)
    assert f"{people.as_posix()}:{line}: unknown unit 'ha_nol' (did you mean 'ha_noi'?)" in str(error.value)


def test_an_unknown_parent_in_the_unit_tree_is_refused_with_its_line(data: Path) -> None:
    units = data / "units.csv"
    line = _replace(units, "so_y_te,ubnd_ha_noi,", "so_y_te,ubnd_ha_noj,")
    assert _problems(data) == [
        (units.as_posix(), line, "unknown unit 'ubnd_ha_noj' (did you mean 'ubnd_ha_noi'?)")
    ]


def test_a_parent_after_its_child_is_refused(data: Path) -> None:
    units = data / "units.csv"
    text = units.read_text(encoding="utf-8").splitlines(keepends=True)
    header, rest = text[0], text[1:]
    child = next(i for i, row in enumerate(rest) if row.startswith("so_vhtt_van_phong,"))
    parent = next(i for i, row in enumerate(rest) if row.startswith("so_van_hoa_the_thao,"))
    rest.insert(parent, rest.pop(child))  # the child moves just before its parent
    units.write_text(header + "".join(rest), encoding="utf-8")
    ((file, line, message),) = _problems(data)
    assert (file, line) == (units.as_posix(), parent + 2)
    assert message == "the parent 'so_van_hoa_the_thao' must come before its children"


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("tasks/spread.yaml", "percent: 50", "percent: 150", "150 is not between 0 and 100"),
        (
            "tasks/spread.yaml",
            "assigned_on: 2024-03-04",
            "assigned_on: 2024-03-40",
            "expected a date (YYYY-MM-DD) or a number of days (-3, +0), found '2024-03-40'",
        ),
        (
            "tasks/spread.yaml",
            "person: chuyenvien.vhtt",
            "person: nobody",
            "unknown person 'nobody'",
        ),
        (
            "tasks/spread.yaml",
            'document: "24-CT/TU"',
            'document: "25-CT/TU"',
            "unknown document '25-CT/TU' (did you mean '24-CT/TU'?)",
        ),
        (
            "tasks/spread.yaml",
            "    content:",
            "    contents:",
            "unknown field 'contents' (did you mean 'content'?)",
        ),
        ("people.yaml", "role: specialist", "role: clerk", "unknown role 'clerk'"),
        (
            "documents.yaml",
            "type: nghi-dinh",
            "type: nghi-dinhh",
            "unknown document type 'nghi-dinhh' (did you mean 'nghi-dinh'?)",
        ),
        (
            "actors.yaml",
            "decides: chanhvanphong",
            "decides: chanh",
            "unknown account 'chanh'",
        ),
        ("living.yaml", "every: 5", "every: five", "expected a whole number, found 'five'"),
        ("tasks/directive_24.yaml", "approve: true", "approve: yes", "expected true or false, found 'yes'"),
    ],
)
def test_a_wrong_value_is_refused_with_its_file_and_line(
    data: Path, file: str, old: str, new: str, message: str
) -> None:
    path = data / file
    line = _replace(path, old, new)
    if message.startswith("missing field"):
        line -= 3  # the task's first line: the field is missing from the record as a whole
    assert _problems(data)[0] == (path.as_posix(), line, message)


def test_a_task_key_given_twice_is_refused_naming_the_first(data: Path) -> None:
    spread = data / "tasks" / "spread.yaml"
    first = _replace(spread, 'key: "spread.late.district"', 'key: "spread.late.department"')
    ((file, line, message),) = _problems(data)
    assert (file, line) == (spread.as_posix(), first)
    assert message.startswith("task 'spread.late.department' is defined twice (first at ")


def test_steps_out_of_order_are_refused(data: Path) -> None:
    spread = data / "tasks" / "spread.yaml"
    _replace(spread, "{progress: 2024-04-19, percent: 50}", "{progress: 2024-07-19, percent: 50}")
    ((file, _line, message),) = _problems(data)
    assert file == spread.as_posix()
    assert message.startswith("a step on 2024-06-21 comes before 2024-07-19")


def test_a_file_no_schema_reads_and_a_missing_file_are_refused(data: Path) -> None:
    (data / "living.yaml").rename(data / "livin.yaml")
    problems = {(Path(file).name, message) for file, _line, message in _problems(data)}
    assert (
        "livin.yaml",
        "no schema reads this file (units.csv, city.yaml, people.yaml, documents.yaml, "
        "actors.yaml, living.yaml, live.yaml, tasks/*.yaml, indicators.yaml, inspections.yaml, "
        "evaluations_monthly.yaml, rotation.yaml, rankings.yaml)",
    ) in problems
    assert ("living.yaml", "the file is missing") in problems


def test_yaml_that_does_not_parse_is_refused_with_its_line(data: Path) -> None:
    actors = data / "actors.yaml"
    line = _replace(actors, "data_entry: admin", "data_entry: [admin")
    ((file, problem_line, message),) = _problems(data)
    assert file == actors.as_posix() and problem_line >= line
    assert message.startswith("not valid YAML")


def test_a_figure_or_a_period_code_that_cannot_be_read_is_refused_at_its_record(data: Path) -> None:
    indicators = data / "indicators.yaml"
    number_line = _replace(
        indicators, '{indicator: XDD-CTXH-DV, value: "27.409"}', '{indicator: XDD-CTXH-DV, value: "24.3200"}'
    )
    period_line = _replace(indicators, 'period: "2022-C0615"', 'period: "2022-C0630"')
    unknown_line = _replace(
        indicators, "indicators: [VH-GDVH, VH-LVH, VH-TDPVH]", "indicators: [VH-GDVH, VH-LVH, VH-TDPV]"
    )

    problems = {(line, message.split(":")[0]) for _file, line, message in _problems(data)}

    assert (number_line, "value") in problems  # "24.3200": a group of four digits
    assert any(message == "period" and line < period_line for line, message in problems)
    assert (unknown_line, "unknown indicator 'VH-TDPV' (did you mean 'VH-TDPVH'?)") in problems
