"""Makes the relocatable libecodyn: the SwiftPM-built library renamed libecodyn.so, every shared
library it needs beyond the C and C++ runtimes copied beside it (the Swift runtime, Foundation,
OpenBLAS, LAPACKE, FFTW, SQLite and theirs), each with RUNPATH $ORIGIN, so that the folder loads
on a Debian machine without the Swift toolchain or those packages. Needs patchelf.

    python3 python/tools/bundle_library.py .build/release/libEcodynABI.so dist/lib
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

# Present on every Debian system (glibc, the GCC runtime, zlib): never bundled.
SYSTEM = re.compile(r"^(linux-vdso|ld-linux|libc\.|libm\.|libmvec\.|libdl\.|libpthread\.|librt\.|libstdc\+\+\.|libgcc_s\.|libz\.)")


def dependencies(path):
    """The shared libraries `path` loads, directly or not: {soname: resolved path}."""
    out = subprocess.run(["ldd", path], check=True, capture_output=True, text=True).stdout
    found = {}
    for line in out.splitlines():
        m = re.match(r"\s*(\S+) => (\S+) \(", line)
        if m:
            found[m.group(1)] = m.group(2)
        elif "not found" in line:
            sys.exit(f"bundle_library: {path} needs {line.split()[0]}, which is not installed")
    return found


def patch(path, soname=None):
    # One change per call: this patchelf drops the rpath when given both at once.
    subprocess.run(["patchelf", "--set-rpath", "$ORIGIN", path], check=True)
    if soname:
        subprocess.run(["patchelf", "--set-soname", soname, path], check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("library", help="the built library (.build/release/libEcodynABI.so)")
    parser.add_argument("out", help="the folder to fill (emptied first)")
    args = parser.parse_args()
    if shutil.which("patchelf") is None:
        sys.exit("bundle_library: patchelf is missing (make deps installs it)")
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)
    main_library = os.path.join(args.out, "libecodyn.so")
    shutil.copyfile(args.library, main_library)
    os.chmod(main_library, 0o755)
    # Debug information is most of a release build's size; the symbols stay for backtraces.
    subprocess.run(["strip", "--strip-debug", main_library], check=True)
    for soname, source in sorted(dependencies(args.library).items()):
        if SYSTEM.match(soname):
            continue
        target = os.path.join(args.out, soname)
        shutil.copyfile(os.path.realpath(source), target)
        os.chmod(target, 0o755)
        patch(target)
    patch(main_library, soname="libecodyn.so")
    # What the folder still needs from the system: only the runtimes matched by SYSTEM.
    leftover = [s for s, p in dependencies(main_library).items()
                if not SYSTEM.match(s) and os.path.dirname(os.path.realpath(p)) != os.path.realpath(args.out)]
    if leftover:
        sys.exit(f"bundle_library: still loaded from outside {args.out}: {', '.join(leftover)}")
    size = sum(os.path.getsize(os.path.join(args.out, f)) for f in os.listdir(args.out))
    print(f"{args.out}: libecodyn.so and {len(os.listdir(args.out)) - 1} libraries it needs, {size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
