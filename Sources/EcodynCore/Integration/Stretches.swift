extension Integrator {
    /// Integrates over `span` in stretches that end at `stops` (the jumps and kinks of drivers,
    /// the times of scheduled events), so that no step straddles them; at each stop inside the
    /// span `between(t, &x)` may change the state and returns the events it records. Stretch k
    /// runs ``forStretch(_:)`` (a stochastic scheme's fresh noise). One
    /// solution, the stretches' saved states, statistics and events joined in order.
    public func solve<F: VectorField>(_ field: F, from x0: [Double], over span: ClosedRange<Double>, saving plan: SavePlan,
                                      limits: StateLimits, stoppingAt stops: [Double],
                                      between: (Double, inout [Double]) -> [IntegrationEvent] = { _, _ in [] }) -> Solution {
        let ends = Array(Set(stops.filter { $0 > span.lowerBound && $0 < span.upperBound } + [span.upperBound])).sorted()
        var whole: Solution?, x = x0, start = span.lowerBound
        for (k, end) in ends.enumerated() {
            let part = forStretch(k).solve(field, from: x, over: start...end, saving: plan, limits: limits)
            whole = whole.map { $0.continued(by: part) } ?? part
            guard part.status == .finished, part.finalTime == end, end < span.upperBound else { break }
            x = part.finalState
            whole!.events += between(end, &x)
            whole!.finalState = x
            start = end
        }
        return whole!
    }
}
