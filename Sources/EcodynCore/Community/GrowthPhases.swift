/// The phases of a development curve X(t), read as the source paper's Fig. 10 reads it: by its
/// inflection points (d²X/dt² = 0) and the points where d³X/dt³ = 0, which bound the fastest
/// growth. A rising curve is in *inception* until its first acceleration bound, in *growth*
/// until the second, then in *maturity* (the next pair of bounds starts another growth); where
/// it falls (dX/dt < 0) it is in *decline*.
///
/// ```swift
/// let phases = problem.growthPhases(of: problem.solve())   // one per member, and the total
/// phases.total.inflectionTimes        // [t*]
/// phases.total.accelerationBounds     // [t* − ln(2 + √3)/g, t* + ln(2 + √3)/g] for a logistic curve
/// ```
public struct GrowthPhases: Sendable, Equatable {
    /// A stretch of the curve in one phase.
    public struct Phase: Sendable, Equatable {
        public var name: String
        public var start: Double, end: Double
    }

    /// Times where d²X/dt² changes sign.
    public var inflectionTimes: [Double]
    /// Times where d³X/dt³ changes sign.
    public var accelerationBounds: [Double]
    public var phases: [Phase]
    /// The phase at the last time.
    public var phaseAtEnd: String { phases.last?.name ?? "inception" }

    /// The phases of a curve from samples of it and of its first three derivatives at ascending
    /// `times`; the roots are located between samples by cubic Hermite interpolation (of X'' with
    /// X''' as its slope) and by quadratic interpolation (of X''').
    public init(times: [Double], first: [Double], second: [Double], third: [Double]) {
        let count = times.count
        var inflections = [Double](), bounds = [Double]()
        for k in 1..<max(count, 1) where (second[k - 1] < 0) != (second[k] < 0) && second[k] != second[k - 1] {
            inflections.append(Self.hermiteRoot(times[k - 1], times[k], second[k - 1], second[k], third[k - 1], third[k]))
        }
        for k in 1..<max(count, 1) where (third[k - 1] < 0) != (third[k] < 0) && third[k] != third[k - 1] {
            bounds.append(Self.quadraticRoot(times, third, around: k))
        }
        (inflectionTimes, accelerationBounds) = (inflections, bounds)
        // Label each sample, then merge runs of one label into phases.
        let scale = max(first.map(abs).max() ?? 0, 1e-300)
        var labels = [String](), risingBounds = 0
        var nextBound = 0
        for k in 0..<count {
            while nextBound < bounds.count, bounds[nextBound] <= times[k] { nextBound += 1; risingBounds += 1 }
            if first[k] < -1e-9 * scale { labels.append("decline"); continue }
            labels.append(risingBounds == 0 ? "inception" : risingBounds % 2 == 1 ? "growth" : "maturity")
        }
        var phases = [Phase]()
        for k in 0..<count {
            if let last = phases.last, last.name == labels[k] { phases[phases.count - 1].end = times[k]; continue }
            let start = k == 0 ? times[0] : (times[k - 1] + times[k]) / 2
            if !phases.isEmpty { phases[phases.count - 1].end = start }
            phases.append(Phase(name: labels[k], start: start, end: times[k]))
        }
        self.phases = phases
    }

    /// The root in [a, b] of the cubic Hermite interpolant of values (ya, yb) and slopes (sa, sb).
    static func hermiteRoot(_ a: Double, _ b: Double, _ ya: Double, _ yb: Double, _ sa: Double, _ sb: Double) -> Double {
        let h = b - a
        func p(_ s: Double) -> Double {
            let (s2, s3) = (s * s, s * s * s)
            return (2 * s3 - 3 * s2 + 1) * ya + (s3 - 2 * s2 + s) * h * sa + (-2 * s3 + 3 * s2) * yb + (s3 - s2) * h * sb
        }
        let s = RootBracketing.regulaFalsi(p, 0, ya, 1, yb, tolerance: 1e-14) ?? ya / (ya - yb)
        return a + s * h
    }

    /// The root between samples k − 1 and k of the parabola through three neighbouring samples.
    static func quadraticRoot(_ t: [Double], _ y: [Double], around k: Int) -> Double {
        let linear = t[k - 1] + (t[k] - t[k - 1]) * y[k - 1] / (y[k - 1] - y[k])
        guard t.count >= 3 else { return linear }
        let j = min(max(k - 1, 1), t.count - 2)   // the middle of three samples that include k − 1 and k
        let (t0, t1, t2, y0, y1, y2) = (t[j - 1], t[j], t[j + 1], y[j - 1], y[j], y[j + 1])
        func p(_ x: Double) -> Double {
            y0 * (x - t1) * (x - t2) / ((t0 - t1) * (t0 - t2)) + y1 * (x - t0) * (x - t2) / ((t1 - t0) * (t1 - t2))
                + y2 * (x - t0) * (x - t1) / ((t2 - t0) * (t2 - t1))
        }
        return RootBracketing.regulaFalsi(p, t[k - 1], y[k - 1], t[k], y[k], tolerance: 1e-14 * max(1, abs(t[k]))) ?? linear
    }
}

/// The growth phases of each member and of the total.
public struct CommunityGrowthPhases: Sendable, Equatable {
    public var members: [GrowthPhases]
    public var total: GrowthPhases
}

extension CommunityProblem {
    /// The growth phases of `solution`'s saved curves (each member's and the total's). The
    /// derivatives come from the field along the flow, by central differences in the direction
    /// (1, f) of (t, x): X'' = d f/dt and X''' = d X''/dt, exact to O(ε²) (ε ≈ 10⁻⁴ of the scale).
    public func growthPhases(of solution: Solution) -> CommunityGrowthPhases {
        let field: any VectorField = drivers.isEmpty ? CommunityField(community) : try! DrivenCommunityField(community, drivers: drivers, until: tEnd)
        let n = solution.dimension, count = solution.times.count
        var first = [[Double]](repeating: [Double](repeating: 0, count: count), count: n + 1)
        var (second, third) = (first, first)
        var f = [Double](repeating: 0, count: n)
        func rate(_ t: Double, _ x: [Double]) -> [Double] { field.evaluate(t, x, &f); return f }
        /// X'' at (t, x): the change of f along the flow.
        func acceleration(_ t: Double, _ x: [Double], _ eps: Double) -> [Double] {
            let v = rate(t, x)
            let plus = rate(t + eps, zip(x, v).map { $0 + eps * $1 }), minus = rate(t - eps, zip(x, v).map { $0 - eps * $1 })
            return zip(plus, minus).map { ($0 - $1) / (2 * eps) }
        }
        for k in 0..<count {
            let t = solution.times[k], x = Array(solution.state(k))
            let v = rate(t, x)
            let speed = max(v.map(abs).max() ?? 0, 1e-300), size = max(x.map(abs).max() ?? 0, 1e-12)
            let eps = 1e-4 * min(size / speed, max(1, abs(t)))
            let a = acceleration(t, x, eps)
            let plus = acceleration(t + eps, zip(x, v).map { $0 + eps * $1 }, eps), minus = acceleration(t - eps, zip(x, v).map { $0 - eps * $1 }, eps)
            for i in 0..<n {
                (first[i][k], second[i][k], third[i][k]) = (v[i], a[i], (plus[i] - minus[i]) / (2 * eps))
            }
            first[n][k] = v.reduce(0, +)
            second[n][k] = a.reduce(0, +)
            third[n][k] = zip(plus, minus).reduce(0) { $0 + ($1.0 - $1.1) / (2 * eps) }
        }
        let curves = (0...n).map { GrowthPhases(times: solution.times, first: first[$0], second: second[$0], third: third[$0]) }
        return CommunityGrowthPhases(members: Array(curves.prefix(n)), total: curves[n])
    }
}
