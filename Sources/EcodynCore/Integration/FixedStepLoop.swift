/// The driver shared by the fixed-step methods: it walks the step grid, asks the method for each
/// candidate state, admits it (clamping, bounds), records saved states, and reports the status.
enum FixedStepLoop {
    /// Runs `steps` of `advance(step, t, h, x, y)`, which writes the state after the step into y
    /// from x and returns the right-hand-side evaluations it used.
    static func run(
        dimension n: Int, from x0: [Double], grid: FixedStepGrid, plan: SavePlan, limits: StateLimits,
        _ advance: (_ step: Int, _ t: Double, _ h: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) -> Int
    ) -> Solution {
        precondition(x0.count == n, "x0 has \(x0.count) entries, the field \(n)")
        var stats = IntegrationStatistics()
        var recorder = SolutionRecorder(dimension: n)
        var x = x0, y = x0
        var status = IntegrationStatus.finished, message: String?
        var t = grid.t0, nextSave = plan.firstPending(after: t)
        x.withUnsafeMutableBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                let x = xp.baseAddress!, y = yp.baseAddress!
                recorder.record(t, x)
                for step in stride(from: 1, through: grid.steps, by: 1) {
                    stats.rhsEvaluations += advance(step, t, grid.size(of: step), x, y)
                    let tNew = grid.time(after: step)
                    guard limits.admit(y, count: n, clamped: &stats.clampedValues) else {
                        status = .diverged
                        message = limits.divergence(at: tNew)
                        break
                    }
                    x.update(from: y, count: n)
                    t = tNew
                    stats.steps += 1
                    if grid.saves(after: step, plan: plan, nextTime: &nextSave) { recorder.record(t, x) }
                }
            }
        }
        return recorder.finish(status: status, message: message, statistics: stats, finalTime: t, finalState: x)
    }
}
