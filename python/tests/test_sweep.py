"""Sweeps from Python: the same SQLite results as the CLI, progress, cancellation and resume."""
import sqlite3
import subprocess

import pytest

import ecodyn

SPEC = """
[model]
kind      = "brusselator"
a         = 1.0
b         = 2.0
diffusion = [1.0, 8.0]

[sweep]
metrics = ["classification", "max_real"]

[sweep.parameters]
a = { linspace = [0.5, 2.0, 12] }
b = { linspace = [0.5, 6.0, 10] }
"""


def rows(path):
    with sqlite3.connect(path) as db:
        return db.execute('SELECT idx, "model.a", "model.b", classification, max_real, status FROM points ORDER BY idx').fetchall()


def test_sweep_matches_the_cli_and_the_closed_form(tmp_path, cli):
    spec = tmp_path / "map.toml"
    spec.write_text(SPEC)
    summary = ecodyn.sweep(str(spec), tmp_path / "python.sqlite", jobs=2)
    assert summary["points"] == summary["computed"] == 120 and summary["skipped"] == 0
    subprocess.run([cli, "sweep", str(spec), "--out", str(tmp_path / "cli.sqlite"), "--quiet"], check=True,
                   capture_output=True)
    ours = rows(tmp_path / "python.sqlite")
    assert ours == rows(tmp_path / "cli.sqlite")
    for _, a, b, classification, max_real, status in ours:
        assert status == "ok"
        assert (max_real < 0) == (b < 1 + a * a)          # the Hopf line b = 1 + a²
        assert classification.startswith("stable" if b < 1 + a * a else "unstable")


def test_spec_text_progress_cancel_and_resume(tmp_path):
    out = tmp_path / "r.sqlite"
    seen = []

    def stop_after_first_wave(done, total):
        seen.append((done, total))
        return done == 0

    with pytest.raises(ecodyn.Cancelled, match="resume"):
        ecodyn.sweep(SPEC, out, jobs=1, progress=stop_after_first_wave)
    kept = len(rows(out))
    assert seen[0] == (0, 120) and 0 < kept < 120 and seen[-1] == (kept, 120)
    summary = ecodyn.sweep(SPEC, out, jobs=1)
    assert summary["skipped"] == kept and summary["computed"] == 120 - kept
    assert len(rows(out)) == 120


def test_an_exception_in_progress_stops_the_sweep_and_is_raised(tmp_path):
    def broken(done, total):
        raise KeyError("from the callback")

    with pytest.raises(KeyError, match="from the callback"):
        ecodyn.sweep(SPEC, tmp_path / "r.sqlite", progress=broken)


def test_sharded_sweep_covers_its_points(tmp_path):
    summary = ecodyn.sweep(SPEC, tmp_path / "s1.sqlite", shard=(1, 3))
    assert summary["points"] == 40
    assert all(idx % 3 == 1 for idx, *_ in rows(tmp_path / "s1.sqlite"))


def test_bad_specs_name_the_key(tmp_path):
    with pytest.raises(ValueError, match="linspace|sweep"):
        ecodyn.sweep(SPEC.replace("[0.5, 2.0, 12]", "[0.5, 2.0]"), tmp_path / "r.sqlite")
    with pytest.raises(FileNotFoundError, match="spec"):
        ecodyn.sweep("no-such-spec.toml", tmp_path / "r.sqlite")
    with pytest.raises(ValueError, match="out"):
        ecodyn.sweep(SPEC, tmp_path)          # a folder where the results file goes
