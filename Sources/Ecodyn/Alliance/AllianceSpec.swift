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
        market = try AllianceMarket(K: number("K"), gamma: number("gamma"), c: number("c"),
                                    beta: number("beta"), b1: number("b1"), b2: number("b2"))
        if let sharing = try spec.table("sharing") {
            try sharing.allowOnly(["lambda"])
            let grid = try ValueGrid(sharing, key: "lambda")
            try MemoryBudget.check(MemoryBudget.bytes(grid.count, 512), for: "\(grid.count) values of λ", key: "sharing.lambda",
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
            var weights: (Double, Double, Double)?
            if let w = try v.table("weights") {
                try w.allowOnly(["phi", "service", "theta"])
                weights = (try w.double("phi", constraint: .nonNegative) ?? 0, try w.double("service", constraint: .nonNegative) ?? 0,
                           try w.double("theta", constraint: .nonNegative) ?? 0)
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
    }
}
