"""The alliance market against the source paper's worked example (MODELS.md §3) and closed forms."""
import pytest

import ecodyn


def test_worked_example_of_the_source_paper():
    result = ecodyn.alliance(K=10, gamma=1, c=10, beta=200, b1=2, b2=1, lambdas=[0.75])
    d, z, s = result["decentralized"], result["centralized"], result["sharing"][0]
    assert (d["p"], d["w"], d["s"]) == pytest.approx((87.14, 35.71, 25.71), abs=0.005)
    assert (z["p"], z["profit"]) == pytest.approx((70, 5390), abs=1e-9)
    assert (s["p"], s["w"], s["s"]) == pytest.approx((70, 16.5, 36), abs=1e-9)
    assert (s["platform_profit"], s["manufacturer_profit"], s["total"]) == pytest.approx((2798, 2304, 5102), abs=1e-9)
    lo, hi = result["lambda_range"]
    assert lo < 0.75 < hi and s["feasible"]


def test_centralized_optimum_closed_form():
    K, gamma, c, beta, b1, b2 = 5.0, 2.0, 3.0, 50.0, 1.5, 0.8
    z = ecodyn.alliance(K, gamma, c, beta, b1, b2)["centralized"]
    p = (beta * gamma + b1 * gamma * c - c * b2 ** 2) / (2 * b1 * gamma - b2 ** 2)
    s = b2 * (p - c) / gamma
    demand = beta - b1 * p + b2 * s
    assert (z["p"], z["s"], z["demand"]) == pytest.approx((p, s, demand), rel=1e-13)
    assert z["profit"] == pytest.approx((p - c) * demand - gamma * s * s / 2 - K, rel=1e-13)


def test_non_concave_market_is_refused():
    with pytest.raises(ValueError, match="concave|gamma|b2"):
        ecodyn.alliance(K=10, gamma=0.1, c=10, beta=200, b1=2, b2=1)
