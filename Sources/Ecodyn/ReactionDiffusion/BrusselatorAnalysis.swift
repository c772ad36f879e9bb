extension Brusselator {
    /// The analysis `ecodyn analyze` prints for the Brusselator, as JSON: `steady_state`,
    /// `jacobian`, `eigenvalues` ({"re", "im"}), `max_real`, `classification`, `stable`, `hopf_b`,
    /// `hopf_frequency`, `turing_b`, `critical_wavenumber`, `turing_unstable`.
    public var analysisJSON: JSONValue {
        let (l1, l2, im) = eigenvalues
        let values: [(Double, Double)] = im > 0 ? [(l1, im), (l2, -im)] : [(l1, 0), (l2, 0)]
        func number(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }
        return .object([
            ("model", "brusselator"), ("a", .number(a)), ("b", .number(b)), ("diffusion", .numbers([m1, m2])),
            ("steady_state", .numbers([steadyState.x, steadyState.y])), ("jacobian", .array(jacobian.rowArrays.map { .numbers($0) })),
            ("eigenvalues", .array(values.map { .object([("re", .number($0.0)), ("im", .number($0.1))]) })),
            ("max_real", .number(maxReal)), ("classification", .string(classification.rawValue)),
            ("stable", .bool(maxReal < 0)), ("hopf_b", .number(hopfB)), ("hopf_frequency", .number(a)),
            ("turing_b", number(turingB)), ("critical_wavenumber", number(criticalWavenumber)),
            ("turing_unstable", .bool(turingUnstable)),
        ])
    }
}
