import EcodynCore

/// Curves of fold and Hopf points in the plane of two parameters: the second horizontally, the
/// first vertically (as `ecodyn render` draws a sweep over them), and their JSON (curves.json,
/// which `ecodyn render --overlay` draws over a map).
public struct BifurcationCurvePlot: Sendable {
    public var curves: [BifurcationCurve]
    /// The parameters as the user named them (`model.b`, `model.a`).
    public var first: String, second: String

    public init(curves: [BifurcationCurve], first: String, second: String) { (self.curves, self.first, self.second) = (curves, first, second) }

    public var plot: SVGLinePlot {
        var plot = SVGLinePlot(title: "Fold and Hopf curves", xLabel: second, yLabel: first)
        for (k, c) in curves.enumerated() {
            plot.add(SVGLinePlot.Series(name: "\(c.kind.rawValue) \(k + 1)", x: c.points.map(\.second), y: c.points.map(\.first), colour: k))
        }
        return plot
    }

    /// `first`, `second`, and `curves`: each with `kind`, `end` and `points` ({`first`, `second`,
    /// `state`, and on Hopf curves `frequency` and `neutral_saddle`}).
    public static func json(_ curves: [BifurcationCurve], first: String, second: String) -> JSONValue {
        .object([("first", .string(first)), ("second", .string(second)), ("curves", .array(curves.map { c in
            .object([("kind", .string(c.kind.rawValue)), ("end", .string(c.end.rawValue)), ("points", .array(c.points.map { p in
                var pairs: [(String, JSONValue)] = [("first", .number(p.first)), ("second", .number(p.second)), ("state", .numbers(p.state))]
                if c.kind == .hopf {
                    pairs.append(("frequency", p.frequency.map { .number($0) } ?? .null))
                    pairs.append(("neutral_saddle", .bool(p.neutralSaddle)))
                }
                return .object(pairs)
            }))])
        }))])
    }
}
