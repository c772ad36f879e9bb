import EcodynCore

extension Brusselator {
    /// Reads `[model]` with `kind = "brusselator"`: dimensionless `a`, `b` and
    /// `diffusion = [m1, m2]` (default [0, 0]), or the raw rate constants `k1`…`k4`, `A`, `B` and
    /// `M1`, `M2`. Other tables of the spec are left to the commands that use them.
    public init(spec: SpecTable) throws(SpecError) {
        let model = try spec.requireTable("model")
        try model.allowOnly(["kind", "a", "b", "diffusion", "k1", "k2", "k3", "k4", "A", "B", "M1", "M2"])
        let raw = ["k1", "k2", "k3", "k4", "A", "B"].filter { model.contains($0) }
        if !raw.isEmpty {
            if model.contains("a") || model.contains("b") || model.contains("diffusion") {
                throw model.error(raw[0], "give either the dimensionless a, b, diffusion or the raw k1…k4, A, B, M1, M2, not both")
            }
            func number(_ key: String) throws(SpecError) -> Double { try model.required(model.double(key, constraint: .positive), key) }
            let (k1, k2, k3, k4, A, B) = (try number("k1"), try number("k2"), try number("k3"), try number("k4"), try number("A"), try number("B"))
            let (M1, M2) = (try model.double("M1", constraint: .nonNegative) ?? 0, try model.double("M2", constraint: .nonNegative) ?? 0)
            self = try model.keyed { () throws(ParameterError) in try Brusselator(k1: k1, k2: k2, k3: k3, k4: k4, A: A, B: B, M1: M1, M2: M2) }
            return
        }
        let diffusion = try model.doubles("diffusion", constraint: .nonNegative) ?? [0, 0]
        guard diffusion.count == 2 else { throw model.error("diffusion", "expected [m1, m2], got \(diffusion.count) values") }
        let (a, b) = (try model.required(model.double("a", constraint: .positive), "a"), try model.required(model.double("b", constraint: .nonNegative), "b"))
        self = try model.keyed { () throws(ParameterError) in try Brusselator(a: a, b: b, m1: diffusion[0], m2: diffusion[1]) }
    }
}
