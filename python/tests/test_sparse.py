"""Sparse communities through the command line and the Python package against SciPy and NumPy: δ saved by
scipy.sparse.save_npz in every format SciPy writes, the equilibrium against spsolve, the
rightmost eigenvalue and reactivity (ARPACK in Ecodyn) against NumPy's dense eigvals and
eigvalsh, and a run against SciPy's DOP853 on the same field."""
import json
import subprocess

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.integrate import solve_ivp
from scipy.sparse.linalg import spsolve

N = 600   # above Ecodyn's dense limit for sparse Jacobians (400): the ARPACK path


def community():
    rng = np.random.default_rng(12)
    off = sp.random(N, N, density=8 / N, random_state=12, format="coo")
    off.data = 0.15 * (rng.random(off.nnz) - 0.3)   # mostly competition, some mutualism
    delta = (off + sp.identity(N)).tocsr()
    r = 0.5 + rng.random(N)
    return delta, r, 0.1 * r, np.ones(N)


def spec(path, r, mu, K, extra=""):
    np.save(path / "r.npy", r)
    np.save(path / "mu.npy", mu)
    np.save(path / "K.npy", K)
    return '[model]\nkind = "community"\nr = "r.npy"\nmu = "mu.npy"\nK = "K.npy"\ndelta = "delta.npz"\n' + extra


@pytest.mark.parametrize("form", ["csr", "csc", "coo", "coo-stored"])
def test_analyze_agrees_with_scipy_and_numpy(cli, tmp_path, form):
    delta, r, mu, K = community()
    matrix = {"csr": delta, "csc": delta.tocsc(), "coo": delta.tocoo(), "coo-stored": delta.tocoo()}[form]
    sp.save_npz(tmp_path / "delta.npz", matrix, compressed=form != "coo-stored")
    (tmp_path / "spec.toml").write_text(spec(tmp_path, r, mu, K))
    report = json.loads(subprocess.run([cli, "analyze", "spec.toml", "--json"], cwd=tmp_path, check=True,
                                       capture_output=True, text=True).stdout)
    x = spsolve(delta.tocsc(), K * (1 - mu / r))
    np.testing.assert_allclose(report["equilibrium"], x, rtol=1e-8, atol=1e-10)
    a = r / K
    J = np.diag((r - mu) - a * (delta @ x)) - (a * x)[:, None] * delta.toarray()
    eig = np.linalg.eigvals(J)
    assert report["search"]["converged"]
    np.testing.assert_allclose(report["max_real"], eig.real.max(), rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(report["reactivity"], np.linalg.eigvalsh((J + J.T) / 2).max(), rtol=1e-7, atol=1e-9)
    right = sorted(eig.real, reverse=True)[: len(report["eigenvalues"])]
    np.testing.assert_allclose([e["re"] for e in report["eigenvalues"]], right, rtol=1e-7, atol=1e-9)


def test_run_agrees_with_dop853(cli, tmp_path):
    delta, r, mu, K = community()
    sp.save_npz(tmp_path / "delta.npz", delta)
    run = '[initial]\nx = 0.05\n[integrate]\nmethod = "dopri5"\nt_end = 30\nrtol = 1e-10\natol = 1e-12\nsaves = 4\n'
    (tmp_path / "spec.toml").write_text(spec(tmp_path, r, mu, K, run))
    subprocess.run([cli, "run", "spec.toml", "--out", "out"], cwd=tmp_path, check=True, capture_output=True)
    ours = np.load(tmp_path / "out" / "trajectory.npy")[-1]
    g, a = r - mu, r / K
    ref = solve_ivp(lambda t, x: (g - a * (delta @ x)) * x, (0, 30), np.full(N, 0.05), method="DOP853", rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(ours, ref.y[:, -1], rtol=1e-7, atol=1e-9)


def test_a_damaged_npz_is_named(cli, tmp_path):
    delta, r, mu, K = community()
    sp.save_npz(tmp_path / "delta.npz", delta)
    data = (tmp_path / "delta.npz").read_bytes()
    (tmp_path / "delta.npz").write_bytes(data[: len(data) // 2])
    (tmp_path / "spec.toml").write_text(spec(tmp_path, r, mu, K))
    done = subprocess.run([cli, "analyze", "spec.toml"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 2 and "model.delta" in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_the_python_package_takes_scipy_sparse_delta():
    # The wheel's Community over a scipy.sparse δ: the same analysis as NumPy's on the dense field,
    # an integration against DOP853, and a dense twin with every eigenvalue.
    import ecodyn
    delta, r, mu, K = community()
    c = ecodyn.Community(r, mu, K, delta.tocsc())
    assert c.stored == delta.nnz and c.n == N
    report = c.analyze()
    x = spsolve(delta.tocsc(), K * (1 - mu / r))
    np.testing.assert_allclose(report.equilibrium, x, rtol=1e-8, atol=1e-10)
    a = r / K
    J = np.diag((r - mu) - a * (delta @ x)) - (a * x)[:, None] * delta.toarray()
    eig = np.linalg.eigvals(J)
    assert len(report.eigenvalues) == 6
    np.testing.assert_allclose(report.eigenvalues.real, sorted(eig.real, reverse=True)[:6], rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(report.reactivity, np.linalg.eigvalsh((J + J.T) / 2).max(), rtol=1e-7, atol=1e-9)
    np.testing.assert_array_equal(c.delta, delta.toarray())
    run = ecodyn.integrate(c, np.full(N, 0.05), (0, 10), rtol=1e-10, atol=1e-12)
    g = r - mu
    ref = solve_ivp(lambda t, y: (g - a * (delta @ y)) * y, (0, 10), np.full(N, 0.05), method="DOP853", rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(run.y[:, -1], ref.y[:, -1], rtol=1e-7, atol=1e-9)
    with pytest.raises(ValueError, match="values"):
        ecodyn.Community(1.0, 0.0, 1.0, sp.coo_matrix(([np.nan], ([0], [1])), shape=(3, 3)))
