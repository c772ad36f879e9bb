import Ecodyn
import Foundation

/// `ecodyn run` for a community spec with `[ensemble]`: per-member reductions as .npy, the
/// distribution of survivors as a picture, and a summary.
enum EnsembleRun {
    static func run(_ problem: CommunityEnsembleProblem, spec: String, out: String, json: Bool) throws {
        let result = problem.solve()
        let (n, members) = (problem.ensemble.n, problem.ensemble.members)
        let totals = (0..<members).map { b in (0..<n).reduce(0) { $0 + result.finalState[$1, b] } }
        var statuses = [String: Int]()
        for s in result.status { statuses[s.rawValue, default: 0] += 1 }
        let counts = (0...n).map { k in result.survivors.filter { $0 == k }.count }
        let mean = totals.reduce(0, +) / Double(members)
        let st = result.statistics
        let summary = JSONValue.object([
            ("model", "community"), ("n", .integer(n)), ("members", .integer(members)), ("method", .string(problem.method.name)),
            ("t_end", .number(problem.tEnd)),
            ("statuses", .object(statuses.sorted { $0.key < $1.key }.map { ($0.key, .integer($0.value)) })),
            ("survivors", .object([("mean", .number(Double(result.survivors.reduce(0, +)) / Double(members))),
                                   ("min", .integer(result.survivors.min()!)), ("max", .integer(result.survivors.max()!)),
                                   ("members_with", .array(counts.map { .integer($0) }))])),
            ("final_total", .object([("mean", .number(mean)), ("min", .number(totals.min()!)), ("max", .number(totals.max()!))])),
            ("statistics", .object([("steps", .integer(st.steps)), ("rejected_steps", .integer(st.rejectedSteps)),
                                    ("rhs_evaluations", .integer(st.rhsEvaluations)), ("clamped_values", .integer(st.clampedValues))])),
        ])
        var plot = SVGLinePlot(title: "Survivors at t = \(String(format: "%g", problem.tEnd)) across \(members) members",
                               xLabel: "surviving species", yLabel: "members")
        plot.add(.init(name: "members", x: (0...n).map(Double.init), y: counts.map(Double.init)))
        try reportingErrors(in: spec) {
            let folder = try StagedFolder(out, option: "--out")
            // Column b of an n×B matrix is member b: its elements are the members' rows, in order.
            try folder.write(NPYArray(shape: [members, n], values: result.finalState.elements).npyData(), as: "final_state.npy")
            try folder.write(NPYArray(shape: [members, n], values: result.timeAverage.elements).npyData(), as: "time_average.npy")
            try folder.write(NPYArray(shape: [members], values: result.survivors.map(Double.init)).npyData(), as: "survivors.npy")
            try folder.write(plot.svg(), as: "survivors.svg")
            try folder.write(summary.serialized() + "\n", as: "summary.json")
            try folder.commit()
        }
        if json {
            emit(summary.serialized())
        } else {
            emit("\(members) members of \(n) species to t = \(problem.tEnd) by \(problem.method.name): " +
                 statuses.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
            emit(String(format: "survivors: mean %.3g, from %d to %d; final total: mean %.6g", Double(result.survivors.reduce(0, +)) / Double(members),
                        result.survivors.min()!, result.survivors.max()!, mean))
            emit("wrote \(out)/final_state.npy, time_average.npy, survivors.npy, survivors.svg, summary.json")
        }
    }
}
