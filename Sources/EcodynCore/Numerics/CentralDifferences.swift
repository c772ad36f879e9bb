import Foundation

/// Derivatives by central differences with steps ε^(1/3)·max(1, |x|), which balance truncation
/// and round-off (about 1e-10 relative for smooth functions): for models given only as f.
public enum CentralDifferences {
    /// The step for a variable of size |x|.
    static func step(_ x: Double) -> Double { cbrt(Double.ulpOfOne) * max(1, abs(x)) }

    /// ∂f/∂x at x: column j from f(x ± h e_j).
    public static func jacobian(of f: ([Double]) throws -> [Double], at x: [Double]) rethrows -> Matrix {
        var j = Matrix(rows: 0, columns: 0), probe = x
        for col in x.indices {
            let h = step(x[col])
            probe[col] = x[col] + h
            let plus = try f(probe)
            probe[col] = x[col] - h
            let minus = try f(probe)
            probe[col] = x[col]
            if col == 0 { j = Matrix(rows: plus.count, columns: x.count) }
            for row in plus.indices { j[row, col] = (plus[row] - minus[row]) / (2 * h) }
        }
        return j
    }

    /// dg/dp at p.
    public static func derivative(of g: (Double) throws -> [Double], at p: Double) rethrows -> [Double] {
        let h = step(p)
        let (plus, minus) = (try g(p + h), try g(p - h))
        return zip(plus, minus).map { ($0 - $1) / (2 * h) }
    }
}
