import ArgumentParser
import Ecodyn

/// `ecodyn analyze SPEC`: equilibria, eigenvalues and classification of a model.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stability analysis of a model: equilibria, eigenvalues, classification.")

    @OptionGroup var options: SpecOptions

    func run() throws {
        let (_, kind) = try options.load()
        try reportingErrors(in: options.spec) { throw unsupported(kind, by: "analyze", handled: []) }
    }
}
