"""Batched ensembles: against member-by-member runs, layouts, thread counts, bad input."""
import numpy as np
import pytest

import ecodyn


def members(n=8, b=300, seed=6):
    rng = np.random.default_rng(seed)
    delta = np.eye(n) + 0.4 * rng.uniform(0, 1, (n, n)) * (1 - np.eye(n)) / n
    r = rng.uniform(0.5, 1.5, n)[:, None] * (0.5 + rng.uniform(0, 1, (1, b)))   # W2's member rates
    return delta, r, np.zeros((n, b)), np.ones((n, b)), np.full((n, b), 0.1)


def test_ensemble_members_match_their_own_rk4_runs():
    delta, r, mu, K, x0 = members()
    result = ecodyn.integrate_ensemble(delta, r, mu, K, x0, dt=0.01, steps=500)
    assert result.final_state.shape == (8, 300) and result.status == ["finished"] * 300
    for b in (0, 17, 299):
        alone = ecodyn.integrate(ecodyn.Community(r[:, b], mu[:, b], K[:, b], delta), x0[:, b], (0, 5), method="rk4",
                                 dt=0.01, t_eval=[5.0])
        np.testing.assert_allclose(result.final_state[:, b], alone.y[:, -1], rtol=1e-12)
        np.testing.assert_array_equal(result.survivors[b], np.count_nonzero(alone.y[:, -1] > 1e-6))
    assert result.steps == 300 * 500


def test_layouts_and_thread_counts_give_identical_results():
    delta, r, mu, K, x0 = members()
    c_order = ecodyn.integrate_ensemble(delta, r, mu, K, x0, dt=0.01, steps=200, threads=1)
    f_order = ecodyn.integrate_ensemble(np.asfortranarray(delta), np.asfortranarray(r), np.asfortranarray(mu),
                                        np.asfortranarray(K), np.asfortranarray(x0), dt=0.01, steps=200, threads=2)
    np.testing.assert_array_equal(c_order.final_state, f_order.final_state)
    np.testing.assert_array_equal(c_order.time_average, f_order.time_average)


def test_broadcast_rates_equal_tiled_rates():
    delta, r, mu, K, x0 = members()
    tiled = ecodyn.integrate_ensemble(delta, r, mu, K, x0, dt=0.01, steps=100)
    broadcast = ecodyn.integrate_ensemble(delta, r, 0.0, 1.0, x0, dt=0.01, steps=100)
    np.testing.assert_array_equal(tiled.final_state, broadcast.final_state)


def test_bad_ensemble_input_names_the_argument():
    delta, r, mu, K, x0 = members()
    with pytest.raises(ValueError, match="r"):
        ecodyn.integrate_ensemble(delta, r[:, :5], mu, K, x0, dt=0.01, steps=10)
    with pytest.raises(ValueError, match="x0"):
        ecodyn.integrate_ensemble(delta, r, mu, K, x0[:3], dt=0.01, steps=10)
    with pytest.raises(ValueError, match="K"):
        ecodyn.integrate_ensemble(delta, r, mu, -K, x0, dt=0.01, steps=10)
