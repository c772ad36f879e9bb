import ArgumentParser
import Ecodyn

/// `ecodyn sweep SPEC --out results.sqlite`: a parameter space across all cores.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Sweep a parameter space across all cores into a results file.")

    @OptionGroup var options: SpecOptions

    @Option(help: "The results file.")
    var out = "results.sqlite"

    func run() throws {
        let (_, kind) = try options.load()
        try reportingErrors(in: options.spec) { throw unsupported(kind, by: "sweep", handled: []) }
    }
}
