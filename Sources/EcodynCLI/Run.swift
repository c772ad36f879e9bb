import ArgumentParser
import Ecodyn
import Foundation

/// `ecodyn run SPEC --out DIR`: integrate a model and write its trajectory and pictures.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Integrate a model and write its results into a folder.",
        discussion: "For a community: trajectory.npy (times × members), times.npy, summary.json, trajectories.svg; with [ensemble], per-member final_state.npy and time_average.npy (members × species), survivors.npy, survivors.svg, summary.json. For a reaction–diffusion grid: u.npy, v.npy, pictures (u.png, v.png; profile.svg in 1-D), summary.json, and frames_*.npy with save_every. For a kinetics without [grid] (well mixed): trajectories.npy (starts × times × 2), times.npy, phase.svg, summary.json.")

    @OptionGroup var options: SpecOptions
    @OptionGroup var point: PointOption

    @Option(help: "The folder for the results.")
    var out = "out"

    func run() throws {
        let (file, kind) = try options.load()
        try reportingErrors(in: options.spec) { try OutputPath.checkFolder(out, option: "--out", example: "results") }
        let (spec, chosen) = try point.resolve(file, file: options.spec, describe: !options.json)
        if case .kinetics = kind, !spec.contains("grid") {
            refuseLaunchedCopies()
            var portrait = try reportingErrors(in: options.spec) { try PhasePortrait(spec: spec) }
            if case .kinetics(let kinetics)? = chosen { portrait.kinetics = kinetics }
            try PortraitRun.run(portrait, spec: options.spec, out: out, json: options.json)
            return
        }
        if case .kinetics = kind {
            let problem = try reportingErrors(in: options.spec) { () throws -> GridProblem in
                if case .grid(let problem)? = chosen { return problem }
                return try GridProblem(spec: spec)
            }
            try GridRun.run(problem, spec: options.spec, out: out, json: options.json)
            return
        }
        refuseLaunchedCopies()
        if kind == .community, spec.contains("ensemble") {
            let ensemble = try reportingErrors(in: options.spec) { () throws -> CommunityEnsembleProblem in
                if chosen != nil { throw SpecError(key: "ensemble", "a sweep spec runs its points one by one; remove [ensemble] or [sweep]") }
                return try CommunityEnsembleProblem(spec: spec)
            }
            try EnsembleRun.run(ensemble, spec: options.spec, out: out, json: options.json)
            return
        }
        let problem = try reportingErrors(in: options.spec) { () throws -> CommunityProblem in
            guard kind == .community else { throw unsupported(kind, by: "run", handled: [.community] + KineticsRegistry.all.map { .kinetics($0) }) }
            if case .community(_, let run)? = chosen {
                guard let run else { throw SpecError(key: "integrate", "missing table [integrate]: 'ecodyn run' integrates the community") }
                return run
            }
            return try CommunityProblem(spec: spec)
        }
        let solution = problem.solve()
        let summary = summaryJSON(problem, solution)
        try reportingErrors(in: options.spec) {
            let folder = try StagedFolder(out, option: "--out")
            try folder.write(NPYArray(shape: [solution.times.count, solution.dimension], values: solution.states).npyData(), as: "trajectory.npy")
            try folder.write(NPYArray(shape: [solution.times.count], values: solution.times).npyData(), as: "times.npy")
            try folder.write(trajectoryPlot(solution).svg(), as: "trajectories.svg")
            try folder.write(summary.serialized() + "\n", as: "summary.json")
            try folder.commit()
        }
        if options.json {
            emit(summary.serialized())
        } else {
            let st = solution.statistics
            emit("\(solution.status.rawValue) at t = \(solution.finalTime): \(survivors(solution).count) of \(solution.dimension) members survive")
            emit("\(problem.method.name): \(st.steps) steps, \(st.rejectedSteps) rejected, \(st.rhsEvaluations) RHS evaluations, "
                 + (st.jacobianProducts > 0 ? "\(st.jacobianProducts) Jacobian products, " : "") + "\(st.clampedValues) values clamped at 0")
            if !solution.phases.isEmpty {
                emit("methods: " + solution.phases.map { String(format: "%@ from t = %.6g", $0.method, $0.start) }.joined(separator: ", "))
            }
            if let message = solution.message { emit(message) }
            for e in solution.events {
                let who = e.member.map { "member \($0)" } ?? "the total"
                switch e.kind {
                case .extinction: emit(String(format: "t = %.10g: %@ dies out (falls through %g)", e.time, who, e.level))
                case .level: emit(String(format: "t = %.10g: %@ crosses %g, %@", e.time, who, e.level, e.direction.rawValue))
                case .scheduled: emit(String(format: "t = %.10g: %@ set to %g (scheduled)", e.time, who, e.level))
                }
            }
            emit("wrote \(out)/trajectory.npy, times.npy, summary.json, trajectories.svg")
        }
    }

    /// Up to this many members, summary.json lists each member's growth phases.
    static let memberPhasesLimit = 1000
    /// The most entries of δ the growth phases may read (about 10 s of products here).
    static let growthPhasesLimit = 25_000_000_000

    /// The surviving members at the end.
    func survivors(_ s: Solution) -> [Int] { Community.survivors(of: s.finalState) }

    func summaryJSON(_ p: CommunityProblem, _ s: Solution) -> JSONValue {
        let st = s.statistics
        var pairs: [(String, JSONValue)] = [
            ("model", "community"), ("n", .integer(s.dimension)), ("method", .string(p.method.name)),
            ("status", .string(s.status.rawValue)), ("final_time", .number(s.finalTime)),
            ("final_state", .numbers(s.finalState)), ("survivors", .integer(survivors(s).count)),
            ("surviving_members", .array(survivors(s).map { .integer($0) })),
            ("statistics", .object([("steps", .integer(st.steps)), ("rejected_steps", .integer(st.rejectedSteps)),
                                    ("rhs_evaluations", .integer(st.rhsEvaluations)), ("jacobian_products", .integer(st.jacobianProducts)),
                                    ("clamped_values", .integer(st.clampedValues))])),
            ("saved_states", .integer(s.times.count)),
        ]
        if !s.phases.isEmpty {
            // The automatic choice: which method ran from when (every switch).
            pairs.append(("phases", .array(s.phases.map { .object([("method", .string($0.method)), ("start", .number($0.start))]) })))
        }
        if p.watch != nil || !p.events.isEmpty {
            // Each event: kind ("extinction", "level" or "scheduled"), time, member (null: the total),
            // level (for a scheduled event the member's new value), direction, state.
            pairs.append(("events", .array(s.events.map { e in
                .object([("kind", .string(e.kind.rawValue)), ("time", .number(e.time)), ("member", e.member.map { .integer($0) } ?? .null),
                         ("level", .number(e.level)), ("direction", .string(e.direction.rawValue)), ("state", .numbers(e.state))])
            })))
            pairs.append(("extinction_times", .array(s.events.filter { $0.kind == .extinction }.map { .number($0.time) })))
        }
        // Growth phases take 7 field evaluations per saved state: beyond growthPhasesLimit entries
        // read in all, more than the run itself for a large dense community (n = 20 000, 201
        // saves: 500 s), they are left out and the summary says why.
        let phaseCost = CheckedCount.product(7, s.times.count, p.community.interactions.storedEntries) ?? .max
        if p.method.noise == nil, s.times.count >= 3, phaseCost > Self.growthPhasesLimit {
            pairs.append(("growth_phases", .object([("skipped", .string(
                "7 field evaluations for each of \(s.times.count) saved states read \(phaseCost) entries of δ, more than \(Self.growthPhasesLimit); save fewer states (saves) to have them")), ])))
        } else if p.method.noise == nil, s.times.count >= 3 {
            // Each member's and the total's curve: inflection times, d³X/dt³ = 0 times, phases.
            let phases = p.growthPhases(of: s)
            func curve(_ g: GrowthPhases) -> JSONValue {
                .object([("inflection_times", .numbers(g.inflectionTimes)), ("acceleration_bounds", .numbers(g.accelerationBounds)),
                         ("phases", .array(g.phases.map { .object([("phase", .string($0.name)), ("start", .number($0.start)), ("end", .number($0.end))]) })),
                         ("phase_at_end", .string(g.phaseAtEnd))])
            }
            // Each member's for up to memberPhasesLimit members (a large community's would swamp the file).
            let members: [(String, JSONValue)] = phases.members.count <= Self.memberPhasesLimit ? [("members", .array(phases.members.map(curve)))] : []
            pairs.append(("growth_phases", .object(members + [("total", curve(phases.total))])))
        }
        if let message = s.message { pairs.append(("message", .string(message))) }
        return .object(pairs)
    }

    /// One line per member (the 12 largest at the end when there are more).
    func trajectoryPlot(_ s: Solution) -> SVGLinePlot {
        let members = s.finalState.indices.sorted { s.finalState[$0] > s.finalState[$1] }.prefix(12).sorted()
        let title = s.dimension > 12 ? "Trajectories (12 largest of \(s.dimension) members)" : "Trajectories"
        var plot = SVGLinePlot(title: title, xLabel: "t", yLabel: "X")
        for i in members {
            plot.add(.init(name: "member \(i)", x: s.times, y: s.times.indices.map { s.states[$0 * s.dimension + i] }))
        }
        return plot
    }
}
