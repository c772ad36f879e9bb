import ArgumentParser
import Ecodyn

/// `ecodyn run SPEC --out DIR`: integrate a model and write its trajectory and pictures.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Integrate a model and write its results into a folder.")

    @OptionGroup var options: SpecOptions

    @Option(help: "The folder for the results.")
    var out = "out"

    func run() throws {
        let (_, kind) = try options.load()
        try reportingErrors(in: options.spec) { throw unsupported(kind, by: "run", handled: []) }
    }
}
