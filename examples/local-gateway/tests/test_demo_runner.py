"""The demo runner (scripts/demo.py) fails on every kind of wrong row: a
wrong status, a right status with the wrong message, a call not made, a
client that crashes; and it lists declared clients that are not in the tree
(failing on them with --require-all).

Usage: python3 examples/local-gateway/tests/test_demo_runner.py GATEWAY_BIN
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import sys
import unittest
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
GATEWAY_BIN = ""


def load_demo() -> ModuleType:
    spec = importlib.util.spec_from_file_location("demo", ROOT / "scripts/demo.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["demo"] = module
    spec.loader.exec_module(module)
    return module


demo: Any = load_demo()

RIGHT = (
    "allowed\t200\tHello, demo!\n"
    "unsigned\t403\tMissing Authentication Token\n"
    "tampered\t403\tThe request signature we calculated does not match the signature you provided\n"
    "denied\t403\tUser: arn:aws:iam::111122223333:user/demo is not authorized to perform: x\n"
    "presigned\t200\tHello, world!\n"
    "profile-role\t200\tHello, world! You called GET /hello as arn:aws:sts::111122223333:assumed-role/de\n"
    "profile-role-denied\t403\tUser: arn:aws:sts::111122223333:assumed-role/demo-outsider/s is not authorized\n"
    "assume-role\t200\tHello, world!\n"
)


def fake(name: str, output: str, code: int = 0) -> object:
    """A client that prints `output` and exits with `code`."""
    script = f"import sys; sys.stdout.write({output!r}); sys.exit({code})"
    return demo.Client(name, "core", "scripts/demo.py", None, (sys.executable, "-c", script))


class DemoRunnerTest(unittest.TestCase):
    def run_demo(self, clients: tuple[object, ...], *args: str) -> tuple[int, str]:
        demo.CLIENTS = clients
        out = io.StringIO()
        argv = ["demo.py", "--gateway", GATEWAY_BIN, "--no-build", *args]
        old_argv = sys.argv
        sys.argv = argv
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
                code = demo.main()
        finally:
            sys.argv = old_argv
        return code, out.getvalue()

    def test_a_client_that_gets_everything_right_passes(self) -> None:
        code, out = self.run_demo((fake("good", RIGHT),))
        self.assertEqual(code, 0, out)
        self.assertIn("demo: 8 passed, 0 failed", out)

    def test_a_wrong_status_fails(self) -> None:
        code, out = self.run_demo((fake("bad", RIGHT.replace("denied\t403", "denied\t200")),))
        self.assertEqual(code, 1)
        self.assertRegex(out, r"bad\s+denied\s+403 not authorized\s+200 .*WRONG")

    def test_the_right_status_with_the_wrong_message_fails(self) -> None:
        wrong = RIGHT.replace("The request signature we calculated does not match", "Forbidden")
        code, out = self.run_demo((fake("bad", wrong),))
        self.assertEqual(code, 1)
        self.assertIn("demo: 7 passed, 1 failed", out)

    def test_a_missing_call_and_a_crash_fail(self) -> None:
        code, out = self.run_demo((fake("short", RIGHT.split("presigned")[0], code=3),))
        self.assertEqual(code, 1)
        self.assertIn("(no line printed)", out)
        self.assertIn("(exit)", out)

    def test_declared_clients_without_their_source_are_listed_as_missing(self) -> None:
        present = demo.Client("ghost", "core", "examples/nowhere/client.py", None, ("true",))
        absent = demo.Client("later", "bindings-nowhere", "examples/nowhere/client.py", None, ("true",))
        code, out = self.run_demo((fake("good", RIGHT), present, absent))
        self.assertEqual(code, 0, out)
        self.assertIn("missing  ghost: no examples/nowhere/client.py (its binding core/ is in this tree)", out)
        self.assertIn("missing  later: no examples/nowhere/client.py (its binding bindings-nowhere/ is not in this tree)", out)
        self.assertIn("2 missing", out)
        code, out = self.run_demo((fake("good", RIGHT), present), "--require-all")
        self.assertEqual(code, 1, out)


def main() -> int:
    global GATEWAY_BIN
    if len(sys.argv) < 2:
        print("usage: test_demo_runner.py GATEWAY_BIN", file=sys.stderr)
        return 2
    GATEWAY_BIN = sys.argv[1]
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(DemoRunnerTest)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors)
    print(f"demo runner: {result.testsRun - failed} passed, {failed} failed")
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
