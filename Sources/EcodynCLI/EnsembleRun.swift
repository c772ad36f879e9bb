import Ecodyn
import Foundation

/// `ecodyn run` for a community spec with `[ensemble]`: per-member reductions as .npy, the
/// distribution of survivors as a picture, and a summary.
enum EnsembleRun {
    /// Ensembles up to this many saved numbers (members × species × samples) run member by member
    /// keeping their trajectories for the bands; larger ones run batched and report no bands.
    static let bandLimit = 1 << 24
    static let samples = 100

    static func run(_ problem: CommunityEnsembleProblem, spec: String, out: String, json: Bool) throws {
        let (n, members) = (problem.ensemble.n, problem.ensemble.members)
        let withBands = members * n * (Self.samples + 1) <= Self.bandLimit
        let (result, bands) = withBands ? problem.solveWithBands(samples: Self.samples) : (problem.solve(), nil)
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
            ("bands", bands.map(bandsJSON) ?? .string("none: \(members) members × \(n) species × \(Self.samples + 1) samples exceed \(Self.bandLimit) saved numbers")),
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
            if let bands {
                let picture = bandPlot(bands, members: members)
                try folder.write(picture.svg(), as: "bands.svg")
                try folder.write(picture.png().pngData(), as: "bands.png")
                if let histogram = extinctionPlot(bands) { try folder.write(histogram.svg(), as: "extinction_times.svg") }
            }
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
            emit("wrote \(out)/final_state.npy, time_average.npy, survivors.npy, survivors.svg, summary.json"
                 + (bands == nil ? "" : ", bands.svg, bands.png" + (extinctionPlot(bands!) == nil ? "" : ", extinction_times.svg")))
        }
    }

    /// `summary.json`'s bands: the sample times, the total's mean and quantiles, each species'
    /// median, and the first extinctions' count and quantiles.
    static func bandsJSON(_ b: EnsembleBands) -> JSONValue {
        let times = b.firstExtinction.compactMap { $0 }.sorted()
        func quantile(_ p: Double) -> JSONValue { times.isEmpty ? .null : .number(times[Int((p * Double(times.count - 1)).rounded())]) }
        return .object([("times", .numbers(b.times)),
                        ("total", .object([("mean", .numbers(b.total.mean)), ("q05", .numbers(b.total.q05)), ("q50", .numbers(b.total.q50)), ("q95", .numbers(b.total.q95))])),
                        ("species_median", .array(b.species.map { .numbers($0.q50) })),
                        ("first_extinction", .object([("members", .integer(times.count)), ("q05", quantile(0.05)), ("q50", quantile(0.5)), ("q95", quantile(0.95))]))])
    }

    /// The total's mean and its 5–95 % band over time, and each species' median (up to 12 species).
    static func bandPlot(_ b: EnsembleBands, members: Int) -> SVGLinePlot {
        var plot = SVGLinePlot(title: "The total across \(members) members: mean and 5 to 95 % band", xLabel: "t", yLabel: "abundance")
        plot.add(.init(name: "total, mean", x: b.times, y: b.total.mean, colour: 0))
        plot.add(.init(name: "total, 5 % and 95 %", x: b.times, y: b.total.q05, dashed: true, colour: 0))
        plot.add(.init(name: "total, 95 %", x: b.times, y: b.total.q95, dashed: true, colour: 0, inLegend: false))
        if b.species.count <= 12 {
            for (i, band) in b.species.enumerated() { plot.add(.init(name: "species \(i), median", x: b.times, y: band.q50, colour: i + 1)) }
        }
        return plot
    }

    /// How many members had their first extinction in each tenth of the run (nil: none had one).
    static func extinctionPlot(_ b: EnsembleBands) -> SVGLinePlot? {
        let times = b.firstExtinction.compactMap { $0 }
        guard !times.isEmpty, let end = b.times.last, end > 0 else { return nil }
        let bins = 10
        var counts = [Double](repeating: 0, count: bins)
        for t in times { counts[min(bins - 1, Int(Double(bins) * t / end))] += 1 }
        var plot = SVGLinePlot(title: "First extinction times of \(times.count) of \(b.firstExtinction.count) members", xLabel: "t", yLabel: "members")
        plot.add(.init(name: "members per tenth of the run", x: (0..<bins).map { end * (Double($0) + 0.5) / Double(bins) }, y: counts))
        return plot
    }
}
