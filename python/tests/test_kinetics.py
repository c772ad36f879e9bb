"""Kinetics and grids: closed forms (Hopf, Turing), a NumPy grid stepper, the stability map."""
import numpy as np
import pytest

import ecodyn


def test_brusselator_closed_forms():
    a, b, m1, m2 = 1.5, 2.0, 1.0, 8.0
    report = ecodyn.Brusselator(a, b, m1, m2).analyze()
    assert report.hopf_b == pytest.approx(1 + a * a, rel=1e-15)
    assert report.turing_b == pytest.approx((1 + a * np.sqrt(m1 / m2)) ** 2, rel=1e-14)
    np.testing.assert_allclose(report.steady_state, [a, b / a])
    jacobian = np.array([[b - 1, a * a], [-b, -a * a]])
    np.testing.assert_allclose(np.sort_complex(report.eigenvalues), np.sort_complex(np.linalg.eigvals(jacobian)), rtol=1e-14)
    assert report.classification == "stable-focus"
    # b = 2 < hopf_b = 3.25 and b > turing_b = 2.34? no: 2 < 2.34, so not Turing unstable.
    assert report.turing_unstable is False
    assert ecodyn.Brusselator(a, 2.6, m1, m2).analyze().turing_unstable is True


def test_hopf_crossing_changes_the_class():
    below, above = ecodyn.Brusselator(1.0, 1.9).analyze(), ecodyn.Brusselator(1.0, 2.1).analyze()
    assert below.max_real < 0 < above.max_real
    assert below.classification == "stable-focus" and above.classification == "unstable-focus"
    # At the Hopf point the pair crosses with frequency a (det J = a²).
    at = ecodyn.Brusselator(1.0, 2.0).analyze()
    assert abs(at.eigenvalues.imag).max() == pytest.approx(1.0, rel=1e-14)


def test_grid_fastest_mode_and_named_parameters():
    b = ecodyn.Brusselator(2.0, 4.5, 1.0, 8.0)
    grid = ecodyn.Grid((64, 64), spacing=1.0)
    report = b.analyze(grid)
    assert report.fastest_mode.growth_rate > 0 and report.turing_unstable
    assert b.parameter_names == ["a", "b", "m1", "m2"]
    assert b.with_parameter("b", 3.0).parameters["b"] == 3.0
    with pytest.raises(ValueError, match="nope"):
        b.with_parameter("nope", 1.0)


def numpy_euler(a, b, m1, m2, u, v, dt, steps, h):
    """Explicit Euler of the Brusselator on a periodic grid, written in NumPy (independent of the kernel)."""
    def laplacian(f):
        return (np.roll(f, 1, 0) + np.roll(f, -1, 0) + np.roll(f, 1, 1) + np.roll(f, -1, 1) - 4 * f) / (h * h)
    for _ in range(steps):
        u, v = (u + dt * (a - (b + 1) * u + u * u * v + m1 * laplacian(u)),
                v + dt * (b * u - u * u * v + m2 * laplacian(v)))
    return u, v


def test_grid_run_matches_a_numpy_stepper():
    a, b, m1, m2 = 2.0, 4.5, 1.0, 8.0
    rng = np.random.default_rng(3)
    u0, v0 = a + 0.01 * rng.standard_normal((24, 40)), b / a + 0.01 * rng.standard_normal((24, 40))
    grid = ecodyn.Grid((24, 40), spacing=1.0)
    run = ecodyn.run_grid(ecodyn.Brusselator(a, b, m1, m2), grid, u0, v0, method="euler", dt=0.02, t_end=4.0,
                          save_every=50)
    u, v = numpy_euler(a, b, m1, m2, u0, v0, 0.02, 200, 1.0)
    np.testing.assert_allclose(run.u, u, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(run.v, v, rtol=1e-12, atol=1e-12)
    assert run.status == "finished" and run.steps == 200
    assert run.frames_u.shape == (4, 24, 40)
    np.testing.assert_allclose(run.frame_times, [1.0, 2.0, 3.0, 4.0])
    np.testing.assert_allclose(run.frames_u[-1], run.u, rtol=0, atol=0)


def test_grid_step_beyond_the_diffusion_limit_names_dt():
    with pytest.raises(ValueError, match="dt"):
        ecodyn.run_grid(ecodyn.Brusselator(2.0, 4.5, 1.0, 8.0), ecodyn.Grid((16, 16)), 2.0, 2.25, dt=0.5, t_end=5.0)


def test_brusselator_map_against_the_trace_and_determinant():
    a, b = np.linspace(0.2, 3, 15), np.linspace(0.1, 6, 17)
    classes = ecodyn.brusselator_map(a, b)
    for i, ai in enumerate(a):
        for j, bj in enumerate(b):
            trace, det = bj - 1 - ai * ai, ai * ai
            focus = trace * trace < 4 * det
            expected = ("stable-" if trace < 0 else "unstable-") + ("focus" if focus else "node")
            if abs(trace) > 1e-9:
                assert classes[i, j] == expected


def test_grid_shape_and_boundary_are_checked():
    with pytest.raises(ValueError, match="shape"):
        ecodyn.Grid((0, 4))
    with pytest.raises(ValueError, match="boundary"):
        ecodyn.Grid((4, 4), boundary="wrapped")
    with pytest.raises(ValueError, match="kind|a"):
        ecodyn.Brusselator(-1.0, 2.0)


def test_steady_states_of_the_other_kinetics_against_their_closed_forms():
    # Gray–Scott: (1, 0), and v = [F ± √(F² − 4F(F + k)²)] / (2(F + k)), u = (F + k)/v.
    F, k = 0.04, 0.05
    states = sorted(tuple(s["state"]) for s in ecodyn.GrayScott(F, k, 0.16, 0.08).analyze().steady_states)
    root = np.sqrt(F * F - 4 * F * (F + k) ** 2)
    expected = sorted([(1.0, 0.0)] + [((F + k) / v, v) for v in ((F + root) / (2 * (F + k)), (F - root) / (2 * (F + k)))])
    np.testing.assert_allclose(states, expected, rtol=1e-12, atol=1e-15)
    # Schnakenberg: (a + b, b/(a + b)²).
    np.testing.assert_allclose(ecodyn.Schnakenberg(0.1, 0.9, 1, 10).analyze().steady_state, [1.0, 0.9], rtol=1e-15)
    # FitzHugh–Nagumo with a1 = 1: u³ = a0, v = u − a0.
    u = 0.1 ** (1 / 3)
    np.testing.assert_allclose(ecodyn.FitzHughNagumo(0.2, 0.1, 1.0, 1, 10).analyze().steady_state, [u, u - 0.1], rtol=1e-12)


def test_etdrk4_matches_scipy_on_the_semi_discretised_grid():
    # The same 5-point semi-discretisation integrated by SciPy's DOP853 at tight tolerance: ETDRK4
    # (fourth order, diffusion exact) at dt = 0.01 agrees to 1e-6 (3.5e-5 at dt = 0.05: order 4).
    from scipy.integrate import solve_ivp
    a, b, m1, m2 = 2.0, 4.5, 1.0, 8.0
    rng = np.random.default_rng(5)
    shape = (16, 12)
    u0, v0 = a + 0.05 * rng.standard_normal(shape), b / a + 0.05 * rng.standard_normal(shape)

    def laplacian(f):
        return np.roll(f, 1, 0) + np.roll(f, -1, 0) + np.roll(f, 1, 1) + np.roll(f, -1, 1) - 4 * f

    def rhs(t, y):
        u, v = y[:u0.size].reshape(shape), y[u0.size:].reshape(shape)
        return np.concatenate([(a - (b + 1) * u + u * u * v + m1 * laplacian(u)).ravel(),
                               (b * u - u * u * v + m2 * laplacian(v)).ravel()])

    reference = solve_ivp(rhs, (0, 2), np.concatenate([u0.ravel(), v0.ravel()]), method="DOP853", rtol=1e-12, atol=1e-12)
    run = ecodyn.run_grid(ecodyn.Brusselator(a, b, m1, m2), ecodyn.Grid(shape, spacing=1.0), u0, v0, method="etdrk4",
                          dt=0.01, t_end=2.0)
    assert run.status == "finished" and run.steps == 200
    np.testing.assert_allclose(run.u, reference.y[:u0.size, -1].reshape(shape), atol=1e-6)
    np.testing.assert_allclose(run.v, reference.y[u0.size:, -1].reshape(shape), atol=1e-6)
