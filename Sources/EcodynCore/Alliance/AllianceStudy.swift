/// The members of a vertical alliance and what is known of them.
public struct VerticalAlliance: Sendable {
    /// Member names, in order (the platform first, by convention).
    public var members: [String]
    /// μ_i = V(N∖{i}), the value of the coalition without member i.
    public var valuesWithout: [Double]
    /// Costs φ_i, service levels s_i and business levels θ_i for the improved Raiffa allocation.
    public var costs: [Double]?, serviceLevels: [Double]?, businessLevels: [Double]?
    /// Weights of costs, service and business (sum 1); nil for the classical allocation only.
    public var weights: ServiceWeights?

    public init(members: [String], valuesWithout: [Double], costs: [Double]? = nil, serviceLevels: [Double]? = nil,
                businessLevels: [Double]? = nil, weights: ServiceWeights? = nil) {
        (self.members, self.valuesWithout, self.costs, self.serviceLevels, self.businessLevels, self.weights) =
            (members, valuesWithout, costs, serviceLevels, businessLevels, weights)
    }
}

/// A complete alliance analysis: the market, the λ values to tabulate, and optionally the
/// vertical alliance and a full characteristic function for the Shapley comparison.
public struct AllianceStudy: Sendable {
    public var market: AllianceMarket
    public var lambdas: [Double]
    public var vertical: VerticalAlliance?
    /// v(S) for all 2ⁿ coalitions S (bit i = member i), for the Shapley value.
    public var characteristic: [Double]?

    public init(market: AllianceMarket, lambdas: [Double], vertical: VerticalAlliance? = nil, characteristic: [Double]? = nil) {
        (self.market, self.lambdas, self.vertical, self.characteristic) = (market, lambdas, vertical, characteristic)
    }

    /// One row of the vertical table: the value V(N) = π₁(λ) and its allocations.
    public struct VerticalRow: Sendable {
        public var lambda: Double, value: Double
        public var raiffa: [Double], improved: [Double]?
        /// The allocation to report: the improved one when weights are given, else Raiffa's.
        public var shares: [Double] { improved ?? raiffa }
    }

    /// Everything the study computes.
    public struct Report: Sendable {
        public var decentralized: StackelbergOutcome
        public var centralized: CentralizedOutcome
        public var lambdaRanges: [ClosedRange<Double>]
        public var sharing: [SharingOutcome]
        public var vertical: [VerticalRow]
        public var members: [String]
        public var shapley: [Double]?
    }

    /// Runs the study; bad λ values or vertical data give an error naming the key.
    public func run() throws(ParameterError) -> Report {
        var sharing = [SharingOutcome]()
        for lambda in lambdas { sharing.append(try market.sharing(lambda: lambda)) }
        var rows = [VerticalRow]()
        if let v = vertical {
            for outcome in sharing {
                let value = outcome.platformProfit
                let raiffa = try Raiffa.allocation(value: value, valuesWithout: v.valuesWithout)
                let improved = try v.weights.map { (w) throws(ParameterError) in
                    try Raiffa.improvedAllocation(value: value, valuesWithout: v.valuesWithout, costs: v.costs,
                                                  serviceLevels: v.serviceLevels, businessLevels: v.businessLevels, weights: w)
                }
                rows.append(VerticalRow(lambda: outcome.lambda, value: value, raiffa: raiffa, improved: improved))
            }
        }
        let report = Report(decentralized: market.decentralized(), centralized: market.centralized(),
                            lambdaRanges: market.feasibleSharingRange(), sharing: sharing, vertical: rows,
                            members: vertical?.members ?? [], shapley: try characteristic.map { (c) throws(ParameterError) in try Shapley.value(of: c) })
        try report.checkFinite()
        return report
    }
}

extension AllianceStudy.Report {
    /// Throws naming the input whose values overflow double precision when a reported number is
    /// not finite (a share of `inf` is no answer).
    func checkFinite() throws(ParameterError) {
        let d = decentralized, c = centralized
        let market = [d.p, d.w, d.s, d.platformProfit, d.manufacturerProfit, c.p, c.s, c.profit]
            + sharing.flatMap { [$0.p, $0.w, $0.s, $0.platformProfit, $0.manufacturerProfit] }
        let fix = "use larger units (e.g. thousands) so that the values stay well below 1e308"
        guard market.allSatisfy(\.isFinite) else { throw ParameterError("parameters", "the market's profits overflow double precision; \(fix)") }
        guard vertical.allSatisfy({ $0.shares.allSatisfy(\.isFinite) && $0.raiffa.allSatisfy(\.isFinite) }) else {
            throw ParameterError("coalition_values", "the members' shares overflow double precision; \(fix)")
        }
        guard shapley?.allSatisfy(\.isFinite) ?? true else { throw ParameterError("shapley", "the Shapley value overflows double precision; \(fix)") }
    }
}
