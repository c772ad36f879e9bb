import ArgumentParser
import Ecodyn
import Foundation

/// `ecodyn alliance SPEC [--json] [--out DIR]`: profit distribution in a platform alliance.
struct Alliance: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Alliance profit distribution: Stackelberg, revenue sharing, Raiffa, Shapley.",
        discussion: "With --out, also writes report.json and profits.svg (profits against λ) into that folder.")

    @OptionGroup var options: SpecOptions

    @Option(help: "A folder for report.json and the plot profits.svg.")
    var out: String?

    func run() throws {
        let (spec, kind) = try options.load()
        if let out { try reportingErrors(in: options.spec) { try OutputPath.checkFolder(out, option: "--out", example: "alliance") } }
        let (market, report) = try reportingErrors(in: options.spec) { () throws -> (AllianceMarket, AllianceStudy.Report) in
            guard kind == .alliance else { throw unsupported(kind, by: "alliance", handled: [.alliance]) }
            let study = try AllianceStudy(spec: spec)
            return (study.market, try study.run(keyedBy: spec))
        }
        if let out {
            try reportingErrors(in: options.spec) {
                let folder = try StagedFolder(out, option: "--out")
                try folder.write(profitPlot(market, report).svg(), as: "profits.svg")
                try folder.write(report.json.serialized() + "\n", as: "report.json")
                try folder.commit()
            }
        }
        if options.json {
            emit(report.json.serialized())
        } else {
            emit(table(report))
            if let out { emit("wrote \(out)/report.json and \(out)/profits.svg") }
        }
    }

    /// The human-readable report: aligned tables.
    func table(_ r: AllianceStudy.Report) -> String {
        let d = r.decentralized, c = r.centralized
        var lines = [String]()
        lines.append("Decentralised (Stackelberg): p = \(fmt(d.p))  w = \(fmt(d.w))  s = \(fmt(d.s))  π₁ = \(fmt(d.platformProfit))  π₂ = \(fmt(d.manufacturerProfit))  total = \(fmt(d.total))")
        lines.append("Centralised:                 p = \(fmt(c.p))  s = \(fmt(c.s))  profit = \(fmt(c.profit))")
        let ranges = r.lambdaRanges.map { "[\(String(format: "%.10f", $0.lowerBound)), \(String(format: "%.10f", $0.upperBound))]" }
        lines.append("Feasible sharing range λ:    \(ranges.isEmpty ? "none (no λ improves both members)" : ranges.joined(separator: " ∪ "))")
        lines.append("")
        var rows = [["λ", "p", "w", "s", "π₁", "π₂", "total", "feasible"]]
        for o in r.sharing {
            rows.append([fmt(o.lambda), fmt(o.p), fmt(o.w), fmt(o.s), fmt(o.platformProfit), fmt(o.manufacturerProfit),
                         fmt(o.total), r.lambdaRanges.contains { $0.contains(o.lambda) } ? "yes" : "no"])
        }
        lines += aligned(rows)
        if !r.vertical.isEmpty {
            lines.append("")
            lines.append("Vertical alliance: V(N) = π₁(λ) shared among the members (\(r.vertical[0].improved == nil ? "Raiffa" : "improved Raiffa"))")
            var v = [["λ", "V(N)"] + r.members]
            for row in r.vertical { v.append([fmt(row.lambda), fmt(row.value)] + row.shares.map(fmt)) }
            lines += aligned(v)
        }
        if let shapley = r.shapley {
            lines.append("")
            lines.append("Shapley value: " + shapley.enumerated().map { i, x in "\(i < r.members.count ? r.members[i] : "member \(i + 1)") \(fmt(x))" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    func fmt(_ x: Double) -> String { String(format: "%.2f", x) }

    func aligned(_ rows: [[String]]) -> [String] {
        let widths = (0..<rows[0].count).map { j in rows.map { $0[j].count }.max()! }
        return rows.map { row in row.enumerated().map { j, cell in String(repeating: " ", count: widths[j] - cell.count) + cell }.joined(separator: "  ") }
    }

    /// π₁, π₂ and their total against λ over the contract's valid range, with the decentralised
    /// profits as dashed references and the feasible range shaded.
    func profitPlot(_ market: AllianceMarket, _ r: AllianceStudy.Report) -> SVGLinePlot {
        let outcomes = (1...400).compactMap { try? market.sharing(lambda: Double($0) / 400) }
        let lambdas = outcomes.map(\.lambda)
        var plot = SVGLinePlot(title: "Alliance profits under revenue sharing", xLabel: "λ (platform's share of revenue)", yLabel: "profit")
        plot.add(.init(name: "platform π₁(λ)", x: lambdas, y: outcomes.map(\.platformProfit)))
        plot.add(.init(name: "manufacturer π₂(λ)", x: lambdas, y: outcomes.map(\.manufacturerProfit)))
        plot.add(.init(name: "total", x: lambdas, y: outcomes.map(\.total)))
        let ends = [lambdas.first ?? 0, lambdas.last ?? 1]
        plot.add(.init(name: "π₁* decentralised", x: ends, y: [r.decentralized.platformProfit, r.decentralized.platformProfit], dashed: true))
        plot.add(.init(name: "π₂* decentralised", x: ends, y: [r.decentralized.manufacturerProfit, r.decentralized.manufacturerProfit], dashed: true))
        plot.add(.init(name: "centralised", x: ends, y: [r.centralized.profit, r.centralized.profit], dashed: true))
        if let range = r.lambdaRanges.first { plot.band = (range, "feasible λ") }
        return plot
    }
}
