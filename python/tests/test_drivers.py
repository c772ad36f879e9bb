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
])
def test_bad_drivers_and_events_name_the_field(drivers, events, fragment):
    with pytest.raises(ValueError, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        ecodyn.integrate(ecodyn.Community([1.0], [0.0], [1.0], np.eye(1)), [0.1], (0, 10), drivers=drivers, events=events)
