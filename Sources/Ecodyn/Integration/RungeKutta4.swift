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
                field.evaluate(t, x, k)
                for i in 0..<n { acc[i] = k[i]; s[i] = x[i] + 0.5 * h * k[i] }
                field.evaluate(t + 0.5 * h, s, k)
                for i in 0..<n { acc[i] += 2 * k[i]; s[i] = x[i] + 0.5 * h * k[i] }
                field.evaluate(t + 0.5 * h, s, k)
                for i in 0..<n { acc[i] += 2 * k[i]; s[i] = x[i] + h * k[i] }
                field.evaluate(t + h, s, k)
                for i in 0..<n { y[i] = x[i] + h / 6 * (acc[i] + k[i]) }
                return 4
            }
        }
    }
}
