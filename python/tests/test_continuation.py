"""Continuation from Python: located points against closed forms and the CLI's report."""
import json
import os
import subprocess

import numpy as np
import pytest

import ecodyn
from conftest import EXAMPLES


def test_brusselator_hopf_point_and_branch():
    report = ecodyn.Brusselator(2.0, 3.0).continuation("b", 7.0)
    (hopf,) = report.bifurcations
    assert hopf.type == "hopf"
    assert hopf.parameter_value == pytest.approx(1 + 2.0 ** 2, rel=1e-9)   # b_H = 1 + a²
    assert hopf.frequency == pytest.approx(2.0, rel=1e-8)                  # ω = a
    assert hopf.first_lyapunov < 0
    for point in report.branches[0].points:
        np.testing.assert_allclose(point.state, [2.0, point.parameter_value / 2.0], rtol=1e-9)
        assert point.stable == (point.parameter_value < 5.0) or abs(point.parameter_value - 5.0) < 1e-6


def test_community_extinction_against_the_two_member_closed_form():
    # K' = K(1 − μ/r) = (9, 7): X*₀ = (K'₀ − δ₀₁K'₁)/(1 − δ₀₁δ₁₀) vanishes at δ₀₁ = 9/7.
    duo = ecodyn.Community([1.0, 0.8], 0.1, [10, 8], [[1.0, 0.5], [0.4, 1.0]])
    report = duo.continuation("delta[0][1]", 2.0)
    (leave,) = report.bifurcations
    assert (leave.type, leave.member, leave.note) == ("transcritical", 0, "member 0 leaves")
    assert leave.parameter_value == pytest.approx(9 / 7, rel=1e-9)
    assert [b.members for b in report.branches] == [[0, 1], [1]]
    np.testing.assert_allclose(report.branches[-1].points[-1].state, [0, 7], atol=1e-10)


def test_the_report_is_the_clis(cli, tmp_path):
    spec = os.path.join(EXAMPLES, "community-duo.toml")
    done = subprocess.run([cli, "continue", spec, "--parameter", "model.K[0]", "--to", "30", "--json",
                           "--out", str(tmp_path / "c")], check=True, capture_output=True, text=True)
    theirs = json.loads(done.stdout)
    ours = ecodyn.Community([1.0, 0.8], 0.1, [10, 8], [[1.0, 0.5], [0.4, 1.0]]).continuation("K[0]", 30)
    assert [e["note"] for e in theirs["bifurcations"]] == [e.note for e in ours.bifurcations] == ["member 1 leaves"]
    assert theirs["bifurcations"][0]["parameter_value"] == ours.bifurcations[0].parameter_value
    assert theirs["bifurcations"][0]["parameter_value"] == pytest.approx(7 / 0.4 / 0.9, rel=1e-9)
    assert os.path.exists(tmp_path / "c" / "diagram.png") and os.path.exists(tmp_path / "c" / "branches.json")


def test_bad_continuation_input_names_the_argument():
    duo = ecodyn.Community([1.0, 0.8], 0.1, [10, 8], [[1.0, 0.5], [0.4, 1.0]])
    with pytest.raises(ValueError, match="K\\[7\\]"):
        duo.continuation("K[7]", 2)
    with pytest.raises(ValueError, match="present|members"):
        duo.continuation("K[0]", 30, present=[0])      # member 1 can invade that equilibrium
    with pytest.raises(ValueError, match="start"):
        ecodyn.Brusselator(1, 2).continuation("b", 3, start=[1, 2, 3])
