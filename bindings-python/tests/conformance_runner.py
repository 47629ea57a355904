"""The Python conformance runner: cases on stdin, one result line each on
stdout (see CONFORMANCE.md), through the installed ``sigv4kit`` package."""

import json
import sys
from typing import Any, Dict

from conformance_case import run_case


def result_for_line(line: str) -> Dict[str, Any]:
    """The result line for one input line (which may not be JSON at all)."""
    try:
        case = json.loads(line)
    except ValueError:
        return {
            "id": None,
            "error": {"code": "invalid_case", "message": "the line is not valid JSON"},
        }
    return run_case(case)


def main() -> int:
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            sys.stdout.write(json.dumps(result_for_line(line), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        except BrokenPipeError:
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
