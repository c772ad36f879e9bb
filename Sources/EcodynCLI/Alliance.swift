import ArgumentParser
import Ecodyn

/// `ecodyn alliance SPEC`: profit distribution in a platform alliance.
struct Alliance: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Alliance profit distribution: Stackelberg, revenue sharing, Raiffa, Shapley.")

    @OptionGroup var options: SpecOptions

    func run() throws {
        let (_, kind) = try options.load()
        try reportingErrors(in: options.spec) { throw unsupported(kind, by: "alliance", handled: []) }
    }
}
