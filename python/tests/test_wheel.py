"""The installed wheel: where it lives, what its library loads, and the README's example as printed."""
import os
import re
import subprocess
import sys

import pytest

import ecodyn
from conftest import EXAMPLES, REPOSITORY

SYSTEM = re.compile(r"^(linux-vdso|ld-linux|libc\.|libm\.|libdl\.|libpthread\.|librt\.|libstdc\+\+\.|libgcc_s\.|libz\.)")


@pytest.mark.skipif(bool(os.environ.get("ECODYN_LIBRARY")), reason="a development run against a build tree; make test-python tests the wheel")
def test_the_package_is_the_installed_wheel():
    assert "site-packages" in ecodyn.__file__
    assert not ecodyn.__file__.startswith(os.path.join(REPOSITORY, "python"))


def test_libecodyn_loads_nothing_from_the_swift_toolchain_or_outside_its_folder():
    library = os.environ.get("ECODYN_LIBRARY") or os.path.join(os.path.dirname(ecodyn.__file__), "_lib", "libecodyn.so")
    folder = os.path.realpath(os.path.dirname(library))
    listing = subprocess.run(["ldd", library], check=True, capture_output=True, text=True).stdout
    for line in listing.splitlines():
        parts = line.split()
        assert "not found" not in line, line
        if "=>" in parts and not SYSTEM.match(parts[0]):
            assert os.path.dirname(os.path.realpath(parts[2])) == folder, line
    assert "swift" not in subprocess.run(["readelf", "-d", library], capture_output=True, text=True).stdout.split("RUNPATH")[-1].split("\n")[0]


def test_the_readme_example_runs_as_printed(tmp_path):
    done = subprocess.run([sys.executable, os.path.join(EXAMPLES, "python", "quickstart.py")], check=True,
                          capture_output=True, text=True, cwd=tmp_path)
    readme = open(os.path.join(REPOSITORY, "README.md"), encoding="utf-8").read()
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 5
    for line in lines:
        assert f"    {line}\n" in readme, f"README does not show this output line: {line}"
