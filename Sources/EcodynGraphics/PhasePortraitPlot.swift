import EcodynCore
import Foundation

extension PhasePortrait {
    /// The picture: every trajectory in the (u, v) plane, and the steady state.
    public func plot(_ solutions: [Solution]) -> SVGLinePlot {
        var plot = SVGLinePlot(title: "\(kinetics.name): phase portrait to t = \(String(format: "%g", tEnd))", xLabel: "u", yLabel: "v")
        for (k, s) in solutions.enumerated() {
            let u = s.times.indices.map { s.states[2 * $0] }, v = s.times.indices.map { s.states[2 * $0 + 1] }
            plot.add(.init(name: String(format: "from (%.3g, %.3g)", starts[k][0], starts[k][1]), x: u, y: v))
        }
        let (u, v) = (kinetics.homogeneousState.u, kinetics.homogeneousState.v)
        plot.markers = [(u, v, "steady state")]
        return plot
    }
}
