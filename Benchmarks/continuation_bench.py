"""C1 community-branch against a naive SciPy loop, interleaved round by round on this machine.

    python3 Benchmarks/continuation_bench.py --ecodyn .build/release/ecodyn --peers ../shared/peers [--rounds 3]

Ecodyn (`ecodyn bench C1`) follows the equilibrium of the 200-member community
`workloads.glv_community(200, 1.0, 11)` as K[0] goes from 1 to 120 by pseudo-arclength
continuation, locating every extinction and switching branches there. The peer is what a user
writes without a continuation tool: at as many evenly spaced values of K[0], `scipy.optimize.fsolve`
from the previous solution plus `numpy.linalg.eigvals` of the Jacobian — it lands on some
equilibrium at each value (GLV has one for every set of members at 0) and locates nothing; the
record says how many members it ends with at 0 or below, against Ecodyn's survivors.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np
from scipy.optimize import fsolve


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ecodyn", default=".build/release/ecodyn")
    parser.add_argument("--peers", default="../shared/peers")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, os.path.abspath(args.peers))
    import workloads as W

    r, mu, K, delta, _ = W.glv_community(200, 1.0, 11)
    g = r - mu

    def peer(points):
        x = np.linalg.solve(delta, K * g / r)
        start = time.perf_counter()
        for k0 in np.linspace(1.0, 120.0, points):
            Kp = K.copy()
            Kp[0] = k0
            a = r / Kp
            x = fsolve(lambda x: (g - a * (delta @ x)) * x, x, xtol=1e-10)
            J = np.diag(g - a * (delta @ x)) - (a * x)[:, None] * delta
            np.linalg.eigvals(J)
        return time.perf_counter() - start, x

    ratios = []
    for round_ in range(args.rounds):
        ours = json.loads(subprocess.run([args.ecodyn, "bench", "C1", "--json", "--repeats", "1"], check=True,
                                         capture_output=True, text=True).stdout.splitlines()[0])
        seconds, x = peer(ours["points"])
        print(json.dumps(dict(round=round_, ecodyn=ours["seconds"], points=ours["points"], transitions=ours["transitions"],
                              scipy_loop=seconds, scipy_members_at_or_below_zero=int((x <= 1e-9).sum()),
                              ecodyn_survivors=ours["survivors"])), flush=True)
        ratios.append(seconds / ours["seconds"])
    print(f"C1: SciPy loop / Ecodyn, median over {args.rounds} rounds: {statistics.median(ratios):.2f}x "
          f"(rounds: {', '.join(f'{v:.2f}' for v in ratios)})")


if __name__ == "__main__":
    main()
