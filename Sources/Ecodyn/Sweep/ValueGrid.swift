import Foundation

/// A list of values for one parameter, written in a spec as an inline table:
/// `{ values = [0.5, 0.75] }`, `{ linspace = [lo, hi, n] }` or `{ logspace = [lo, hi, n] }`
/// (`logspace` runs from lo to hi, both > 0, evenly in the logarithm; both ends included).
public enum ValueGrid: Sendable, Equatable {
    case values([Double])
    case linspace(Double, Double, Int)
    case logspace(Double, Double, Int)

    /// The number of values.
    public var count: Int {
        switch self {
        case .values(let v): return v.count
        case .linspace(_, _, let n), .logspace(_, _, let n): return n
        }
    }

    /// Value `k` (0 ..< count), computed without listing the others.
    public func value(at k: Int) -> Double {
        switch self {
        case .values(let v): return v[k]
        case .linspace(let lo, let hi, let n):
            // As NumPy's linspace: i·step + lo with step = (hi − lo)/(n − 1), the last point exactly hi.
            let step = (hi - lo) / Double(max(n - 1, 1))
            return n == 1 ? lo : (k == n - 1 ? hi : Double(k) * step + lo)
        case .logspace(let lo, let hi, let n):
            let (a, b) = (log(lo), log(hi))
            return n == 1 ? lo : (k == n - 1 ? hi : exp(a + (b - a) * Double(k) / Double(n - 1)))
        }
    }

    /// The values, in order.
    public var points: [Double] { (0..<count).map(value(at:)) }

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
