"""Runs Ecodyn's canonical workloads and the peers' in one go and prints the ratios.

    python3 Benchmarks/compare.py --ecodyn .build/release/ecodyn --peers ../shared/peers [--rounds 5] [W1 W5 ...]

Both sides print JSON lines in one schema (`impl` for Ecodyn, `peer` for the others). The
ratio is peer seconds / Ecodyn seconds, both measured in this run on this machine: above 1
means Ecodyn is faster. With --rounds k the two sides run interleaved k times (Ecodyn, peers,
Ecodyn, peers, …) and the table shows each pair's median ratio and its range over the rounds.
The raw lines are kept in .build/bench/ for docs/benchmarks.md.
"""
import argparse, json, os, platform, statistics, subprocess, sys


def lines(cmd, **kw):
    out = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        sys.exit(f"failed: {' '.join(cmd)}")
    return [json.loads(l) for l in out.stdout.splitlines() if l.startswith("{")]


def figure(record):
    """The workload's throughput figures: every key but the common ones."""
    skip = {"workload", "impl", "peer", "seconds", "checksum"}
    return ", ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}" for k, v in record.items() if k not in skip)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ecodyn", default=".build/release/ecodyn")
    p.add_argument("--peers", default="../shared/peers")
    p.add_argument("--out", default=".build/bench")
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("workloads", nargs="*")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    peer_dir = os.path.abspath(a.peers)
    rounds = []
    for _ in range(max(1, a.rounds)):
        ours = lines([a.ecodyn, "bench", "--json", *a.workloads])
        ids = sorted({r["workload"].split()[0] for r in ours})
        rounds.append((ours, lines([sys.executable, os.path.join(peer_dir, "run_peers.py"), *ids], cwd=peer_dir)))
    with open(os.path.join(a.out, "ecodyn.jsonl"), "w") as f:
        f.writelines(json.dumps(r) + "\n" for ours, _ in rounds for r in ours)
    with open(os.path.join(a.out, "peers.jsonl"), "w") as f:
        f.writelines(json.dumps(r) + "\n" for _, peers in rounds for r in peers)
    ratios = {}
    for ours, peers in rounds:
        for r in ours:
            for q in peers:
                if q["workload"] == r["workload"]:
                    ratios.setdefault((r["impl"], q["peer"]), []).append(q["seconds"] / r["seconds"])
    ours, peers = rounds[-1]

    print(f"# {platform.node()}: {platform.processor() or platform.machine()}, {os.cpu_count()} cores")
    header = ("workload", "ecodyn", "ecodyn s", "peer", "peer s", "ratio (median of rounds)", "checksums (ecodyn / peer)")
    rows = []
    for r in ours:
        for q in [q for q in peers if q["workload"] == r["workload"]]:
            spread = ratios[(r["impl"], q["peer"])]
            ratio = f"{statistics.median(spread):.2f}x" + (f" ({min(spread):.2f}-{max(spread):.2f})" if len(spread) > 1 else "")
            rows.append((r["workload"], r["impl"], f"{r['seconds']:.4f}", q["peer"], f"{q['seconds']:.4f}",
                         ratio, f"{r['checksum']} / {q['checksum']}"))
    widths = [max(len(str(row[i])) for row in rows + [header]) for i in range(len(header))]
    for row in [header] + rows:
        print(" | ".join(str(c).ljust(w) for c, w in zip(row, widths)))
    for r in ours + peers:
        extra = figure(r)
        if extra:
            print(f"  {r['workload']} {r.get('impl') or r.get('peer')}: {extra}")


if __name__ == "__main__":
    main()
