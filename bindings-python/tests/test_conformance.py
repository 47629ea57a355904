"""The official AWS SigV4 suite through the public API of the installed
package, compared with the suite's own expected canonical requests, strings
to sign and signatures (testdata/, derived from the vendored suite files)."""

from typing import Any, Dict

import pytest

from conformance_case import run_case
from conformance_runner import result_for_line
from conftest import (
    EXPECTED,
    REFUSALS,
    REFUSALS_EXPECTED,
    SUITE,
    check_results_module,
    read_jsonl,
)

CASES = read_jsonl(SUITE)
EXPECTED_BY_ID = {e["id"]: e for e in read_jsonl(EXPECTED)}
# Refusals pair up by order: one line is not JSON and has no id to match.
REFUSAL_LINES = [line for line in REFUSALS.read_text(encoding="utf-8").splitlines() if line.strip()]
REFUSALS_EXPECTED_LINES = read_jsonl(REFUSALS_EXPECTED)
COMPARE = check_results_module().compare


def test_suite_is_complete() -> None:
    assert len(CASES) == len(EXPECTED_BY_ID) == 76


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_official_case(case: Dict[str, Any]) -> None:
    result = run_case(case)
    assert result["id"] == case["id"]
    problems = COMPARE(EXPECTED_BY_ID[case["id"]], result)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("line", "expected"),
    list(zip(REFUSAL_LINES, REFUSALS_EXPECTED_LINES)),
    ids=[str(e["id"]) for e in REFUSALS_EXPECTED_LINES],
)
def test_refusal_case(line: str, expected: Dict[str, Any]) -> None:
    result = result_for_line(line)
    assert result["id"] == expected["id"]
    problems = COMPARE(expected, result)
    assert not problems, "\n".join(problems)


def test_refusals_are_complete() -> None:
    assert len(REFUSAL_LINES) == len(REFUSALS_EXPECTED_LINES) == 32


def test_bad_lines_are_reported_not_raised() -> None:
    assert run_case({"nope": 1})["error"]["code"] == "invalid_case"
    bad = dict(CASES[0], request={"method": "GET"})
    assert run_case(bad)["error"]["code"] == "invalid_case"
    bad = dict(CASES[0], region="")
    assert run_case(bad)["error"]["code"] == "invalid_region"
