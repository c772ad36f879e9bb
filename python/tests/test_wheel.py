"""The installed wheel: where it lives, what its library loads, and the README's example as printed."""
import os
import re
import subprocess
import sys

import pytest

import ecodyn
from conftest import EXAMPLES, REPOSITORY

SYSTEM = re.compile(r"^(linux-vdso|ld-linux|libc\.|libm\.|libmvec\.|libdl\.|libpthread\.|librt\.|libstdc\+\+\.|libgcc_s\.|libz\.)")


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


@pytest.mark.skipif(os.geteuid() != 0, reason="hiding the build dependencies needs a private mount namespace (root)")
def test_the_wheel_works_with_the_swift_toolchain_and_the_system_libraries_hidden(tmp_path):
    # What a machine without the build dependencies looks like: in a private mount namespace the
    # Swift runtime's folder is an empty tmpfs and the system's OpenBLAS, LAPACK(E), FFTW and
    # SQLite are /dev/null; the installed package must still import and compute.
    import shutil

    swift = shutil.which("swift")
    hidden = []
    if swift:
        hidden.append(("tmpfs", os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(swift))), "lib", "swift")))
    for name in ("libopenblas.so.0", "liblapacke.so.3", "liblapack.so.3", "libfftw3.so.3", "libsqlite3.so.0"):
        for folder in ("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu"):
            if os.path.exists(os.path.join(folder, name)):
                hidden.append(("file", os.path.realpath(os.path.join(folder, name))))
    mounts = "; ".join(f"mount -t tmpfs none '{path}'" if kind == "tmpfs" else f"mount --bind /dev/null '{path}'"
                       for kind, path in sorted(set(hidden)))
    code = ("import ecodyn, numpy as np; c = ecodyn.Community(1.0, 0.0, 1.0, [[1, 0.5], [0.5, 1]]); "
            "print(c.analyze().classification, ecodyn.integrate(c, [0.1, 0.1], (0, 10), t_eval=[10.0]).status)")
    done = subprocess.run(["unshare", "-m", "sh", "-ec", f"{mounts}; exec '{sys.executable}' -c \"{code}\""],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["stable-node", "finished"]
