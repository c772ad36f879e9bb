/// The classical fourth-order Runge–Kutta method with a fixed step.
///
/// ```swift
/// let solution = RungeKutta4(dt: 0.01).solve(field, from: x0, over: 0...10)
/// ```
public struct RungeKutta4: Sendable {
    /// The step size.
    public var dt: Double

    public init(dt: Double) { self.dt = dt }

    /// Integrates `field` from `x0` over `span`.
    public func solve<F: VectorField>(
        _ field: F, from x0: [Double], over span: ClosedRange<Double>,
        saving plan: SavePlan = .endpoints, limits: StateLimits = StateLimits()
    ) -> Solution {
        let n = field.dimension
        let grid = FixedStepGrid(t0: span.lowerBound, tEnd: span.upperBound, dt: dt)
        var work = [Double](repeating: 0, count: 3 * n)   // the slope k, the stage argument, the weighted sum
        return work.withUnsafeMutableBufferPointer { w in
            let k = w.baseAddress!, s = k + n, acc = k + 2 * n
            return FixedStepLoop.run(dimension: n, from: x0, grid: grid, plan: plan, limits: limits) { _, t, h, x, y in
                Self.step(count: n, h: h, from: x, into: y, slope: k, stage: s, sum: acc) { c, argument in
                    field.evaluate(t + c * h, argument, k)
                }
                return 4
            }
        }
    }

    /// One classical RK4 step of size h from x into y over `count` values: `rate(c, s)` writes the
    /// slope at the stage argument s (time offset c·h) into `slope`; `stage` and `sum` are scratch
    /// (`stage` may be y itself). Shared by the single-system solver and the dgemm ensemble path.
    static func step(count: Int, h: Double, from x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>,
                     slope k: UnsafeMutablePointer<Double>, stage s: UnsafeMutablePointer<Double>,
                     sum acc: UnsafeMutablePointer<Double>, rate: (Double, UnsafePointer<Double>) -> Void) {
        rate(0, x)
        for i in 0..<count { acc[i] = k[i]; s[i] = x[i] + 0.5 * h * k[i] }
        rate(0.5, s)
        for i in 0..<count { acc[i] += 2 * k[i]; s[i] = x[i] + 0.5 * h * k[i] }
        rate(0.5, s)
        for i in 0..<count { acc[i] += 2 * k[i]; s[i] = x[i] + h * k[i] }
        rate(1, s)
        for i in 0..<count { y[i] = x[i] + h / 6 * (acc[i] + k[i]) }
    }
}
