import ArgumentParser
import Ecodyn
import EcodynBenchmarks
import Foundation

/// `ecodyn bench [W1 W5 …] [--json]`: the canonical workloads of shared/peers.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the canonical benchmark workloads (build with -c release).",
        discussion: "Workloads: \(Workloads.all.map { "\($0.id) (\($0.name))" }.joined(separator: ", ")). `make bench` compares them with the peers.")

    @Argument(help: "Workloads to run (default: all).")
    var workloads: [String] = []

    @Option(help: "Runs per workload; the best time is reported.")
    var repeats = 3

    @Flag(help: "Print one JSON line per result, in the peers' schema.")
    var json = false

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
        if case .failure(let error) = Workloads.select(workloads) { throw ValidationError(error.description) }
    }

    func run() throws {
        let chosen = try Workloads.select(workloads).get()
        for workload in chosen {
            for record in try workload.run(repeats: repeats) {
                if json {
                    emit(record.json.serialized())
                } else {
                    let figures = record.figures.map { "\($0.0) \($0.1.serialized())" }.joined(separator: "  ")
                    emit("\(record.workload)  \(record.impl)  \(String(format: "%.4f", record.seconds)) s  \(figures)  checksum \(record.checksum.serialized())")
                }
            }
        }
    }
}
