"""The README's Python example: a community analysed and integrated, a Turing pattern, and a
small sweep read back with sqlite3.   python3 examples/python/quickstart.py  (after make python
and pip install dist/ecodyn-*.whl)"""
import os
import sqlite3
import tempfile

import numpy as np

import ecodyn

# Two competing firms (examples/community-duo.toml): equilibrium, stability, a run to t = 60.
duo = ecodyn.Community(r=[1.0, 0.8], mu=0.1, K=[10, 8], delta=[[1.0, 0.5], [0.4, 1.0]])
analysis = duo.analyze()
print("equilibrium", analysis.equilibrium, analysis.classification, f"reactivity {analysis.reactivity:.4f}")
run = ecodyn.integrate(duo, [0.1, 0.1], (0, 60), rtol=1e-8, atol=1e-10, t_eval=np.linspace(1, 60, 60))
print(f"X(60) = {run.y[:, -1].round(4)}, {run.status} in {run.steps} steps")

# A Turing pattern: the Brusselator with a = 3, b = 5, diffusion (1, 8) on a 64×64 periodic grid.
model = ecodyn.Brusselator(a=3.0, b=5.0, m1=1.0, m2=8.0)
grid = ecodyn.Grid((64, 64))
report = model.analyze(grid)
print(f"Turing unstable: {report.turing_unstable} (b_T = {report.turing_b:.3f} < b = 5 < b_H = {report.hopf_b:g})")
rng = np.random.default_rng(3)
u0, v0 = 3.0 + 0.01 * rng.uniform(-0.5, 0.5, grid.shape), 5 / 3 + 0.01 * rng.uniform(-0.5, 0.5, grid.shape)
pattern = ecodyn.run_grid(model, grid, u0, v0, method="imex", dt=0.05, t_end=200.0)
print(f"pattern at t = {pattern.time:g}: u from {pattern.u.min():.2f} to {pattern.u.max():.2f}")

# A small sweep of the Brusselator's stability over (a, b), read back with sqlite3.
spec = """
[model]
kind = "brusselator"
a = 1.0
b = 2.0
[sweep]
metrics = ["classification"]
[sweep.parameters]
a = { linspace = [0.5, 2.0, 16] }
b = { linspace = [0.5, 6.0, 16] }
"""
with tempfile.TemporaryDirectory() as folder:
    out = os.path.join(folder, "map.sqlite")
    summary = ecodyn.sweep(spec, out)
    with sqlite3.connect(out) as db:
        counts = db.execute("SELECT classification, COUNT(*) FROM points GROUP BY classification ORDER BY 1").fetchall()
print(f"{summary['computed']} points:", ", ".join(f"{n} {name}" for name, n in counts))
