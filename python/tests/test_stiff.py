"""The stiff method and the automatic choice, against SciPy's Radau and the IVP test set."""
import numpy as np
from scipy.integrate import solve_ivp

import ecodyn


def stiff_community(n=6):
    """Members whose rates span four decades: explicit steps are held near 3e-4."""
    r = 10.0 ** np.linspace(4, 0, n)
    delta = np.eye(n) + 0.2 * (1 - np.eye(n)) / n
    return r, 0.1 * r, np.linspace(1, 2, n), delta


def test_auto_hands_over_to_bdf_and_matches_scipy_radau():
    r, mu, K, delta = stiff_community()
    g, a = r - mu, r / K
    f = lambda t, x: (g - a * (delta @ x)) * x
    jac = lambda t, x: np.diag(g - a * (delta @ x)) - (a * x)[:, None] * delta
    x0 = np.full(6, 0.05)
    reference = solve_ivp(f, (0, 20), x0, method="Radau", jac=jac, rtol=1e-12, atol=1e-14)
    model = ecodyn.Community(r, mu, K, delta)
    auto = ecodyn.integrate(model, x0, (0, 20), rtol=1e-8, atol=1e-10)
    bdf = ecodyn.integrate(model, x0, (0, 20), method="bdf", rtol=1e-8, atol=1e-10)
    for result in (auto, bdf):
        assert result.success
        np.testing.assert_allclose(result.y[:, -1], reference.y[:, -1], rtol=1e-6, atol=1e-9)
    assert [m for m, _ in auto.phases] == ["dopri5", "bdf"] and 0 < auto.phases[1][1] < 20
    assert bdf.phases == [] and bdf.steps < 2000
    dopri5 = ecodyn.integrate(model, x0, (0, 20), method="dopri5", rtol=1e-8, atol=1e-10)
    assert dopri5.steps > 10 * bdf.steps


def test_bdf_solves_robertson_through_a_python_callback():
    # Mazzia & Magherini, Test Set for IVP Solvers, problem ROBER, y(40).
    @ecodyn.RHS
    def robertson(t, y, dy, context):
        dy[0] = -0.04 * y[0] + 1e4 * y[1] * y[2]
        dy[2] = 3e7 * y[1] * y[1]
        dy[1] = -dy[0] - dy[2]

    result = ecodyn.integrate(ecodyn.CFunction(robertson, 3), [1, 0, 0], (0, 40), method="bdf", rtol=1e-8, atol=1e-14)
    np.testing.assert_allclose(result.y[:, -1], [0.7158270687193, 9.185534764529e-6, 0.2841637457762], rtol=1e-5)


def test_adaptive_methods_refuse_fixed_step_arguments():
    r, mu, K, delta = stiff_community()
    model = ecodyn.Community(r, mu, K, delta)
    for kwargs in ({"method": "bdf", "dt": 0.1}, {"method": "auto", "first_step": 0.1}):
        try:
            ecodyn.integrate(model, np.full(6, 0.05), (0, 1), **kwargs)
        except ValueError as error:
            assert ("dt" if "dt" in kwargs else "first_step") in str(error)
        else:
            raise AssertionError(f"{kwargs} accepted")
