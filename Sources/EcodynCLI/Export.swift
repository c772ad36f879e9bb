import ArgumentParser
import Ecodyn

/// `ecodyn export results.sqlite --csv out.csv`.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Export a sweep's points as CSV.")

    @Argument(help: "The results file.")
    var results: String

    @Option(help: "The CSV file to write.")
    var csv: String

    func run() throws {
        let rows = try reportingErrors(in: results) { try SweepFiles.exportCSV(results, to: csv) }
        emit("wrote \(rows) points → \(csv)")
    }
}
