"""Builds the platform wheel of the Python package: python/ecodyn plus the bundled libecodyn
folder (`make lib`) as ecodyn/_lib. No build backend needed: a wheel is a zip with metadata
(PEP 427); its tag is py3-none-<platform> because the package calls libecodyn through ctypes and
works with any Python 3.

    python3 python/tools/build_wheel.py --lib dist/lib --out dist
"""
import argparse
import base64
import hashlib
import os
import re
import sysconfig
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def version():
    text = open(os.path.join(ROOT, "..", "Sources", "EcodynCore", "EcodynVersion.swift"), encoding="utf-8").read()
    return re.search(r'version = "([^"]+)"', text).group(1)


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lib", required=True, help="the bundled libecodyn folder")
    parser.add_argument("--out", required=True, help="where the wheel goes")
    args = parser.parse_args()
    v = version()
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    tag = f"py3-none-{platform}"
    dist_info = f"ecodyn-{v}.dist-info"
    files = {}
    package = os.path.join(ROOT, "ecodyn")
    for name in sorted(os.listdir(package)):
        if name.endswith(".py"):
            files[f"ecodyn/{name}"] = open(os.path.join(package, name), "rb").read()
    for name in sorted(os.listdir(args.lib)):
        files[f"ecodyn/_lib/{name}"] = open(os.path.join(args.lib, name), "rb").read()
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    files[f"{dist_info}/METADATA"] = (
        "Metadata-Version: 2.1\nName: ecodyn\n"
        f"Version: {v}\nSummary: Business-ecosystem dynamics on libecodyn: communities, stability, integration, "
        "reaction-diffusion grids, alliances and sweeps\nRequires-Python: >=3.9\nRequires-Dist: numpy>=1.22\n"
        "License: MIT\nDescription-Content-Type: text/markdown\n\n" + readme).encode()
    files[f"{dist_info}/WHEEL"] = (f"Wheel-Version: 1.0\nGenerator: ecodyn build_wheel.py\nRoot-Is-Purelib: false\n"
                                   f"Tag: {tag}\n").encode()
    record = [record_line(name, data) for name, data in files.items()] + [f"{dist_info}/RECORD,,"]
    files[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()
    os.makedirs(args.out, exist_ok=True)
    wheel = os.path.join(args.out, f"ecodyn-{v}-{tag}.whl")
    partial = wheel + ".partial"
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if name.endswith((".so",)) or ".so." in name else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    os.replace(partial, wheel)
    print(f"{wheel}: {os.path.getsize(wheel) / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
