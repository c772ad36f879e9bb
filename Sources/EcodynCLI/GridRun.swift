import Ecodyn
import EcodynMPI
import Foundation

/// `ecodyn run` for reaction–diffusion specs: fields as .npy, pictures, and a summary with the
/// pattern metrics and the linear analysis. Started by `mpirun` or `srun`, the processes cut the
/// grid among them (``GridSimulation/run(from:ranks:method:dt:steps:saveEvery:firstStep:threads:progress:)``)
/// and rank 0 writes the results.
enum GridRun {
    static func run(_ problem: GridProblem, spec: String, out: String, json: Bool) throws {
        let job = try reportingErrors(in: nil) { try MPIRanks.launched() }
        defer { job?.finish() }
        printsErrors = (job?.rank ?? 0) == 0
        let ranks = job.flatMap { $0.size > 1 ? $0 : nil }   // one process steps the whole grid, by any method
        if let ranks { try reportingErrors(in: spec) { try problem.checkCut(among: ranks.size, local: ranks.localSize) } }
        let progress = ProgressLine(unit: "steps", enabled: isatty(STDERR_FILENO) != 0 && (ranks?.rank ?? 0) == 0)
        let outcome = try reportingErrors(in: spec) {
            if let ranks { return try problem.solveWithPattern(ranks: ranks, threads: ranks.threads, progress: progress.update) }
            return try problem.solveWithPattern(progress: progress.update)
        }
        progress.finish()
        guard let (solution, metrics) = outcome else { return }   // a rank other than 0: rank 0 writes
        try write(problem, solution: solution, metrics: metrics, processes: ranks?.size ?? 1, spec: spec, out: out, json: json)
    }

    private static func write(_ problem: GridProblem, solution: GridSolution, metrics: PatternMetrics?, processes: Int,
                              spec: String, out: String, json: Bool) throws {
        let sim = problem.simulation, grid = sim.grid
        let shape = grid.numpyShape
        var pairs: [(String, JSONValue)] = [
            ("model", .string(sim.kinetics.name)), ("grid", .array(shape.map { .integer($0) })), ("method", .string(problem.method.rawValue)),
            ("status", .string(solution.status.rawValue)), ("steps", .integer(solution.statistics.steps)), ("time", .number(solution.time)),
            ("statistics", .object([("steps", .integer(solution.statistics.steps)), ("rejected_steps", .integer(solution.statistics.rejectedSteps)),
                                    ("rhs_evaluations", .integer(solution.statistics.rhsEvaluations))])),
            ("processes", .integer(processes)),
        ]
        if let step = solution.divergedAtStep { pairs.append(("diverged_at_step", .integer(step))) }
        if let metrics { pairs.append(("pattern", metrics.json)) }
        pairs.append(("analysis", try reportingErrors(in: spec) { try KineticsAnalysis(sim.kinetics, grid: grid).json() }))
        let summary = JSONValue.object(pairs)
        var files = ["u.npy", "v.npy"]
        try reportingErrors(in: spec) {
            let folder = try StagedFolder(out, option: "--out")
            try folder.write(NPYArray(shape: shape, values: solution.state.u).npyData(), as: "u.npy")
            try folder.write(NPYArray(shape: shape, values: solution.state.v).npyData(), as: "v.npy")
            if !solution.frames.isEmpty {
                try folder.write(NPYArray(shape: [solution.frames.count] + shape, values: solution.frames.flatMap(\.state.u)).npyData(), as: "frames_u.npy")
                try folder.write(NPYArray(shape: [solution.frames.count] + shape, values: solution.frames.flatMap(\.state.v)).npyData(), as: "frames_v.npy")
                try folder.write(NPYArray(shape: [solution.frames.count], values: solution.frames.map(\.time)).npyData(), as: "frame_times.npy")
                files += ["frames_u.npy", "frames_v.npy", "frame_times.npy"]
            }
            if grid.dimensions == 1 {
                let x = (0..<grid.nx).map { (Double($0) + 0.5) * grid.spacing }
                var plot = SVGLinePlot(title: "\(sim.kinetics.name) at t = \(solution.time)", xLabel: "x", yLabel: "concentration")
                plot.add(.init(name: "u", x: x, y: solution.state.u))
                plot.add(.init(name: "v", x: x, y: solution.state.v))
                try folder.write(plot.svg(), as: "profile.svg")
                files.append("profile.svg")
            } else {
                let time = String(format: "%g", solution.time)
                try folder.write(FieldPicture.render(solution.state.u, grid: grid, title: "u at t = \(time)").pngData(), as: "u.png")
                try folder.write(FieldPicture.render(solution.state.v, grid: grid, title: "v at t = \(time)").pngData(), as: "v.png")
                files += ["u.png", "v.png"]
            }
            try folder.write(summary.serialized() + "\n", as: "summary.json")
            files.append("summary.json")
            try folder.commit(replacing: ["frames_u.npy", "frames_v.npy", "frame_times.npy", "profile.svg", "u.png", "v.png"])
        }
        if json {
            emit(summary.serialized())
        } else {
            emit("\(solution.status.rawValue) after \(solution.statistics.steps) steps (t = \(solution.time))\(solution.divergedAtStep.map { ": fields became non-finite at step \($0)" } ?? "")")
            if let metrics {
                emit(String(format: "pattern: %@, dominant k = %.4g, variance of u = %.4g", metrics.regime.rawValue, metrics.dominantWavenumber, metrics.varianceU))
            }
            emit("wrote \(files.map { "\(out)/\($0)" }.joined(separator: ", "))")
        }
    }
}
