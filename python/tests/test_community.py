"""Communities: equilibria and stability against NumPy, named parameters, relations, bad input."""
import numpy as np
import pytest

import ecodyn


def jacobian(r, mu, K, delta, x):
    """J = diag(g − a ⊙ δx) − diag(a ⊙ x)·δ (MODELS.md §1), in NumPy."""
    g, a = r - mu, r / K
    return np.diag(g - a * (delta @ x)) - (a * x)[:, None] * delta


def random_community(n, seed):
    rng = np.random.default_rng(seed)
    delta = np.eye(n) + 0.1 * rng.standard_normal((n, n)) * (1 - np.eye(n))
    return rng.uniform(0.5, 1.5, n), rng.uniform(0, 0.2, n), rng.uniform(1, 2, n), delta


def test_analyze_matches_numpy_solve_and_eigvals():
    r, mu, K, delta = random_community(40, 1)
    analysis = ecodyn.Community(r, mu, K, delta).analyze()
    x = np.linalg.solve(delta, K * (1 - mu / r))
    np.testing.assert_allclose(analysis.equilibrium, x, rtol=1e-12, atol=1e-14)
    J = jacobian(r, mu, K, delta, x)
    expected = np.linalg.eigvals(J)
    np.testing.assert_allclose(np.sort_complex(analysis.eigenvalues), np.sort_complex(expected), rtol=1e-9, atol=1e-12)
    assert analysis.max_real == pytest.approx(expected.real.max(), abs=1e-12)
    assert analysis.resilience == pytest.approx(-expected.real.max(), abs=1e-12)
    assert analysis.reactivity == pytest.approx(np.linalg.eigvalsh((J + J.T) / 2).max(), abs=1e-12)
    assert analysis.feasible == bool((x > 0).all())
    assert analysis.stable == bool(expected.real.max() < 0)


def test_two_member_closed_form():
    # δ = [[1, α], [α, 1]], r = K = 1: X* = 1/(1 + α) each, eigenvalues −1 and −(1 − α)/(1 + α).
    alpha = 0.5
    analysis = ecodyn.Community(1.0, 0.0, 1.0, [[1, alpha], [alpha, 1]]).analyze()
    np.testing.assert_allclose(analysis.equilibrium, [1 / (1 + alpha)] * 2, rtol=1e-15)
    np.testing.assert_allclose(sorted(analysis.eigenvalues.real), [-1, -(1 - alpha) / (1 + alpha)], rtol=1e-14)
    assert analysis.classification == "stable-node"


def test_fortran_order_delta_is_read_in_place_with_the_same_answer():
    r, mu, K, delta = random_community(30, 2)
    a = ecodyn.Community(r, mu, K, np.ascontiguousarray(delta)).analyze()
    b = ecodyn.Community(r, mu, K, np.asfortranarray(delta)).analyze()
    np.testing.assert_array_equal(a.equilibrium, b.equilibrium)
    np.testing.assert_array_equal(ecodyn.Community(r, mu, K, np.asfortranarray(delta)).delta, delta)


def test_stability_at_any_state_returns_the_jacobian():
    r, mu, K, delta = random_community(12, 3)
    x = np.linspace(0.1, 1.0, 12)
    s = ecodyn.Community(r, mu, K, delta).stability_at(x)
    np.testing.assert_allclose(s.jacobian, jacobian(r, mu, K, delta, x), rtol=1e-14, atol=1e-15)


def test_named_parameters():
    c = ecodyn.Community([1.0, 2.0], 0.0, [1.0, 1.0], [[1, 0.2], [0.3, 1]])
    changed = c.with_parameter("K[1]", 3.0).with_parameter("delta[0][1]", 0.4)
    direct = ecodyn.Community([1.0, 2.0], 0.0, [1.0, 3.0], [[1, 0.4], [0.3, 1]])
    np.testing.assert_array_equal(changed.analyze().equilibrium, direct.analyze().equilibrium)
    with pytest.raises(ValueError, match="K\\[5\\]"):
        c.with_parameter("K[5]", 1.0)


def test_relations_set_signs_and_magnitudes():
    c = ecodyn.Community.from_relations(3, [(0, 1, "mutualism", 0.2), (1, 2, "predation", 0.3, 0.4)])
    expected = np.eye(3)
    expected[0, 1] = expected[1, 0] = -0.2        # both help: δ < 0
    expected[1, 2], expected[2, 1] = 0.3, -0.4   # 1 loses to 2 (δ_12 > 0), 2 gains (δ_21 < 0)
    np.testing.assert_array_equal(c.delta, expected)


def test_random_community_is_reproducible_and_competitive():
    a = ecodyn.Community.random(50, connectance=0.3, sigma=0.2, seed=7)
    b = ecodyn.Community.random(50, connectance=0.3, sigma=0.2, seed=7)
    np.testing.assert_array_equal(a.delta, b.delta)
    off = a.delta[~np.eye(50, dtype=bool)]
    assert (off >= 0).all()                          # competition only: δ_ij ≥ 0
    assert 0.2 < np.count_nonzero(off) / off.size < 0.4   # connectance 0.3 (1225 pairs: ±0.05 is > 4σ)


def test_singular_delta_is_a_numerical_error():
    with pytest.raises(ecodyn.NumericalError, match="singular"):
        ecodyn.Community(1.0, 0.0, 1.0, [[1, 1], [1, 1]]).analyze()


@pytest.mark.parametrize("arguments, error, named", [
    ((1.0, 0.0, [1.0, -1.0], [[1, 0], [0, 1]]), ValueError, "K"),
    (([1.0, np.nan], 0.0, 1.0, [[1, 0], [0, 1]]), ValueError, "r"),
    ((1.0, 0.0, 1.0, [[1, 0, 0], [0, 1, 0]]), ValueError, "delta"),
    ((1.0, 0.0, 1.0, [[1, np.inf], [0, 1]]), ValueError, "delta"),
    ((1.0, [0.0, 0.0, 0.0], 1.0, [[1, 0], [0, 1]]), ValueError, "mu"),
    ((1.0, 0.0, 1.0, [[1j, 0], [0, 1]]), TypeError, "delta"),
    ((1.0, 0.0, "one", [[1, 0], [0, 1]]), TypeError, "K"),
])
def test_bad_input_names_the_argument(arguments, error, named):
    with pytest.raises(error, match=named):
        ecodyn.Community(*arguments)
