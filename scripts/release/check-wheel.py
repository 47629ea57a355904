"""Checks a built wheel's platform without running it (it may be for another
machine): the tags in its file name, that its RECORD matches its files, the
ELF machine and C library of its extension module (readelf -h / -d), and
the tag auditwheel finds it consistent with.

    python check-wheel.py WHEEL PLATFORM_TAG MACHINE

PLATFORM_TAG is e.g. manylinux_2_17_aarch64 or musllinux_1_2_x86_64;
MACHINE is readelf's name, e.g. AArch64 or "Advanced Micro Devices X86-64".
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import pathlib
import re
import subprocess
import sys
import tempfile
import zipfile


def readelf(*args: str) -> str:
    return subprocess.run(
        ["readelf", "-W", *args], capture_output=True, text=True, check=True
    ).stdout


def record_failures(zf: zipfile.ZipFile) -> list[str]:
    (record,) = [n for n in zf.namelist() if n.endswith(".dist-info/RECORD")]
    listed = {row[0]: row for row in csv.reader(io.StringIO(zf.read(record).decode()))}
    failures = []
    for name in zf.namelist():
        if name == record:
            continue
        data = zf.read(name)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        if name not in listed or listed[name][1:] != [f"sha256={digest}", str(len(data))]:
            failures.append(f"RECORD does not match {name}")
    return failures


def main() -> int:
    wheel, tag, machine = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    failures = []
    # name-version-pythontag-abitag-platformtag(s).whl
    parts = wheel.name[: -len(".whl")].split("-")
    py_tag, abi_tag, platforms = parts[2], parts[3], parts[4].split(".")
    if (py_tag, abi_tag) != ("cp310", "abi3"):
        failures.append(f"python/abi tags {py_tag}-{abi_tag}, wanted cp310-abi3")
    if tag not in platforms:
        failures.append(f"platform tags {platforms} lack {tag}")
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(wheel) as zf:
        failures += record_failures(zf)
        (so,) = [n for n in zf.namelist() if re.search(r"_native[^/]*\.so$", n)]
        path = zf.extract(so, tmp)
        header = readelf("-h", path)
        found = re.search(r"Machine:\s+(.*)", header)
        if not found or found.group(1).strip() != machine:
            failures.append(f"ELF machine {found and found.group(1).strip()!r}, wanted {machine!r}")
        dynamic = readelf("-d", path)
        needed = re.findall(r"\(NEEDED\).*\[(.*)\]", dynamic)
        libc_ok = (
            any(n.startswith("libc.musl") for n in needed)
            if tag.startswith("musllinux")
            else "libc.so.6" in needed
        )
        if not libc_ok:
            failures.append(f"NEEDED {needed} do not match {tag}")
    auditwheel = pathlib.Path(sys.executable).parent / "auditwheel"
    shown = subprocess.run(
        [str(auditwheel), "show", str(wheel)], capture_output=True, text=True, check=False
    )
    text = " ".join((shown.stdout + shown.stderr).split())
    if shown.returncode != 0 or f'platform tag: "{tag}"' not in text:
        failures.append(f"auditwheel show: {text}")
    if failures:
        for failure in failures:
            print(f"check-wheel: FAIL {wheel.name}: {failure}")
        return 1
    print(f"check-wheel: {wheel.name}: {tag}, {machine}, NEEDED {', '.join(needed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
