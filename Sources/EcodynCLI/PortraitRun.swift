import Ecodyn
import Foundation

/// `ecodyn run` for a kinetics spec without `[grid]`: the well-mixed ODE from several starts,
/// its trajectories as .npy, the phase portrait as SVG, and a summary with the linear analysis.
enum PortraitRun {
    static func run(_ portrait: PhasePortrait, spec: String, out: String, json: Bool) throws {
        let solutions = portrait.solve()
        let trajectories: [JSONValue] = zip(portrait.starts, solutions).map { start, s in
            .object([("start", .numbers(start)), ("status", .string(s.status.rawValue)), ("final_state", .numbers(s.finalState)),
                     ("final_time", .number(s.finalTime)), ("amplitude_u", .number(PhasePortrait.amplitude(of: s))),
                     ("steps", .integer(s.statistics.steps))])
        }
        let summary = JSONValue.object([
            ("model", .string(portrait.kinetics.name)), ("t_end", .number(portrait.tEnd)),
            ("analysis", try reportingErrors(in: spec) { try KineticsAnalysis(portrait.kinetics, grid: nil).json() }),
            ("trajectories", .array(trajectories)),
        ])
        try reportingErrors(in: spec) {
            let folder = try StagedFolder(out, option: "--out")
            let saved = solutions.map(\.times.count).min() ?? 0
            try folder.write(NPYArray(shape: [solutions.count, saved, 2], values: solutions.flatMap { $0.states.prefix(2 * saved) }).npyData(),
                             as: "trajectories.npy")
            try folder.write(NPYArray(shape: [saved], values: Array((solutions.first?.times ?? []).prefix(saved))).npyData(), as: "times.npy")
            try folder.write(portrait.plot(solutions).svg(), as: "phase.svg")
            try folder.write(summary.serialized() + "\n", as: "summary.json")
            try folder.commit()
        }
        if json {
            emit(summary.serialized())
        } else {
            let (u, v) = (portrait.kinetics.homogeneousState.u, portrait.kinetics.homogeneousState.v)
            emit(String(format: "%@, well mixed: steady state (%.6g, %.6g); %d trajectories to t = %g", portrait.kinetics.name, u, v, solutions.count, portrait.tEnd))
            for (start, s) in zip(portrait.starts, solutions) {
                emit(String(format: "  from (%.4g, %.4g): %@ at (%.6g, %.6g), amplitude of u over the last quarter %.4g",
                            start[0], start[1], s.status.rawValue, s.finalState[0], s.finalState[1], PhasePortrait.amplitude(of: s)))
            }
            emit("wrote \(out)/trajectories.npy, times.npy, phase.svg, summary.json")
        }
    }
}
