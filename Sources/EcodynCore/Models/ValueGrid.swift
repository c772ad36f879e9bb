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
}
