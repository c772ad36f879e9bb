"""Integration against SciPy and closed forms; user C models; statuses; threads; bad input."""
import ctypes
import threading

import numpy as np
import pytest
from scipy.integrate import solve_ivp

import ecodyn
from conftest import parameters


def glv(r, mu, K, delta):
    g, a = r - mu, r / K
    return lambda t, x: (g - a * (delta @ x)) * x


def community(n=20, seed=4):
    rng = np.random.default_rng(seed)
    delta = np.eye(n) + 0.3 * rng.uniform(0, 1, (n, n)) * (1 - np.eye(n)) / np.sqrt(n)
    return rng.uniform(0.5, 1.5, n), np.zeros(n), rng.uniform(1, 2, n), delta


def test_community_dopri5_matches_scipy_dop853():
    r, mu, K, delta = community()
    x0 = np.full(20, 0.05)
    times = np.linspace(1, 40, 12)
    ours = ecodyn.integrate(ecodyn.Community(r, mu, K, delta), x0, (0, 40), rtol=1e-11, atol=1e-13, t_eval=times)
    reference = solve_ivp(glv(r, mu, K, delta), (0, 40), x0, method="DOP853", rtol=1e-13, atol=1e-15, t_eval=times)
    assert ours.status == "finished" and ours.success
    np.testing.assert_allclose(ours.t, np.concatenate([[0], times]))
    assert ours.y.shape == (20, 13)
    np.testing.assert_allclose(ours.y[:, 1:], reference.y, rtol=1e-8, atol=1e-11)
    assert ours.steps > 0 and ours.nfev >= 6 * ours.steps


def test_logistic_through_a_compiled_c_function_matches_the_closed_form(c_models):
    context = parameters(0.8, 5.0)
    model = ecodyn.CFunction(c_models.logistic, 1, context=context.ctypes.data)
    times = np.array([0.5, 2.0, 4.0, 10.0])
    result = ecodyn.integrate(model, [0.5], (0, 10), rtol=1e-11, atol=1e-13, t_eval=times)
    exact = 5.0 / (1 + (5.0 / 0.5 - 1) * np.exp(-0.8 * times))
    np.testing.assert_allclose(result.y[0, 1:], exact, rtol=1e-9)


def test_python_ctypes_callback_and_integer_address_agree(c_models):
    @ecodyn.RHS
    def logistic(t, x, dx, context):
        dx[0] = 0.8 * x[0] * (1 - x[0] / 5.0)

    context = parameters(0.8, 5.0)
    from_python = ecodyn.integrate(ecodyn.CFunction(logistic, 1), [0.5], (0, 10), t_eval=[10.0])
    address = ctypes.cast(c_models.logistic, ctypes.c_void_p).value
    from_c = ecodyn.integrate(ecodyn.CFunction(address, 1, context=context.ctypes.data), [0.5], (0, 10), t_eval=[10.0])
    np.testing.assert_array_equal(from_python.y, from_c.y)


def test_rk4_has_order_four_on_the_damped_oscillator(c_models):
    # x'' + 2ζωx' + ω²x = 0 from (1, 0): x(t) = e^{−ζωt}(cos ω_d t + ζω/ω_d sin ω_d t).
    omega, zeta = 2.0, 0.1
    context = parameters(omega, zeta)
    model = ecodyn.CFunction(c_models.oscillator, 2, context=context.ctypes.data)
    wd = omega * np.sqrt(1 - zeta ** 2)
    exact = np.exp(-zeta * omega * 5) * (np.cos(wd * 5) + zeta * omega / wd * np.sin(wd * 5))
    errors = [abs(ecodyn.integrate(model, [1, 0], (0, 5), method="rk4", dt=dt, t_eval=[5.0]).y[0, -1] - exact)
              for dt in (0.05, 0.025)]
    assert np.log2(errors[0] / errors[1]) == pytest.approx(4, abs=0.15)


def test_kinetics_integrate_matches_scipy():
    a, b = 1.0, 2.5
    ours = ecodyn.integrate(ecodyn.Brusselator(a, b), [1.2, 2.0], (0, 20), rtol=1e-11, atol=1e-13, t_eval=[5, 20])
    f = lambda t, x: [a - (b + 1) * x[0] + x[0] ** 2 * x[1], b * x[0] - x[0] ** 2 * x[1]]
    reference = solve_ivp(f, (0, 20), [1.2, 2.0], method="DOP853", rtol=1e-13, atol=1e-15, t_eval=[5, 20])
    np.testing.assert_allclose(ours.y[:, 1:], reference.y, rtol=1e-8)


def test_user_model_stability_from_its_jacobian_and_from_differences(c_models):
    context = parameters(0.8, 5.0)
    exact = ecodyn.CFunction(c_models.logistic, 1, jacobian=c_models.logistic_jacobian, context=context.ctypes.data)
    numeric = ecodyn.CFunction(c_models.logistic, 1, context=context.ctypes.data)
    # At x = K the logistic's eigenvalue is −r; at x = 0 it is +r.
    assert exact.analyze([5.0]).eigenvalues[0].real == pytest.approx(-0.8, rel=1e-15)
    assert numeric.analyze([5.0]).eigenvalues[0].real == pytest.approx(-0.8, rel=1e-8)
    assert numeric.analyze([0.0]).classification == "unstable-node"


def test_blow_up_is_a_status_not_an_exception(c_models):
    result = ecodyn.integrate(ecodyn.CFunction(c_models.blowup, 1), [1.0], (0, 2))
    assert result.status == "diverged" and not result.success
    assert result.t[-1] < 1.0 + 1e-6 and "t =" in result.message


def test_step_budget_is_the_max_steps_status():
    r, mu, K, delta = community()
    result = ecodyn.integrate(ecodyn.Community(r, mu, K, delta), np.full(20, 0.05), (0, 100), max_steps=5)
    assert result.status == "max-steps" and result.steps + result.rejected == 5


def test_euler_maruyama_ornstein_uhlenbeck_variance(c_models):
    # dX = −X dt + σ dW: stationary variance σ²/2. 400 independent paths (seeds), t = 20.
    @ecodyn.RHS
    def decay(t, x, dx, context):
        dx[0] = -x[0]

    model = ecodyn.CFunction(decay, 1)
    ends = [ecodyn.integrate(model, [0.0], (0, 20), method="euler-maruyama", dt=0.01, sigma=0.5, seed=s,
                             t_eval=[20.0]).y[0, -1] for s in range(400)]
    # Euler–Maruyama's stationary variance is σ²/(2 − dt) = 0.12563; the sampling sd of the variance is ≈ 0.0089.
    assert np.var(ends) == pytest.approx(0.25 / (2 - 0.01), abs=0.03)
    again = ecodyn.integrate(model, [0.0], (0, 20), method="euler-maruyama", dt=0.01, sigma=0.5, seed=3, t_eval=[20.0])
    assert again.y[0, -1] == ends[3]


def test_two_threads_integrating_at_once_agree_with_one_after_the_other():
    r, mu, K, delta = community(200, 5)
    model = ecodyn.Community(r, mu, K, delta)
    x0 = np.full(200, 0.02)
    sequential = [ecodyn.integrate(model, x0, (0, 50), t_eval=[50.0]).y for _ in range(2)]
    results = [None, None]

    def work(k):
        results[k] = ecodyn.integrate(model, x0, (0, 50), t_eval=[50.0]).y

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k in range(2):
        np.testing.assert_array_equal(results[k], sequential[k])


@pytest.mark.parametrize("call, error, named", [
    (lambda m: ecodyn.integrate(m, [0.1, 0.1], (1, 0)), ValueError, "t1"),
    (lambda m: ecodyn.integrate(m, [0.1, 0.1], (0, 1), t_eval=[2.0]), ValueError, "times"),
    (lambda m: ecodyn.integrate(m, [0.1, 0.1], (0, 1), t_eval=[0.5, 0.2]), ValueError, "times"),
    (lambda m: ecodyn.integrate(m, [0.1, 0.1], (0, 1), method="rk4"), ValueError, "dt"),
    (lambda m: ecodyn.integrate(m, [0.1, 0.1], (0, 1), rtol=-1), ValueError, "rtol"),
    (lambda m: ecodyn.integrate(m, [0.1, -0.1], (0, 1)), ValueError, "x0"),
    (lambda m: ecodyn.integrate(m, [0.1, 0.1, 0.1], (0, 1)), ValueError, "x0"),
    (lambda m: ecodyn.integrate(m, [0.1, 0.1], (0, 1), method="radau"), ValueError, "method"),
    (lambda m: ecodyn.integrate("model", [0.1], (0, 1)), TypeError, "model"),
    (lambda m: ecodyn.integrate(m, [0.1, 0.1], (0, 1), method="euler-maruyama", dt=0.1), ValueError, "sigma"),
])
def test_bad_integration_input_names_the_argument(call, error, named):
    with pytest.raises(error, match=named):
        call(ecodyn.Community(1.0, 0.0, 1.0, [[1, 0.5], [0.5, 1]]))


def test_null_function_address_is_refused():
    with pytest.raises(ValueError, match="pointer"):
        ecodyn.CFunction(0, 1)


def test_extinction_time_agrees_with_scipy_event_location():
    # Member 0 of the duo with δ₀₁ = 2 has no feasible equilibrium: it falls through 1e-6 at a
    # time SciPy's DOP853 with a terminal event locates independently.
    r, mu, K = np.array([1.0, 0.8]), np.array([0.1, 0.1]), np.array([10.0, 8.0])
    delta = np.array([[1.0, 2.0], [0.4, 1.0]])
    ours = ecodyn.integrate(ecodyn.Community(r, mu, K, delta), [1.0, 1.0], (0, 200), rtol=1e-11, atol=1e-14, extinction=1e-6)
    event = lambda t, x: x[0] - 1e-6
    event.terminal, event.direction = True, -1
    theirs = solve_ivp(glv(r, mu, K, delta), (0, 200), [1.0, 1.0], method="DOP853", rtol=1e-13, atol=1e-16, events=event)
    (extinction,) = ours.events
    assert extinction["kind"] == "extinction" and extinction["member"] == 0 and extinction["state"][0] == 0
    assert extinction["time"] == pytest.approx(theirs.t_events[0][0], rel=1e-7)
    assert ours.y[0, -1] == 0 and ours.y[1, -1] == pytest.approx(7.0, rel=1e-8)


def test_logistic_level_crossing_through_a_c_function_matches_the_closed_form(c_models):
    context = parameters(0.8, 5.0)
    model = ecodyn.CFunction(c_models.logistic, 1, context=context.ctypes.data)
    result = ecodyn.integrate(model, [0.05], (0, 30), rtol=1e-11, atol=1e-13, level=(0, 2.5, "rising"))
    (crossing,) = result.events
    assert crossing["kind"] == "level" and crossing["direction"] == "rising"
    assert crossing["time"] == pytest.approx(np.log(2.5 * (5 - 0.05) / (0.05 * (5 - 2.5))) / 0.8, rel=1e-9)
    with pytest.raises(ValueError, match="extinction|DOPRI5|dopri5"):
        ecodyn.integrate(model, [0.05], (0, 30), method="rk4", dt=0.1, extinction=1e-6)
