/// The alliance under a revenue-sharing contract with coefficient λ.
public struct SharingOutcome: Sendable, Equatable, Codable {
    public var lambda: Double, p: Double, w: Double, s: Double, demand: Double
    public var platformProfit: Double, manufacturerProfit: Double
    public var total: Double { platformProfit + manufacturerProfit }
}

extension AllianceMarket {
    /// The contract in which the platform keeps the share λ of sales revenue:
    /// `π₁(λ) = λpD − wD − γs²/2 − K`, `π₂(λ) = ((1 − λ)p + w − c)·D`.
    ///
    /// The platform prices at the centralised p, chooses `s = b₂(λp − w)/γ`, and the wholesale
    /// price `w*(λ)` (MODELS.md §3) makes that p the platform's own optimum.
    public func sharing(lambda: Double) throws(ParameterError) -> SharingOutcome {
        guard lambda > 0, lambda <= 1 else {
            throw ParameterError("lambda", "λ = \(lambda) must lie in (0, 1]: the share of revenue the platform keeps")
        }
        let outcome = sharingOutcome(lambda)
        guard outcome.s.isFinite, outcome.s >= 0, outcome.demand > 0 else {
            throw ParameterError("lambda", "λ = \(lambda) gives service s = \(outcome.s) and demand D = \(outcome.demand); the contract needs s ≥ 0 and D > 0 (λ must stay below b1·gamma/b2²)")
        }
        return outcome
    }

    /// The contract's outcome without range checks (used for root finding too).
    func sharingOutcome(_ lambda: Double) -> SharingOutcome {
        let b22 = b2 * b2
        let p = centralized().p
        let a = beta * gamma + b1 * gamma * c - c * b22
        let w = a * (b22 * lambda * lambda - 2 * lambda * b1 * gamma) / ((2 * b1 * gamma - b22) * (lambda * b22 - b1 * gamma))
            + lambda * gamma * beta / (lambda * b22 - b1 * gamma)
        let s = b2 * (lambda * p - w) / gamma
        let d = demand(p: p, s: s)
        return SharingOutcome(lambda: lambda, p: p, w: w, s: s, demand: d,
                              platformProfit: lambda * p * d - w * d - gamma * s * s / 2 - K,
                              manufacturerProfit: ((1 - lambda) * p + w - c) * d)
    }

    /// The values of λ in (0, 1] for which both members gain over the decentralised alliance
    /// and the platform earns more than the manufacturer:
    /// `π₁(λ) > π₁*`, `π₂(λ) > π₂*`, `π₁(λ) > π₂(λ)` (and s ≥ 0, D > 0).
    ///
    /// The end points are roots of these conditions, found by bracketing and bisection to 1e-12;
    /// the result is usually one interval, and empty when no contract pleases both members.
    public func feasibleSharingRange() -> [ClosedRange<Double>] {
        let base = decentralized()
        // Feasible where every strict condition is > 0 and the service level is ≥ 0.
        let strict: [(SharingOutcome) -> Double] = [
            { $0.platformProfit - base.platformProfit },
            { $0.manufacturerProfit - base.manufacturerProfit },
            { $0.platformProfit - $0.manufacturerProfit },
            { $0.demand },
        ]
        let service: (SharingOutcome) -> Double = { $0.s }
        let domain = 1e-9...1.0
        var breaks = [domain.lowerBound, domain.upperBound]
        // Without a service effect (b₂ = 0) s is identically 0 and never limits the range.
        for condition in b2 > 0 ? strict + [service] : strict {
            breaks += RootBracketing.signChanges(of: { condition(sharingOutcome($0)) }, in: domain, tolerance: 1e-12)
        }
        // The contract's pole λ = b₁γ/b₂² separates pieces as well.
        if b2 > 0 { breaks.append(b1 * gamma / (b2 * b2)) }
        breaks = breaks.filter { domain.contains($0) }.sorted()
        var intervals = [ClosedRange<Double>]()
        for (lo, hi) in zip(breaks, breaks.dropFirst()) where hi > lo {
            let mid = sharingOutcome(0.5 * (lo + hi))
            guard strict.allSatisfy({ $0(mid) > 0 }), service(mid) >= 0 else { continue }
            if let last = intervals.last, last.upperBound == lo {
                intervals[intervals.count - 1] = last.lowerBound...hi
            } else {
                intervals.append(lo...hi)
            }
        }
        return intervals
    }
}
