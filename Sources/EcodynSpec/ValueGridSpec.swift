import EcodynCore

extension ValueGrid {
    /// Reads the grid at `key` of `table`.
    public init(_ table: SpecTable, key: String) throws(SpecError) {
        guard let grid = try table.table(key) else { throw table.error(key, "missing; give { values = [...] } or { linspace = [lo, hi, n] }") }
        try grid.allowOnly(["values", "linspace", "logspace"])
        guard grid.keys.count == 1 else {
            throw table.error(key, "give exactly one of values, linspace, logspace")
        }
        if let v = try grid.doubles("values") {
            guard !v.isEmpty else { throw grid.error("values", "needs at least one value") }
            self = .values(v)
            return
        }
        let name = grid.keys[0]
        let spec = try grid.required(grid.doubles(name), name)
        guard spec.count == 3, let n = Int(exactly: spec[2]), n >= 1 else {
            throw grid.error(name, "expected [lo, hi, n] with a whole n ≥ 1")
        }
        if name == "logspace" {
            guard spec[0] > 0, spec[1] > 0 else { throw grid.error(name, "lo and hi must be > 0 for a logarithmic grid") }
            self = .logspace(spec[0], spec[1], n)
        } else {
            self = .linspace(spec[0], spec[1], n)
        }
    }
}
