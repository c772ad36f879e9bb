/// Prices, service and profits of the decentralised (Stackelberg) alliance.
public struct StackelbergOutcome: Sendable, Equatable, Codable {
    public var p: Double, w: Double, s: Double, demand: Double
    public var platformProfit: Double, manufacturerProfit: Double
    public var total: Double { platformProfit + manufacturerProfit }
}

/// Price, service and profit of the centralised alliance (one decision maker).
public struct CentralizedOutcome: Sendable, Equatable, Codable {
    public var p: Double, s: Double, demand: Double, profit: Double
}

extension AllianceMarket {
    /// The follower's best response to the leader's (p, s): `w = (β + b₂s)/b₁ + c − p`.
    public func followerWholesalePrice(p: Double, s: Double) -> Double { (beta + b2 * s) / b1 + c - p }

    /// The decentralised equilibrium by backward induction.
    ///
    /// With `q = (β + b₂s)/b₁`, the best response gives `D = b₁(q − p)` and `p − w = 2p − q − c`,
    /// so `π₁ = b₁(2p − q − c)(q − p) − γs²/2 − K`. Its stationary point in p is
    /// `p = (3q + c)/4`, which leaves `π₁ = b₁(q − c)²/8 − γs²/2 − K`; stationarity in s then gives
    /// `s = b₂(β − b₁c)/(4γb₁ − b₂²)`.
    public func decentralized() -> StackelbergOutcome {
        let s = b2 * (beta - b1 * c) / (4 * gamma * b1 - b2 * b2)
        let q = (beta + b2 * s) / b1
        let p = (3 * q + c) / 4
        let w = followerWholesalePrice(p: p, s: s)
        let d = demand(p: p, s: s)
        return StackelbergOutcome(p: p, w: w, s: s, demand: d,
                                  platformProfit: (p - w) * d - gamma * s * s / 2 - K,
                                  manufacturerProfit: (w - c) * d)
    }

    /// The centralised optimum of `π = (p − c)D − γs²/2 − K`:
    /// `p = (βγ + b₁γc − cb₂²)/(2b₁γ − b₂²)`, `s = b₂(p − c)/γ`.
    public func centralized() -> CentralizedOutcome {
        let p = (beta * gamma + b1 * gamma * c - c * b2 * b2) / (2 * b1 * gamma - b2 * b2)
        let s = b2 * (p - c) / gamma
        let d = demand(p: p, s: s)
        return CentralizedOutcome(p: p, s: s, demand: d, profit: (p - c) * d - gamma * s * s / 2 - K)
    }
}
