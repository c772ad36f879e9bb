#!/usr/bin/env python3
"""The spec fuzzer: mutated specs, .npy files and results files through every command.

A deterministic corpus (the same mutations for the same --seed): every example in examples/,
made cheap (small grids, few points, short spans), is mutated --mutations times (120), and a
few extra bases that reach the keys the examples do not use --extra-mutations times (64) (a value replaced by an
extreme or a wrong type, a key removed or added, a list resized, the text cut, a byte changed
or a NUL inserted). Each mutant runs through `analyze`, `run`, `sweep` and `alliance` under an
address-space cap. Mutated `.npy` files go in through specs that name them; mutated results
files through `merge`, `export` and `render`.

A run fails the test when it dies by a signal, exceeds its time limit, exits with a status
other than 0 (done), 1 (a file could not be read or written) or 2 (bad input), prints more
than one line on standard error when it fails (or any "Fatal error"/backtrace), leaves an
output that is not whole (a run folder without summary.json, a .partial file), or changes a
file it only reads.

    python3 Tests/fuzz/fuzz.py --ecodyn .build/debug/ecodyn [--mutations 120] [--jobs 2]

Prints `fuzz: N passed, M failed` and exits 1 when any run failed, listing the first ones
with the mutation that made them (reproduce with --only NAME).
"""
import argparse
import concurrent.futures as futures
import copy
import hashlib
import json
import math
import os
import random
import re
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# ---------------------------------------------------------------------------------------------
# TOML out (tomllib only reads): top-level tables as [name], everything below inline.

BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_key(k):
    return k if BARE.match(k) else json.dumps(k, ensure_ascii=False)


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


def toml_dump(doc):
    lines = [f"{toml_key(k)} = {toml_value(v)}" for k, v in doc.items() if not isinstance(v, dict)]
    for k, v in doc.items():
        if isinstance(v, dict):
            lines.append(f"\n[{toml_key(k)}]")
            lines += [f"{toml_key(kk)} = {toml_value(vv)}" for kk, vv in v.items()]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Base specs: the examples, made cheap, and bases for the keys the examples leave out.

def cheap(doc):
    """The same spec with little work: grids of at most 8 cells a side, at most 40 steps,
    sweeps of a few points, short spans; a cap on Dormand–Prince's steps."""
    doc = copy.deepcopy(doc)
    model, integrate = doc.get("model", {}), doc.get("integrate")
    if "n" in model:
        model["n"] = min(model["n"], 6)
    grid = doc.get("grid")
    if grid and "shape" in grid:
        grid["shape"] = [min(s, 8) for s in grid["shape"]]
    if integrate:
        if "dt" in integrate:
            integrate["t_end"] = min(integrate.get("t_end", 1), 40 * integrate["dt"])
        else:
            integrate["t_end"] = min(integrate.get("t_end", 1), 20)
            if integrate.get("method", "dopri5") == "dopri5":
                integrate["max_steps"] = 20000
        if "saves" in integrate:
            integrate["saves"] = min(integrate["saves"], 5)
        if "save_every" in integrate:
            integrate["save_every"] = min(integrate["save_every"], 10)
    if "ensemble" in doc and "members" in doc["ensemble"]:
        doc["ensemble"]["members"] = min(doc["ensemble"]["members"], 20)
    sweep = doc.get("sweep")
    if sweep:
        if "replicates" in sweep:
            sweep["replicates"] = min(sweep["replicates"], 2)
        for spec in sweep.get("parameters", {}).values():
            for key in ("linspace", "logspace"):
                if key in spec:
                    spec[key][2] = min(spec[key][2], 3)
            if "count" in spec:
                spec["count"] = min(spec["count"], 4)
    return doc


EXTRA_BASES = {
    "community-relations-rk4": {
        "model": {"kind": "community", "r": [1.0, 0.8, 0.5], "mu": 0.1, "K": [10, 8, 5],
                  "relation": [{"i": 0, "j": 1, "type": "competition", "strength": 0.3},
                               {"i": 1, "j": 2, "type": "predation", "strengths": [0.2, 0.4]}]},
        "initial": {"x": [0.1, 0.2, 0.3]},
        "integrate": {"method": "rk4", "dt": 0.5, "t_end": 10, "saves": 5},
    },
    "community-noise": {
        "model": {"kind": "community", "n": 3, "r": 1.0, "K": 1.0, "delta": "delta.npy"},
        "initial": {"x": 0.2},
        "integrate": {"method": "euler-maruyama", "dt": 0.1, "t_end": 2},
        "noise": {"kind": "multiplicative", "sigma": 0.1, "seed": 4},
    },
    "community-milstein": {
        "model": {"kind": "community", "n": 3, "r": 1.0, "K": 1.0, "delta": [[1, 0.5, 0.2], [0.3, 1, 0.4], [0.1, 0.2, 1]]},
        "initial": {"x": 0.2},
        "integrate": {"method": "milstein", "dt": 0.1, "t_end": 2},
        "noise": {"kind": "multiplicative", "sigma": 0.1, "seed": 4},
    },
    "community-watch": {
        "model": {"kind": "community", "r": [1.0, 0.8], "mu": 0.1, "K": [10, 8], "delta": [[1.0, 2.0], [0.4, 1.0]]},
        "initial": {"x": 1.0},
        "integrate": {"method": "dopri5", "t_end": 60, "max_steps": 20000},
        "watch": {"extinction": 1e-6, "level": [{"member": 1, "value": 5.0, "direction": "rising"}, {"total": True, "value": 8.0}]},
        "sweep": {"metrics": ["extinctions", "first_extinction", "first_passage", "survivors"],
                  "parameters": {"model.delta[0][1]": {"values": [0.5, 2.0]}}},
    },
    "gray-scott-1d": {
        "model": {"kind": "gray-scott", "F": 0.04, "k": 0.06, "diffusion": [0.2, 0.1]},
        "grid": {"shape": [16], "boundary": "neumann"},
        "initial": {"perturbation": 0.05, "seed": 2},
        "integrate": {"method": "rk4", "dt": 0.5, "t_end": 10},
    },
    "schnakenberg-3d": {
        "model": {"kind": "schnakenberg", "a": 0.1, "b": 0.9, "diffusion": [1.0, 10.0]},
        "grid": {"shape": [4, 4, 4], "boundary": "dirichlet", "fixed": [1.0, 0.9]},
        "initial": {"u": "u.npy", "v": "v.npy"},
        "integrate": {"method": "euler", "dt": 0.01, "t_end": 0.2, "save_every": 5},
    },
    "grid-sweep": {
        "model": {"kind": "brusselator", "a": 3.0, "b": 5.0, "diffusion": [1.0, 8.0]},
        "grid": {"shape": [8, 8]},
        "integrate": {"method": "imex", "dt": 0.1, "t_end": 2},
        "sweep": {"metrics": ["pattern", "dominant_k", "variance", "mean", "steps"],
                  "parameters": {"b": {"values": [4.0, 6.0]}}},
    },
    "community-random-design": {
        "model": {"kind": "community", "n": 4, "r": 1.0, "K": 1.0,
                  "random": {"connectance": 0.5, "sigma": 0.2, "seed": 3}},
        "sweep": {"metrics": ["feasible", "max_real", "resilience", "reactivity", "classification"], "seed": 5,
                  "parameters": {"model.random.sigma": {"latin-hypercube": [0.1, 0.5], "count": 3},
                                 "model.K": {"uniform": [0.5, 2.0], "count": 3}}},
    },
    "alliance-shapley": {
        "model": {"kind": "alliance", "K": 10, "gamma": 1, "c": 10, "beta": 200, "b1": 2, "b2": 1},
        "sharing": {"lambda": {"linspace": [0.6, 0.9, 4]}},
        "vertical": {"coalition_values": [500, 1600, 1500]},
        "shapley": {"values": [0, 100, 120, 300, 90, 250, 260, 600]},
    },
}


def bases():
    """The examples made cheap, then the extra bases: (name, spec, is an example)."""
    out = []
    folder = os.path.join(ROOT, "examples")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".toml"):
            with open(os.path.join(folder, name), "rb") as f:
                out.append((name[:-5], cheap(tomllib.load(f)), True))
    return out + [(name, spec, False) for name, spec in EXTRA_BASES.items()]


# ---------------------------------------------------------------------------------------------
# Mutations.

INTS = [0, -1, 1, 2, 3, 2**32 + 1, 2**40, 2**53 + 1, 2**61, 2**62, 2**63 - 1, -(2**63), 3037000500]
FLOATS = [0.0, -0.0, 0.5, 1.5, -2.5, 1e-300, 5e-324, 1e20, 1e300, 1e308, -1e308, math.nan, math.inf, -math.inf,
          4611686018427387904.0, 3037000500.0]
STRINGS = ["", "abc", "rk45", ".", "..", "x\u0000", "community\u0000", "/", "\n", "imex", "euler", "rk4", "dopri5",
           "euler-maruyama", "periodic", "neumann", "dirichlet", "normal", "uniform", "community", "brusselator",
           "gray-scott", "schnakenberg", "fitzhugh-nagumo", "alliance", "missing.npy", "delta.npy", "u.npy", "bad.npy", "big.npy",
           "fortran.npy", "maybe.npy", "short.npy", "spec.toml", "é" * 40]
OTHERS = [True, False, [], [1], [1.0, 2.0, 3.0], [[1, 2], [3]], [[1.0, 0.0], [0.0, 1.0]], ["a", "b"], {}, {"values": []},
          {"linspace": [0, 1, 2**62]}, {"linspace": [0, 1, 1e18]}, {"logspace": [-1, 1, 3]}, {"values": [math.nan]},
          {"uniform": [1, 0], "count": 3}, {"latin-hypercube": [0, 1], "count": 10**12}, {"uniform": [0, 1], "count": 2**62}]
KEYS = ["n", "r", "mu", "K", "delta", "seed", "dt", "t_end", "saves", "shape", "method", "kind", "x", "u", "v", "a", "b",
        "count", "replicates", "metrics", "parameters", "values", "linspace", "lambda", "max_steps", "rtol", "atol",
        "save_every", "perturbation", "fixed", "spacing", "boundary", "diffusion", "sweep", "grid", "noise", "members", "ensemble",
        "uniform", "epsilon", "a0", "a1", "xx", "."]


def leaves(node, path=()):
    """Every (path, value) below node, lists and tables included."""
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from leaves(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from leaves(v, path + (i,))


def get(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def put(doc, path, value):
    get(doc, path[:-1])[path[-1]] = value


# A time span is not a size: a t_end of 2^40 is a valid run of 10^13 steps, not an input to
# refuse, so time spans take only values that are refused or cheap.
TIME_KEYS = {"t_end"}
TIMES = [0, -1, 0.5, 1e300, 1e308, -1e308, math.nan, math.inf, 5e-324, "abc", True, [], {}]


def interesting(rng, key=None):
    pool = TIMES if key in TIME_KEYS else rng.choice([INTS, FLOATS, STRINGS, OTHERS])
    return copy.deepcopy(rng.choice(pool))


def mutate_tree(doc, rng):
    """One structural mutation; returns its description."""
    paths = [p for p, _ in leaves(doc) if p]
    if not paths:   # an earlier mutation emptied the document: give it a key again
        doc["model"] = interesting(rng)
        return "model = an odd value in an emptied document"
    path = rng.choice(paths)
    op = rng.randrange(7)
    parent = get(doc, path[:-1])
    if op <= 2:
        value = interesting(rng, path[-1])
        put(doc, path, value)
        return f"{fmt(path)} = {toml_value(value)[:60]}"
    if op == 3:
        if isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent.pop(path[-1])
        return f"delete {fmt(path)}"
    if op == 4:
        tables = [p for p, v in leaves(doc) if isinstance(v, dict)]
        table = rng.choice(tables)
        key = rng.choice(KEYS)
        value = interesting(rng, key)
        get(doc, table)[key] = value
        return f"{fmt(table + (key,))} = {toml_value(value)[:60]} (added)"
    if op == 5:
        lists = [p for p, v in leaves(doc) if isinstance(v, list) and p]
        if not lists:
            return mutate_tree(doc, rng)
        target = rng.choice(lists)
        items = get(doc, target)
        if items and rng.random() < 0.5:
            items.pop(rng.randrange(len(items)))
            return f"{fmt(target)}: one entry fewer"
        items.append(copy.deepcopy(items[-1]) if items else interesting(rng))
        return f"{fmt(target)}: one entry more"
    value = get(doc, path)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        scaled = rng.choice([-1, 0.5, 2]) * value
        scaled = int(scaled) if isinstance(value, int) and abs(scaled) < 2**63 else float(scaled)
        put(doc, path, scaled)
        return f"{fmt(path)} scaled to {scaled}"
    return mutate_tree(doc, rng)


def fmt(path):
    return ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path)


def mutate_bytes(data, rng):
    op = rng.randrange(4)
    if op == 0 and data:
        cut = rng.randrange(len(data))
        return data[:cut], f"cut at byte {cut}"
    if op == 1:
        at = rng.randrange(len(data) + 1)
        return data[:at] + b"\x00" + data[at:], f"NUL at byte {at}"
    if op == 2 and data:
        at = rng.randrange(len(data))
        byte = rng.choice(b"\x00\xff\"'[]{}=.,#\n\\0-9e")
        return data[:at] + bytes([byte]) + data[at + 1:], f"byte {at} = {byte:#x}"
    line = rng.choice([b"[model]", b"[sweep]", b"x = 1", b"kind = \"community\"", b"[[model.relation]]", b"\xc3\x28"])
    at = rng.randrange(len(data) + 1)
    return data[:at] + b"\n" + line + b"\n" + data[at:], f"line {line!r} inserted at byte {at}"


def mutants(name, base, count, seed):
    """`count` (description, spec bytes) pairs for one base, the same for the same seed."""
    rng = random.Random(int(hashlib.sha256(f"{seed}/{name}".encode()).hexdigest(), 16))
    out = []
    for k in range(count):
        doc = copy.deepcopy(base)
        steps = []
        text_level = rng.random() < 0.2
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            steps.append(mutate_tree(doc, rng))
        data = toml_dump(doc).encode()
        if text_level:
            data, what = mutate_bytes(data, rng)
            steps.append(what)
        out.append((f"{name}#{k}", "; ".join(steps), data))
    return out


# ---------------------------------------------------------------------------------------------
# .npy inputs, good and bad, in every work folder.

def npy(shape, values=None, descr="<f8", fortran="False", major=1, shape_text=None, data=None):
    shape_text = shape_text or ("(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")")
    header = f"{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape_text}, }}"
    header += " " * ((64 - (len(header) + 11) % 64) % 64) + "\n"
    prefix = b"\x93NUMPY" + bytes([major, 0])
    prefix += struct.pack("<H" if major == 1 else "<I", len(header))
    if data is None:
        count = math.prod(shape)
        values = values if values is not None else [0.5 + 0.01 * i for i in range(count)]
        data = struct.pack(f"<{count}d", *values)
    return prefix + header.encode() + data


def npy_files():
    cells = 64
    return {
        "delta.npy": npy([3, 3], [1.0, 0.2, 0.1, 0.3, 1.0, 0.2, 0.1, 0.1, 1.0]),
        "u.npy": npy([4, 4, 4], [1.0 + 0.01 * (i % 7) for i in range(cells)]),
        "v.npy": npy([4, 4, 4], [0.9 - 0.01 * (i % 5) for i in range(cells)]),
        "bad.npy": b"\x93NUMPZ" + bytes(40),
        "big.npy": npy([4611686018427387904, 4], data=bytes(64)),
        "fortran.npy": npy([3, 3], fortran="True"),
        "maybe.npy": npy([3, 3], fortran="Maybe"),
        "short.npy": npy([3, 3])[:-20],
    }


def npy_mutants(count, seed):
    """Mutated copies of delta.npy, each with the spec that reads it."""
    rng = random.Random(seed * 7919 + 1)
    spec = ("[model]\nkind = \"community\"\nr = 1.0\nK = 1.0\ndelta = \"m.npy\"\n"
            "[initial]\nx = 0.1\n[integrate]\nt_end = 5\nmax_steps = 2000\n")
    good = npy([3, 3], [1.0, 0.2, 0.1, 0.3, 1.0, 0.2, 0.1, 0.1, 1.0])
    headers = [
        lambda: npy([3, 3], descr=rng.choice(["<f4", ">f8", "|b1", "<c16", "<i8", "<i4", "<u8", "O", ""])),
        lambda: npy([3, 3], fortran=rng.choice(["True", "Maybe", "0", "", "None"])),
        lambda: npy([3, 3], shape_text=rng.choice(["(3,)", "()", "(3, 3, 1)", "(-3, 3)", "(9223372036854775807, 2)",
                                                   "(4611686018427387904, 4)", "(3037000500, 3037000500)", "(3, 3",
                                                   "(a, b)", "(0, 0)", "(1, 1)"]), data=good[128:]),
        lambda: npy([3, 3], major=rng.choice([0, 2, 3, 4, 255])),
    ]
    out = []
    for k in range(count):
        if rng.random() < 0.5:
            data = rng.choice(headers)()
            what = "header"
        else:
            data, what = mutate_bytes(good, rng)
        out.append((f"npy#{k}", what, spec.encode(), data))
    return out


# ---------------------------------------------------------------------------------------------
# Running.

class Runner:
    def __init__(self, ecodyn, memory_mb, timeout):
        self.ecodyn, self.memory_mb, self.timeout = ecodyn, memory_mb, timeout

    def run(self, args, cwd):
        limit = self.memory_mb * 1024 * 1024

        def cap():
            import resource
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
        try:
            p = subprocess.run([self.ecodyn] + args, cwd=cwd, capture_output=True, timeout=self.timeout,
                               preexec_fn=cap, env=env, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return None, "", ""
        return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def problems_of(status, stderr):
    if status is None:
        return ["hung (time limit)"]
    if status < 0:
        return [f"killed by {signal.Signals(-status).name}"]
    out = []
    if status not in (0, 1, 2):
        out.append(f"exit status {status}")
    lines = [l for l in stderr.split("\n") if l.strip()]
    if status != 0 and len(lines) != 1:
        out.append(f"{len(lines)} lines on standard error")
    if re.search(r"Fatal error|Current stack trace|Backtrace|NSCocoaErrorDomain|Error Domain=", stderr):
        out.append("a crash report or raw error on standard error")
    return out


def leftovers(folder):
    """Files that an interrupted or failed command should not leave: .partial files."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        for n in dirnames + filenames:
            if ".partial" in n:
                found.append(os.path.relpath(os.path.join(dirpath, n), folder))
    return found


def digest(folder, names):
    h = hashlib.sha256()
    for n in names:
        with open(os.path.join(folder, n), "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def check_spec(runner, name, what, spec, work, npy_data=None):
    """Runs one mutated spec through every command; returns the failures."""
    folder = os.path.join(work, re.sub(r"[^A-Za-z0-9_-]", "_", name))
    os.makedirs(folder)
    for file, data in npy_files().items():
        with open(os.path.join(folder, file), "wb") as f:
            f.write(data)
    if npy_data is not None:
        with open(os.path.join(folder, "m.npy"), "wb") as f:
            f.write(npy_data)
    with open(os.path.join(folder, "spec.toml"), "wb") as f:
        f.write(spec)
    inputs = sorted(os.listdir(folder))
    before = digest(folder, inputs)
    failures = []
    commands = [["analyze", "spec.toml"], ["run", "spec.toml", "--out", "run"], ["sweep", "spec.toml", "--out", "s.sqlite", "--quiet"],
                ["alliance", "spec.toml", "--out", "alliance"]]
    # Every third mutant also through `continue`, with a parameter that one of the model kinds has.
    pick = int(hashlib.sha256(name.encode()).hexdigest(), 16)
    if pick % 3 == 0:
        parameter = ["model.b", "model.K[0]", "model.F", "model.delta[0][1]", "model.a", "model.epsilon"][pick // 3 % 6]
        commands.append(["continue", "spec.toml", "--parameter", parameter, "--to", "3", "--max-points", "200", "--cycles", "2", "--out", "cont"])
    for args in commands:
        status, _, stderr = runner.run(args, folder)
        found = problems_of(status, stderr)
        out = args[3] if len(args) > 3 else None
        if out in ("run", "alliance") and os.path.exists(os.path.join(folder, out)):
            marker = "summary.json" if out == "run" else "report.json"
            if status != 0:
                found.append(f"left the folder {out}/ after failing")
            elif not os.path.exists(os.path.join(folder, out, marker)):
                found.append(f"{out}/ has no {marker}")
        if out == "s.sqlite" and status != 0 and os.path.exists(os.path.join(folder, out)):
            found.append("left s.sqlite after failing")
        if args[0] == "continue" and os.path.exists(os.path.join(folder, "cont")):
            if status != 0:
                found.append("left the folder cont/ after failing")
            elif not os.path.exists(os.path.join(folder, "cont", "branches.json")):
                found.append("cont/ has no branches.json")
        found += [f"left {p}" for p in leftovers(folder)]
        for p in found:
            failures.append(f"{name} [{what}] ecodyn {' '.join(args)}: {p}" + (f" — {stderr.strip()[:300]!r}" if stderr.strip() else ""))
    if digest(folder, inputs) != before:
        failures.append(f"{name} [{what}]: an input file was changed")
    shutil.rmtree(folder, ignore_errors=True)
    return failures


# ---------------------------------------------------------------------------------------------
# Results files: a good sweep, then mutated copies through merge, export and render.

RESULTS_SPEC = """[model]
kind = "brusselator"
a = 1.0
b = 2.0
[sweep]
metrics = ["classification", "max_real"]
[sweep.parameters]
a = { linspace = [0.5, 2.0, 4] }
b = { linspace = [0.0, 4.0, 5] }
"""


def results_mutants(count, seed):
    rng = random.Random(seed * 104729 + 3)
    edits = [
        ("total_points = -1", "UPDATE sweep SET value = '-1' WHERE key = 'total_points'"),
        ("total_points = 1e15", "UPDATE sweep SET value = '1000000000000000' WHERE key = 'total_points'"),
        ("total_points = 2^63-1", "UPDATE sweep SET value = '9223372036854775807' WHERE key = 'total_points'"),
        ("total_points = abc", "UPDATE sweep SET value = 'abc' WHERE key = 'total_points'"),
        ("no total_points", "DELETE FROM sweep WHERE key = 'total_points'"),
        ("no spec hash", "DELETE FROM sweep WHERE key = 'spec_hash'"),
        ("other spec hash", "UPDATE sweep SET value = 'feed' WHERE key = 'spec_hash'"),
        ("extra column", "ALTER TABLE points ADD COLUMN extra REAL"),
        ("points missing", "DELETE FROM points WHERE idx % 3 = 0"),
        ("point outside", "UPDATE points SET idx = 100000 WHERE idx = 1"),
        ("negative point", "UPDATE points SET idx = -5 WHERE idx = 2"),
        ("text in a parameter", "UPDATE points SET \"model.a\" = 'x' WHERE idx = 3"),
        ("no points table", "DROP TABLE points"),
        ("no sweep table", "DROP TABLE sweep"),
        ("metrics renamed", "UPDATE sweep SET value = 'zzz' WHERE key = 'metrics'"),
        ("parameters renamed", "UPDATE sweep SET value = 'model.q' WHERE key = 'parameters'"),
        ("shard 7/0", "UPDATE sweep SET value = '7/0' WHERE key = 'shard'"),
        ("nulls", "UPDATE points SET \"model.a\" = NULL, max_real = NULL"),
    ]
    out = []
    for k in range(count):
        if rng.random() < 0.6:
            what, sql = rng.choice(edits)
            out.append((f"results#{k}", what, ("sql", sql)))
        else:
            out.append((f"results#{k}", "bytes", ("bytes", rng.randrange(1 << 30))))
    return out


def check_results(runner, name, what, edit, good, work):
    folder = os.path.join(work, re.sub(r"[^A-Za-z0-9_-]", "_", name))
    os.makedirs(folder)
    target = os.path.join(folder, "r.sqlite")
    shutil.copy(good, target)
    kind, arg = edit
    if kind == "sql":
        db = sqlite3.connect(target)
        try:
            db.executescript(arg)
            db.commit()
        except sqlite3.Error:
            pass
        db.close()
    else:
        rng = random.Random(arg)
        with open(target, "r+b") as f:
            data = bytearray(f.read())
            for _ in range(rng.choice([1, 4, 32])):
                at = rng.randrange(len(data))
                data[at] = rng.randrange(256)
            if rng.random() < 0.2:
                data = data[: rng.randrange(len(data))]
            f.seek(0)
            f.truncate()
            f.write(bytes(data))
    for suffix in ("-wal", "-shm"):
        if os.path.exists(target + suffix):
            os.remove(target + suffix)
    before = digest(folder, ["r.sqlite"])
    failures = []
    for args in (["merge", "r.sqlite", "-o", "m.sqlite"], ["export", "r.sqlite", "--csv", "r.csv"],
                 ["render", "r.sqlite", "--x", "a", "--y", "b", "--color", "max_real", "-o", "r.png"],
                 ["render", "r.sqlite", "--x", "a", "--y", "b", "--color", "classification", "-o", "c.png"]):
        status, _, stderr = runner.run(args, folder)
        found = problems_of(status, stderr)
        out = args[-1]
        if status != 0 and os.path.exists(os.path.join(folder, out)):
            found.append(f"left {out} after failing")
        found += [f"left {p}" for p in leftovers(folder)]
        for p in found:
            failures.append(f"{name} [{what}] ecodyn {' '.join(args)}: {p}" + (f" — {stderr.strip()[:300]!r}" if stderr.strip() else ""))
        for f in (out,):
            if os.path.exists(os.path.join(folder, f)):
                os.remove(os.path.join(folder, f))
    if digest(folder, ["r.sqlite"]) != before:
        failures.append(f"{name} [{what}]: merge, export or render changed the input r.sqlite")
    shutil.rmtree(folder, ignore_errors=True)
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ecodyn", default=os.path.join(ROOT, ".build", "debug", "ecodyn"))
    parser.add_argument("--mutations", type=int, default=120, help="mutants per example (and of .npy and results files)")
    parser.add_argument("--extra-mutations", type=int, default=64, help="mutants per extra base spec")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--memory-mb", type=int, default=4096, help="address-space cap per run")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--only", help="run only the mutants whose name starts with this")
    parser.add_argument("--show", type=int, default=40, help="failures to print")
    args = parser.parse_args()
    ecodyn = os.path.abspath(args.ecodyn)
    if not os.access(ecodyn, os.X_OK):
        sys.exit(f"fuzz: no ecodyn executable at {ecodyn}; build first (swift build)")
    runner = Runner(ecodyn, args.memory_mb, args.timeout)
    work = tempfile.mkdtemp(prefix="ecodyn-fuzz-")
    try:
        good = os.path.join(work, "good.sqlite")
        with open(os.path.join(work, "results.toml"), "w") as f:
            f.write(RESULTS_SPEC)
        status, _, stderr = runner.run(["sweep", "results.toml", "--out", "good.sqlite", "--quiet"], work)
        if status != 0:
            sys.exit(f"fuzz: the seed sweep failed: {stderr}")
        jobs = []
        for name, base, example in bases():
            for mname, what, data in mutants(name, base, args.mutations if example else args.extra_mutations, args.seed):
                jobs.append((check_spec, (runner, mname, what, data, work)))
        for mname, what, spec, data in npy_mutants(args.mutations, args.seed):
            jobs.append((check_spec, (runner, mname, what, spec, work, data)))
        for mname, what, edit in results_mutants(args.mutations, args.seed):
            jobs.append((check_results, (runner, mname, what, edit, good, work)))
        if args.only:
            jobs = [j for j in jobs if j[1][1].startswith(args.only)]
        failures, passed = [], 0
        with futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            for found in pool.map(lambda j: j[0](*j[1]), jobs):
                if found:
                    failures += found
                else:
                    passed += 1
        for line in failures[: args.show]:
            print(line)
        if len(failures) > args.show:
            print(f"… and {len(failures) - args.show} more")
        failed_mutants = len({f.split(" ")[0] for f in failures})
        print(f"fuzz: {passed} passed, {failed_mutants} failed")
        sys.exit(1 if failures else 0)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
