import Ecodyn
import Foundation

/// `ecodyn run` for reaction–diffusion specs: fields as .npy, pictures, and a summary with the
/// pattern metrics and the linear analysis.
enum GridRun {
    static func run(_ problem: GridProblem, out: String, json: Bool) throws {
        let sim = problem.simulation, grid = sim.grid
        let progress = ProgressLine(unit: "steps", enabled: isatty(STDERR_FILENO) != 0)
        let (solution, metrics) = try problem.solveWithPattern(progress: progress.update)
        progress.finish()
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let shape = grid.numpyShape
        try NPYArray(shape: shape, values: solution.state.u).write(to: folder.appendingPathComponent("u.npy"))
        try NPYArray(shape: shape, values: solution.state.v).write(to: folder.appendingPathComponent("v.npy"))
        if !solution.frames.isEmpty {
            try NPYArray(shape: [solution.frames.count] + shape, values: solution.frames.flatMap(\.state.u)).write(to: folder.appendingPathComponent("frames_u.npy"))
            try NPYArray(shape: [solution.frames.count] + shape, values: solution.frames.flatMap(\.state.v)).write(to: folder.appendingPathComponent("frames_v.npy"))
            try NPYArray(shape: [solution.frames.count], values: solution.frames.map(\.time)).write(to: folder.appendingPathComponent("frame_times.npy"))
        }
        var files = ["u.npy", "v.npy"]
        if grid.dimensions == 1 {
            let x = (0..<grid.nx).map { (Double($0) + 0.5) * grid.spacing }
            var plot = SVGLinePlot(title: "\(sim.kinetics.name) at t = \(solution.time)", xLabel: "x", yLabel: "concentration")
            plot.add(.init(name: "u", x: x, y: solution.state.u))
            plot.add(.init(name: "v", x: x, y: solution.state.v))
            try plot.svg().write(to: folder.appendingPathComponent("profile.svg"), atomically: true, encoding: .utf8)
            files.append("profile.svg")
        } else {
            try FieldPicture.render(solution.state.u, grid: grid, title: "u at t = \(String(format: "%g", solution.time))").write(to: folder.appendingPathComponent("u.png"))
            try FieldPicture.render(solution.state.v, grid: grid, title: "v at t = \(String(format: "%g", solution.time))").write(to: folder.appendingPathComponent("v.png"))
            files += ["u.png", "v.png"]
        }
        var pairs: [(String, JSONValue)] = [
            ("model", .string(sim.kinetics.name)), ("grid", .array(shape.map { .integer($0) })), ("method", .string(problem.method.rawValue)),
            ("status", .string(solution.status.rawValue)), ("steps", .integer(solution.steps)), ("time", .number(solution.time)),
        ]
        if let step = solution.divergedAtStep { pairs.append(("diverged_at_step", .integer(step))) }
        if let metrics { pairs.append(("pattern", metrics.json)) }
        pairs.append(("analysis", try KineticsAnalysis(sim.kinetics, grid: grid).json()))
        let summary = JSONValue.object(pairs)
        try (summary.serialized() + "\n").write(to: folder.appendingPathComponent("summary.json"), atomically: true, encoding: .utf8)
        files.append("summary.json")
        if json {
            emit(summary.serialized())
        } else {
            emit("\(solution.status.rawValue) after \(solution.steps) steps (t = \(solution.time))\(solution.divergedAtStep.map { ": fields became non-finite at step \($0)" } ?? "")")
            if let metrics {
                emit(String(format: "pattern: %@, dominant k = %.4g, variance of u = %.4g", metrics.regime.rawValue, metrics.dominantWavenumber, metrics.varianceU))
            }
            emit("wrote \(files.map { "\(out)/\($0)" }.joined(separator: ", "))")
        }
    }
}
