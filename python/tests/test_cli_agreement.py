"""The Python package and the CLI give the same answers for the same examples."""
import json
import os
import subprocess

import numpy as np

import ecodyn
from conftest import EXAMPLES

try:
    import tomllib
except ImportError:   # Python < 3.11
    import tomli as tomllib


def duo():
    spec = tomllib.load(open(os.path.join(EXAMPLES, "community-duo.toml"), "rb"))
    m = spec["model"]
    return spec, ecodyn.Community(m["r"], m["mu"], m["K"], m["delta"])


def test_analyze_agrees_with_the_cli(cli):
    _, community = duo()
    report = json.loads(subprocess.run([cli, "analyze", os.path.join(EXAMPLES, "community-duo.toml"), "--json"],
                                       check=True, capture_output=True, text=True).stdout)
    ours = community.analyze()
    np.testing.assert_array_equal(ours.equilibrium, report["equilibrium"])
    np.testing.assert_array_equal(ours.eigenvalues, [complex(e["re"], e["im"]) for e in report["eigenvalues"]])
    assert (ours.reactivity, ours.classification) == (report["reactivity"], report["classification"])
    np.testing.assert_allclose(ours.equilibrium, [6.875, 4.25], rtol=1e-14)   # the example's closed form


def test_run_agrees_with_the_cli(cli, tmp_path):
    spec, community = duo()
    subprocess.run([cli, "run", os.path.join(EXAMPLES, "community-duo.toml"), "--out", str(tmp_path / "duo")],
                   check=True, capture_output=True)
    times, states = np.load(tmp_path / "duo" / "times.npy"), np.load(tmp_path / "duo" / "trajectory.npy")
    run = spec["integrate"]
    ours = ecodyn.integrate(community, [spec["initial"]["x"]] * 2, (0, run["t_end"]), rtol=run["rtol"], atol=run["atol"],
                            t_eval=times[1:])
    np.testing.assert_array_equal(ours.t, times)
    np.testing.assert_array_equal(ours.y, states.T if states.shape[0] == times.size else states)
