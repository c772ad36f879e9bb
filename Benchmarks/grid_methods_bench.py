"""ETDRK4 against IMEX Euler at equal accuracy on the Turing example (examples/brusselator-turing.toml).

    python3 Benchmarks/grid_methods_bench.py --ecodyn .build/release/ecodyn [--rounds 3] [--t-end 50]

Both methods run the example end to end (`ecodyn run`, the 128 x 128 periodic Brusselator at
a = 3, b = 5, D = (1, 8)) to t_end over a range of steps; the reference is ETDRK4 at dt = 0.0025
(its own error shown against dt = 0.005). The error is max |u - u_ref| over the grid relative
to the pattern's amplitude max |u_ref - mean|. For each IMEX step the table pairs the cheapest
ETDRK4 run whose error is no larger and quotes the median over the rounds of the per-round time
ratio (the runs of a round interleaved). t_end = 50 covers the pattern's growth and saturation;
by t = 500 the pattern's arrangement depends on round-off-sized differences, so no step of
either method reaches a pointwise accuracy there.
"""
import argparse, os, re, statistics, subprocess, tempfile, time

import numpy as np

IMEX = [0.05, 0.02, 0.01, 0.005, 0.002, 0.001]
ETDRK4 = [0.5, 0.4, 0.3125, 0.25, 0.2, 0.125, 0.1, 0.05]


def run(ecodyn, spec, folder, method, dt, t_end):
    text = re.sub(r'(?m)^method\s*=.*$', f'method = "{method}"', open(spec).read())
    text = re.sub(r'(?m)^dt\s*=.*$', f"dt = {dt}", text)
    text = re.sub(r'(?m)^t_end\s*=.*$', f"t_end = {t_end}", text)
    path = os.path.join(folder, f"{method}-{dt}.toml")
    open(path, "w").write(text)
    out = os.path.join(folder, f"{method}-{dt}")
    start = time.perf_counter()
    subprocess.run([ecodyn, "run", path, "--out", out], check=True, capture_output=True)
    return time.perf_counter() - start, np.load(os.path.join(out, "u.npy"))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ecodyn", default=".build/release/ecodyn")
    p.add_argument("--spec", default="examples/brusselator-turing.toml")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--t-end", type=float, default=50.0)
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _, reference = run(a.ecodyn, a.spec, folder, "etdrk4", 0.0025, a.t_end)
        _, check = run(a.ecodyn, a.spec, folder, "etdrk4", 0.005, a.t_end)
        amplitude = np.abs(reference - reference.mean()).max()
        error = lambda u: float(np.abs(u - reference).max() / amplitude)
        print(f"# reference: etdrk4 dt = 0.0025 to t = {a.t_end}; its error against dt = 0.005: {error(check):.2e}")
        times, errors = {}, {}
        order = [("imex", dt) for dt in IMEX] + [("etdrk4", dt) for dt in ETDRK4]
        for r in range(a.rounds):
            # Interleave the two methods' runs within the round.
            runs = [x for pair in zip(order[:len(IMEX)], order[len(IMEX):]) for x in pair]
            for key in runs + [k for k in order if k not in runs]:
                seconds, u = run(a.ecodyn, a.spec, folder, *key, a.t_end)
                times.setdefault(key, []).append(seconds)
                errors[key] = error(u)
        print("| IMEX dt | IMEX error | IMEX s | ETDRK4 dt (cheapest with no larger error) | ETDRK4 error | ETDRK4 s | ratio (median of rounds, range) |")
        print("|---|---|---|---|---|---|---|")
        for dt in IMEX:
            e = errors[("imex", dt)]
            matches = [d for d in ETDRK4 if errors[("etdrk4", d)] <= e]
            if not matches:
                print(f"| {dt} | {e:.3g} | {statistics.median(times[('imex', dt)]):.3f} | none | | | |")
                continue
            best = min(matches, key=lambda d: statistics.median(times[("etdrk4", d)]))
            ratios = [i / x for i, x in zip(times[("imex", dt)], times[("etdrk4", best)])]
            print(f"| {dt} | {e:.3g} | {statistics.median(times[('imex', dt)]):.3f} | {best} | {errors[('etdrk4', best)]:.3g} | "
                  f"{statistics.median(times[('etdrk4', best)]):.3f} | {statistics.median(ratios):.1f}x ({min(ratios):.1f}-{max(ratios):.1f}) |")
        print("\nETDRK4 runs: " + ", ".join(f"dt {d}: error {errors[('etdrk4', d)]:.3g}, {statistics.median(times[('etdrk4', d)]):.3f} s" for d in ETDRK4))


if __name__ == "__main__":
    main()
