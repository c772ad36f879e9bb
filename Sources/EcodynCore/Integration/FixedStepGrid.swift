/// The step grid of a fixed-step method: `steps` steps of `dt` from t0, the last one
/// shortened so that the grid ends exactly at tEnd.
package struct FixedStepGrid {
    let t0: Double, tEnd: Double, dt: Double, steps: Int

    init(t0: Double, tEnd: Double, dt: Double) {
        precondition(dt > 0 && tEnd >= t0, "need dt > 0 and tEnd ≥ t0")
        (self.t0, self.tEnd, self.dt) = (t0, tEnd, dt)
        steps = Self.stepCount(span: tEnd - t0, dt: dt) ?? Self.maximumSteps
    }

    /// The most steps one run takes (2⁵³, where step numbers are still exact as numbers).
    static let maximumSteps = 1 << 53

    /// The number of steps of `dt` that cover `span` (the last one shortened), or nil when it
    /// is more than ``maximumSteps``.
    package static func stepCount(span: Double, dt: Double) -> Int? {
        let steps = (span / dt * (1 - 1e-12)).rounded(.up)
        return steps.isFinite && steps <= Double(maximumSteps) ? max(Int(steps), 1) : nil
    }

    /// The time after step k (1-based), exactly tEnd for the last.
    func time(after k: Int) -> Double { k == steps ? tEnd : t0 + Double(k) * dt }

    /// The size of step k (1-based): dt, except a shortened last step.
    func size(of k: Int) -> Double { k == steps ? tEnd - (t0 + Double(k - 1) * dt) : dt }

    /// Whether the state after step k is saved under `plan`.
    func saves(after k: Int, plan: SavePlan, nextTime: inout Int) -> Bool {
        switch plan {
        case .endpoints: return k == steps
        case .everyStep(let every): return k % max(every, 1) == 0 || k == steps
        case .times(let ts):
            guard nextTime < ts.count, abs(ts[nextTime] - time(after: k)) <= 1e-9 * max(1, abs(tEnd)) else { return false }
            nextTime += 1
            return true
        }
    }
}
