import EcodynCore

extension AllianceStudy {
    /// Reads a study from a spec with `[model] kind = "alliance"`:
    ///
    ///     [model]     kind, K, gamma, c, beta, b1, b2
    ///     [sharing]   lambda = { values = [...] } or { linspace = [lo, hi, n] }
    ///     [vertical]  members, coalition_values (V(N∖{i})), phi, service, theta,
    ///                 weights = { phi = …, service = …, theta = … }  (a missing weight is 0)
    ///     [shapley]   values = [v(S) for S = 0 ..< 2ⁿ] (a list or a .npy path)
    public init(spec: SpecTable) throws {
        try spec.allowOnly(["model", "sharing", "vertical", "shapley"])
        let model = try spec.requireTable("model")
        try model.allowOnly(["kind", "K", "gamma", "c", "beta", "b1", "b2"])
        func number(_ key: String) throws -> Double { try model.required(model.double(key), key) }
        let (K, gamma, c, beta, b1, b2) = (try number("K"), try number("gamma"), try number("c"), try number("beta"), try number("b1"), try number("b2"))
        let market = try model.keyed { () throws(ParameterError) in try AllianceMarket(K: K, gamma: gamma, c: c, beta: beta, b1: b1, b2: b2) }
        let lambdas: [Double]
        var vertical: VerticalAlliance?, characteristic: [Double]?
        if let sharing = try spec.table("sharing") {
            try sharing.allowOnly(["lambda"])
            let grid = try ValueGrid(sharing, key: "lambda")
            try MemoryBudget.check(CheckedCount.product(grid.count, 512), for: "\(grid.count) values of λ", key: "sharing.lambda",
                                   fix: "tabulate fewer values")
            lambdas = grid.points
        } else {
            lambdas = ValueGrid.linspace(0.05, 1, 20).points
        }
        if let v = try spec.table("vertical") {
            try v.allowOnly(["members", "coalition_values", "phi", "service", "theta", "weights"])
            let mu = try v.required(v.doubles("coalition_values"), "coalition_values")
            let n = mu.count
            var names = (1...max(n, 1)).map { "member \($0)" }
            if let given = try v.strings("members") {
                guard given.count == n else { throw v.error("members", "expected \(n) names, one per coalition value, got \(given.count)") }
                names = given
            }
            var weights: ServiceWeights?
            if let w = try v.table("weights") {
                try w.allowOnly(["phi", "service", "theta"])
                weights = ServiceWeights(costs: try w.double("phi", constraint: .nonNegative) ?? 0, service: try w.double("service", constraint: .nonNegative) ?? 0,
                                         business: try w.double("theta", constraint: .nonNegative) ?? 0)
            }
            vertical = VerticalAlliance(
                members: names, valuesWithout: mu,
                costs: try v.vector("phi", count: n, constraint: .nonNegative),
                serviceLevels: try v.vector("service", count: n, constraint: .nonNegative),
                businessLevels: try v.vector("theta", count: n, constraint: .nonNegative), weights: weights)
        }
        if let s = try spec.table("shapley") {
            try s.allowOnly(["values"])
            characteristic = try s.required(s.doubles("values"), "values")
        }
        self.init(market: market, lambdas: lambdas, vertical: vertical, characteristic: characteristic)
    }
}

extension AllianceStudy {
    /// The spec key of each parameter the study's errors name.
    static let specKeys = ["lambda": "sharing.lambda", "coalition_values": "vertical.coalition_values", "weights": "vertical.weights",
                           "phi": "vertical.phi", "service": "vertical.service", "theta": "vertical.theta", "shapley": "shapley.values",
                           "parameters": "model"]

    /// ``run()`` with its errors named by the keys of `spec`, the spec the study was read from.
    public func run(keyedBy spec: SpecTable) throws(SpecError) -> Report {
        try spec.keyed(Self.specKeys) { () throws(ParameterError) in try run() }
    }
}
