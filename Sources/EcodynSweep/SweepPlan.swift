import EcodynCore
import EcodynSpec

/// A sweep read from a spec: its parameter space and the model that evaluates its points.
public struct SweepPlan: Sendable {
    public var space: ParameterSpace
    public var model: any SweepModel

    /// Reads `[sweep]` and the model of the spec; every mistake (an unknown parameter or metric,
    /// a bad value) is found here, before any point runs.
    public init(spec: SpecTable) throws(SpecError) {
        let kind = try ModelKind.of(spec)
        let sweep = try spec.requireTable("sweep")
        try sweep.allowOnly(["parameters", "metrics", "replicates", "seed"])
        space = try ParameterSpace(sweep: sweep)
        let point = spec.removing("sweep")
        if kind == .community {
            model = try CommunitySweepModel(spec: point, sweep: sweep, space: space)
        } else if kind == .alliance {
            throw SpecError(key: "model.kind", "'ecodyn sweep' handles communities and kinetics (\(KineticsRegistry.all.map { $0.kind }.joined(separator: ", "))); for the alliance, [sharing] lambda is the sweep")
        } else if spec.contains("grid") {
            model = try GridSweepModel(spec: point, sweep: sweep, space: space)
        } else {
            try spec.allowOnly(["model", "sweep"])
            model = try KineticsSweepModel(spec: point, sweep: sweep, space: space)
        }
    }
}

/// The problem of one point of a sweep, as `ecodyn run --point` and `analyze --point` use it.
public enum SweepPointProblem: Sendable {
    /// A community, with its run when the spec has `[integrate]`.
    case community(Community, CommunityProblem?)
    case grid(GridProblem)
    case kinetics(any Kinetics)
}

extension SweepPlan {
    /// The problem of point `index` (0 ..< space.count), as the sweep evaluates it (a
    /// community's random seeds derived for its replicate).
    public func problem(at index: Int) throws(SpecError) -> SweepPointProblem {
        let (values, replicate) = (space.point(index).values, space.point(index).replicate)
        switch model {
        case let m as CommunitySweepModel:
            let (community, run) = try m.problem(values, replicate: replicate)
            return .community(community, run)
        case let m as GridSweepModel:
            return .grid(try atPoint(index) { () throws(ParameterError) in try m.problem(values) })
        case let m as KineticsSweepModel:
            return .kinetics(try atPoint(index) { () throws(ParameterError) in try m.kinetics(values) })
        default:
            throw SpecError(key: "sweep", "this sweep's points are not problems of their own")
        }
    }

    private func atPoint<T>(_ index: Int, _ body: () throws(ParameterError) -> T) throws(SpecError) -> T {
        do { return try body() } catch { throw SpecError(key: "sweep.parameters", "at point \(index): \(error)") }
    }

    /// "a = 0.5, b = 2" for point `index`, with its replicate when there are several.
    public func describe(_ index: Int) -> String {
        let (values, replicate) = (space.point(index).values, space.point(index).replicate)
        let pairs = zip(space.names, values).map { "\($0) = \($1)" } + (space.replicates > 1 ? ["replicate \(replicate)"] : [])
        return "point \(index) of \(space.count)" + (pairs.isEmpty ? "" : ": " + pairs.joined(separator: ", "))
    }
}
