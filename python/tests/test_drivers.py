"""Drivers and scheduled events through the C ABI, against SciPy on the same driven field."""
import numpy as np
import pytest
from scipy.integrate import solve_ivp

import ecodyn


def test_a_piecewise_rate_and_an_exit_match_scipy():
    # Two competitors; member 1's r steps from 0.8 to 1.2 at t = 20, member 0 is halved at t = 30.
    r, mu, K = np.array([1.0, 0.8]), np.array([0.1, 0.1]), np.array([10.0, 8.0])
    delta = np.array([[1.0, 0.6], [0.5, 1.0]])

    def field(t, x):
        rates = r.copy()
        rates[1] = 0.8 if t < 20 else 1.2
        return (rates - mu - rates / K * (delta @ x)) * x

    x = np.array([0.5, 0.5])
    for start, end in [(0, 20), (20, 30), (30, 60)]:
        x = solve_ivp(field, (start, end), x, method="DOP853", rtol=1e-12, atol=1e-14).y[:, -1]
        if end == 30:
            x[0] *= 0.5
    result = ecodyn.integrate(ecodyn.Community(r, mu, K, delta), [0.5, 0.5], (0, 60), rtol=1e-10, atol=1e-13,
                              drivers={"r[1]": {"piecewise": [[0, 0.8], [20, 1.2]]}},
                              events=[{"at": 30, "member": 0, "multiply": 0.5}])
    assert result.success
    np.testing.assert_allclose(result.y[:, -1], x, rtol=1e-7)
    assert [(e["kind"], e["time"], e["member"]) for e in result.events] == [("scheduled", 30.0, 0)]


def test_an_entrant_invades_a_resident_as_the_closed_form():
    # The resident sits at K(1 − μ/r) = 9 and does not feel the entrant (its column is 0); the
    # entrant enters at t = 10 with 0.01 and feels the resident through δ = 0.5: logistic with
    # g = 0.8 − 0.1 − 0.08·0.5·9 = 0.34 and a = 0.08 (docs/drivers.md).
    resident = ecodyn.Community([1.0], [0.1], [10.0], [[1.0]])
    result = ecodyn.integrate(resident, [9.0], (0, 60), rtol=1e-11, atol=1e-14, t_eval=[5, 30, 60],
                              events=[{"at": 10, "member": "new", "r": 0.8, "mu": 0.1, "K": 10, "x0": 0.01,
                                       "delta_row": [0.5], "delta_column": [0.0]}])
    assert result.success and result.y.shape == (2, 4)   # t0 and the three requested times
    g, a = 0.34, 0.08
    exact = [0.0, 0.0] + [g / a / (1 + (g / a / 0.01 - 1) * np.exp(-g * (t - 10))) for t in (30, 60)]
    np.testing.assert_allclose(result.y[0], 9.0, rtol=1e-9)
    np.testing.assert_allclose(result.y[1], exact, rtol=1e-7, atol=1e-12)
    assert [(e["kind"], e["time"], e["member"]) for e in result.events] == [("scheduled", 10.0, 1)]


def test_a_periodic_capacity_matches_scipy():
    r, mu, K, delta = np.array([1.0]), np.array([0.0]), np.array([5.0]), np.eye(1)

    def field(t, x):
        k = 5.0 + 1.0 * np.sin(2 * np.pi * t / 10)
        return (r - r / k * x) * x

    reference = solve_ivp(field, (0, 40), [0.1], method="DOP853", rtol=1e-12, atol=1e-14, t_eval=np.linspace(1, 40, 40))
    result = ecodyn.integrate(ecodyn.Community(r, mu, K, delta), [0.1], (0, 40), rtol=1e-10, atol=1e-13, t_eval=np.linspace(1, 40, 40),
                              drivers={"K[0]": {"periodic": {"mean": 5.0, "amplitude": 1.0, "period": 10.0}}})
    np.testing.assert_allclose(result.y[0, 1:], reference.y[0], rtol=1e-7)


@pytest.mark.parametrize("drivers, events, fragment", [
    ({"K[0]": {"periodic": {"mean": 1.0, "amplitude": 2.0, "period": 1.0}}}, None, "must stay > 0"),
    ({"Z": {"ramp": {"from": 1, "to": 2, "start": 0, "end": 1}}}, None, "Z"),
    ({"r[0]": {"spline": [1, 2]}}, None, "unknown form"),
    (None, [{"at": 5, "member": 3, "exit": True}], "events[0].member"),
    (None, [{"at": 5, "member": 0}], "exactly one"),
    (None, [{"at": 5, "member": "new", "r": 1, "K": 1, "x0": 0.1, "delta_row": [0.5, 1], "delta_column": [0.5]}], "delta row"),
    (None, [{"at": 5, "member": "new", "r": 1, "K": 1, "delta_row": [0.5], "delta_column": [0.5]}], "events[0].x0"),
])
def test_bad_drivers_and_events_name_the_field(drivers, events, fragment):
    with pytest.raises(ValueError, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        ecodyn.integrate(ecodyn.Community([1.0], [0.0], [1.0], np.eye(1)), [0.1], (0, 10), drivers=drivers, events=events)
