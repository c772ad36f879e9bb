import EcodynCore

/// A bifurcation diagram: a chosen quantity of the state against the parameter along each branch,
/// stable stretches solid and unstable ones dashed, located points labelled (LP fold, H Hopf, BP
/// branch point, TC transcritical with the member and + entering or - leaving).
///
/// ```swift
/// let plot = BifurcationDiagram(branches: [branch], parameter: "b", quantity: .component(0, "u")).plot
/// try FileIO.write(plot.svg(), to: "diagram.svg"); try plot.png().write(to: url)
/// ```
public struct BifurcationDiagram: Sendable {
    /// What the vertical axis shows.
    public enum Quantity: Sendable, Equatable {
        /// One state variable, with its name.
        case component(Int, String)
        /// Σ x_i (a community's total abundance).
        case total
        /// ‖x‖₂.
        case norm

        var label: String {
            switch self {
            case .component(_, let name): return name
            case .total: return "total abundance"
            case .norm: return "|x|"
            }
        }

        func value(_ state: [Double]) -> Double {
            switch self {
            case .component(let k, _): return state.indices.contains(k) ? state[k] : .nan
            case .total: return state.reduce(0, +)
            case .norm: return state.reduce(0) { $0 + $1 * $1 }.squareRoot()
            }
        }
    }

    public var branches: [EquilibriumBranch]
    public var parameter: String
    public var quantity: Quantity
    public var title: String

    public init(branches: [EquilibriumBranch], parameter: String, quantity: Quantity, title: String? = nil) {
        (self.branches, self.parameter, self.quantity) = (branches, parameter, quantity)
        self.title = title ?? "Equilibria against \(parameter)"
    }

    /// The chart, ready for `svg()` or `png()`.
    public var plot: SVGLinePlot {
        var plot = SVGLinePlot(title: title, xLabel: parameter, yLabel: quantity.label + " (solid stable, dashed unstable)")
        for (k, branch) in branches.enumerated() {
            let name = branch.members.map { $0.count <= 6 ? "members \($0.map(String.init).joined(separator: ","))" : "\($0.count) members" } ?? "branch \(k + 1)"
            var first = true
            var start = 0
            let points = branch.points
            while start < points.count {
                var end = start
                while end + 1 < points.count, points[end + 1].stable == points[start].stable { end += 1 }
                let piece = points[start...min(end + 1, points.count - 1)]
                plot.add(SVGLinePlot.Series(name: name, x: piece.map(\.parameterValue), y: piece.map { quantity.value($0.state) },
                                            dashed: !points[start].stable, colour: k, inLegend: first))
                first = false
                start = end + 1
            }
            for event in branch.bifurcations {
                plot.markers.append((event.parameterValue, quantity.value(event.state), Self.label(event)))
            }
        }
        return plot
    }

    /// The short label of a located point.
    static func label(_ event: Bifurcation) -> String {
        switch event.type {
        case .fold: return "LP"
        case .hopf: return "H"
        case .branchPoint: return "BP"
        case .transcritical:
            let sign = event.note?.hasSuffix("leaves") == true ? "-" : "+"
            return "TC\(event.member.map(String.init) ?? "")\(sign)"
        }
    }
}
