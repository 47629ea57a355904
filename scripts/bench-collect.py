#!/usr/bin/env python3
"""Gathers the benchmark sections that `make bench` targets wrote to
target/bench/*.md into BENCHMARKS.md, with when and where they ran."""
import datetime
import os
import pathlib
import platform

ROOT = pathlib.Path(__file__).resolve().parent.parent


def cpu_model() -> str:
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main() -> None:
    sections = sorted((ROOT / "target" / "bench").glob("*.md"))
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    head = [
        "# Benchmarks",
        "",
        f"Measured {now} on {cpu_model()}, {os.cpu_count()} cores, by `make bench`.",
        "Every comparison runs ours and the other signer in the same process and",
        "reports a ratio; absolute times on a shared machine move with its load,",
        "ratios much less. Nothing here is asserted by a test.",
        "",
    ]
    body_sep = "\n"
    body = [s.read_text(encoding="utf-8").rstrip() + "\n" for s in sections]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(head) + body_sep + body_sep.join(body), encoding="utf-8")
    print(f"BENCHMARKS.md: {len(sections)} sections")


if __name__ == "__main__":
    main()
