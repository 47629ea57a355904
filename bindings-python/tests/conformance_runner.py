"""The Python conformance runner: cases on stdin, one result line each on
stdout (see CONFORMANCE.md), through the installed ``sigv4kit`` package."""

import json
import sys

from conformance_case import run_case


def main() -> int:
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except ValueError:
            result = {
                "id": None,
                "error": {"code": "invalid_case", "message": "the line is not valid JSON"},
            }
        else:
            result = run_case(case)
        try:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        except BrokenPipeError:
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
