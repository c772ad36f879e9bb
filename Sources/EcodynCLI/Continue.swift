import ArgumentParser
import Ecodyn
import Foundation

/// `ecodyn continue SPEC --parameter PATH --to VALUE`: branches of equilibria and their
/// bifurcations as one parameter varies (docs/continuation.md).
struct Continue: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Follow equilibria as a parameter varies: folds, Hopf points, extinctions; branches.json and a bifurcation diagram.",
        discussion: "A community is followed from its interior equilibrium (or the members present in --from) across extinctions and invasions; a kinetics from each of its homogeneous steady states. Writes OUT/branches.json, OUT/diagram.svg and OUT/diagram.png. See docs/continuation.md.")

    @OptionGroup var options: SpecOptions

    @Option(help: "The parameter to vary, as in sweeps: model.b, model.K[1], model.delta[0][1].")
    var parameter: String

    @Option(help: "Where the parameter goes, from its value in the spec.")
    var to: Double

    @Option(help: "The starting state, comma-separated (a community: the members with a value > 0 are present).")
    var from: String?

    @Option(help: "What the diagram shows against the parameter: a state index (0, 1, …), u, v, total or norm.")
    var show: String?

    @Option(help: "The largest number of points per branch.")
    var maxPoints = 5000

    @Option(help: "A second parameter: every fold and Hopf point found is followed in both (OUT/curves.json, curves.svg, curves.png).")
    var second: String?

    @Option(help: "Where the second parameter goes, from its value in the spec.")
    var secondTo: Double?

    @Option(help: "Limit cycles born at each Hopf point: this many, evenly spaced toward the side where they exist (OUT/cycles.json).")
    var cycles: Int?

    @Option(help: "The output folder.")
    var out = "continuation"

    func validate() throws {
        guard to.isFinite else { throw ValidationError("--to takes a finite number, got \(to)") }
        guard (2...1_000_000).contains(maxPoints) else { throw ValidationError("--max-points takes 2 to 1000000, got \(maxPoints)") }
        guard (second == nil) == (secondTo == nil) else { throw ValidationError("--second and --second-to go together") }
        if let secondTo, !secondTo.isFinite { throw ValidationError("--second-to takes a finite number, got \(secondTo)") }
        if let cycles, !(1...1000).contains(cycles) { throw ValidationError("--cycles takes 1 to 1000, got \(cycles)") }
    }

    /// A path's model name: without its `model.` prefix.
    static func modelName(_ path: String) -> String { path.hasPrefix("model.") ? String(path.dropFirst("model.".count)) : path }

    /// The model's name of the parameter.
    var parameterName: String { Self.modelName(parameter) }

    func run() throws {
        let (spec, kind) = try options.load()
        var settings = ContinuationSettings()
        settings.maximumPoints = maxPoints
        let start = try from.map { text -> [Double] in
            let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard !values.isEmpty, values.allSatisfy({ $0?.isFinite == true }) else {
                throw ValidationError("--from takes comma-separated finite numbers, got '\(text)'")
            }
            return values.map { $0! }
        }
        var familyAt: (@Sendable (String, Double) throws -> EquilibriumFamily)?
        var family: EquilibriumFamily?
        var secondStart: Double?
        let (branches, quantity) = try reportingErrors(in: options.spec) { () throws -> ([EquilibriumBranch], BifurcationDiagram.Quantity) in
            try spec.allowOnly(["model", "initial", "integrate", "noise", "grid", "sweep"])
            switch kind {
            case .community:
                let community = try Community(spec: spec)
                var members: [Int]?
                if let start {
                    guard start.count == community.n else { throw SpecError(key: "--from", "expected \(community.n) values (one per member), got \(start.count)") }
                    members = start.indices.filter { start[$0] > 0 }
                }
                let path = try keyed { try CommunityContinuation(community: community, parameter: parameterName, settings: settings).follow(to: to, members: members) }
                let first = parameterName
                familyAt = { name, value in try EquilibriumFamily(community: try community.with(name, value), parameter: first) }
                family = try EquilibriumFamily(community: community, parameter: parameterName)
                secondStart = try second.map { try secondValue(of: $0, in: community) }
                return (path.branches, try quantityOption(default: .total, names: []))
            case .kinetics:
                let kinetics = try GridProblem.kinetics(spec)
                let kineticsFamily = try keyed { try EquilibriumFamily(kinetics: kinetics, parameter: parameterName) }
                family = kineticsFamily
                let starts = try start.map { s throws(SpecError) -> [[Double]] in
                    guard s.count == 2 else { throw SpecError(key: "--from", "expected 2 values (u, v), got \(s.count)") }
                    return [s]
                } ?? kinetics.steadyStates.map { [$0.u, $0.v] }
                let continuation = Continuation(kineticsFamily, settings: settings)
                var found = [EquilibriumBranch]()
                for start in starts {
                    let branch = try keyed { try continuation.branch(from: start, to: to) }
                    // Two steady states on one closed curve (Gray–Scott's isola) give the same branch: keep one.
                    let seen = found.contains { old in
                        old.end == .closed && branch.end == .closed && old.bifurcations.count == branch.bifurcations.count
                            && old.bifurcations.allSatisfy { a in branch.bifurcations.contains { b in a.type == b.type && abs(a.parameterValue - b.parameterValue) <= 1e-8 * max(1, abs(a.parameterValue)) } }
                    }
                    if !seen { found.append(branch) }
                }
                let first = parameterName
                familyAt = { name, value in try EquilibriumFamily(kinetics: try kinetics.with(name, value), parameter: first) }
                secondStart = try second.map { try secondValue(of: $0, in: kinetics) }
                return (found, try quantityOption(default: .component(0, "u"), names: ["u", "v"]))
            case .alliance:
                throw unsupported(kind, by: "continue", handled: [.community] + KineticsRegistry.all.map { .kinetics($0) })
            }
        }
        let report = ContinuationReport(parameter: parameter, branches: branches).json
        let born = try reportingErrors(in: options.spec) { () throws -> [(hopf: Bifurcation, cycles: [LimitCycle])] in
            guard let cycles, let family else { return [] }
            return try branches.filter { $0.members == nil || $0.members?.count == family.dimension }.flatMap { branch in
                try branch.bifurcations.filter { $0.type == .hopf && $0.firstLyapunov != nil }.map { hopf in
                    // Toward the branch's end, or its start when the cycles are born on that side.
                    let continuation = LimitCycleContinuation(family: family)
                    do { return (hopf, try continuation.follow(from: hopf, to: branch.points.last!.parameterValue, steps: cycles)) } catch let error as ParameterError where error.parameter == "to" {
                        return (hopf, try continuation.follow(from: hopf, to: branch.points.first!.parameterValue, steps: cycles))
                    }
                }
            }
        }
        var diagram = BifurcationDiagram(branches: branches, parameter: parameter, quantity: quantity).plot
        if case .component(let k, let name) = quantity {
            // Each cycle's range of the shown variable, from its Hopf point (amplitude 0) on.
            for (c, (hopf, run)) in born.enumerated() where !run.isEmpty {
                for (label, values) in [("max", run.map { $0.maximum[k] }), ("min", run.map { $0.minimum[k] })] {
                    diagram.add(SVGLinePlot.Series(name: "cycle \(c + 1): \(name) range", x: [hopf.parameterValue] + run.map(\.parameterValue),
                                                   y: [hopf.state[k]] + values, colour: branches.count + c, inLegend: label == "max"))
                }
            }
        }
        let curves = try reportingErrors(in: options.spec) { () throws -> [BifurcationCurve] in
            guard let second, let secondTo, let secondStart, let familyAt else { return [] }
            let name = Self.modelName(second)
            // Folds and Hopf points of branches with every state variable free (a community's boundary
            // branches hold members at 0, which the two-parameter system does not).
            let points = branches.filter { $0.members == nil || $0.members?.count == $0.points.first?.state.count }
                .flatMap(\.bifurcations).filter { $0.type == .fold || $0.type == .hopf }
            return try points.map { point in
                try BifurcationCurveContinuation(kind: point.type, first: parameterName, second: name, settings: settings) { try familyAt(name, $0) }
                    .curve(from: point, secondValue: secondStart, to: secondTo)
            }
        }
        try reportingErrors(in: options.spec) {
            let folder = try StagedFolder(out, option: "--out")
            try folder.write(report.serialized() + "\n", as: "branches.json")
            try folder.write(diagram.svg(), as: "diagram.svg")
            try folder.write(diagram.png().pngData(), as: "diagram.png")
            if !born.isEmpty { try folder.write(Self.cyclesJSON(born.map(\.cycles)).serialized() + "\n", as: "cycles.json") }
            if let second {
                let (firstPath, secondPath) = ("model." + parameterName, "model." + Self.modelName(second))
                let plot = BifurcationCurvePlot(curves: curves, first: firstPath, second: secondPath).plot
                try folder.write(BifurcationCurvePlot.json(curves, first: firstPath, second: secondPath).serialized() + "\n", as: "curves.json")
                try folder.write(plot.svg(), as: "curves.svg")
                try folder.write(plot.png().pngData(), as: "curves.png")
            }
            try folder.commit()
        }
        if options.json {
            emit(report.serialized())
            return
        }
        for (k, b) in branches.enumerated() {
            let range = b.points.map(\.parameterValue)
            let who = b.members.map { " (members \($0.map(String.init).joined(separator: ",")))" } ?? ""
            emit(String(format: "branch %d%@: %d points, %@ from %.6g to %.6g, %@", k + 1, who, b.points.count, parameter,
                        range.first ?? .nan, range.last ?? .nan, b.end.rawValue) + (b.message.map { ": \($0)" } ?? ""))
            for e in b.bifurcations { emit("  " + Self.describe(e, parameter: parameter)) }
        }
        for (c, run) in born.map(\.cycles).enumerated() where !run.isEmpty {
            emit(String(format: "cycles %d: %d from %@ = %.6g (period %.6g) to %.6g (period %.6g, amplitude %.6g), %@", c + 1, run.count, parameter,
                        run.first!.parameterValue, run.first!.period, run.last!.parameterValue, run.last!.period, run.last!.amplitude.first ?? .nan,
                        run.allSatisfy(\.stable) ? "stable" : "not all stable"))
        }
        for c in curves {
            let range = c.points.map(\.second)
            emit(String(format: "%@ curve in (%@, %@): %d points, %@ from %.6g to %.6g, %@", c.kind.rawValue, parameter, second ?? "", c.points.count,
                        second ?? "", range.first ?? .nan, range.last ?? .nan, c.end.rawValue))
        }
        emit("wrote \(out)/branches.json, diagram.svg, diagram.png" + (born.isEmpty ? "" : ", cycles.json") + (second == nil ? "" : ", curves.json, curves.svg, curves.png"))
    }

    /// cycles.json: per Hopf point, its cycles with `parameter_value`, `period`, `state`,
    /// `amplitude`, `minimum`, `maximum`, `floquet_multipliers` and `stable`.
    static func cyclesJSON(_ runs: [[LimitCycle]]) -> JSONValue {
        .array(runs.map { run in
            .array(run.map { c in
                .object([("parameter_value", .number(c.parameterValue)), ("period", .number(c.period)), ("state", .numbers(c.state)),
                         ("amplitude", .numbers(c.amplitude)), ("minimum", .numbers(c.minimum)), ("maximum", .numbers(c.maximum)),
                         ("floquet_multipliers", .array(c.floquetMultipliers.map { .object([("re", .number($0.real)), ("im", .number($0.imaginary))]) })),
                         ("stable", .bool(c.stable))])
            })
        })
    }

    /// The spec's value of the second parameter, or an error naming --second.
    func secondValue<M: ParameterizedModel>(of path: String, in model: M) throws -> Double {
        do { return model.parameters[try model.checkedIndex(Self.modelName(path))] } catch {
            throw SpecError(key: "--second", "\(path): \(error.message)")
        }
    }

    /// Runs a continuation call, naming `--parameter` in a parameter error that concerns it.
    func keyed<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ParameterError where error.parameter == parameterName {
            throw SpecError(key: "--parameter", "\(parameter): \(error.message)")
        }
    }

    /// The diagram's quantity from --show.
    func quantityOption(default fallback: BifurcationDiagram.Quantity, names: [String]) throws(SpecError) -> BifurcationDiagram.Quantity {
        guard let show else { return fallback }
        if let k = names.firstIndex(of: show) { return .component(k, show) }
        if let k = Int(show), k >= 0 { return .component(k, "x[\(k)]") }
        switch show {
        case "total": return .total
        case "norm": return .norm
        default: throw SpecError(key: "--show", "takes a state index, \((names + ["total", "norm"]).joined(separator: ", ")); got '\(show)'")
        }
    }

    /// One located point in words.
    static func describe(_ e: Bifurcation, parameter: String) -> String {
        var text = String(format: "%@ at %@ = %.10g", e.type.rawValue, parameter, e.parameterValue)
        if let note = e.note { text += " (\(note))" }
        if let omega = e.frequency { text += String(format: ", frequency %.6g", omega) }
        if let l1 = e.firstLyapunov { text += String(format: ", first Lyapunov coefficient %.6g", l1) }
        let shown = e.state.prefix(6).map { String(format: "%.6g", $0) }.joined(separator: ", ")
        return text + ", state (\(shown)\(e.state.count > 6 ? ", …" : ""))"
    }

}
