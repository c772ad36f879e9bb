import ArgumentParser
import Ecodyn

/// The root command: `ecodyn <subcommand>`.
public struct EcodynCommand: ParsableCommand {
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "ecodyn",
            abstract: "Stability analysis, fast integration and parameter sweeps of business-ecosystem models.",
            discussion: "Each subcommand but 'bench' reads a TOML spec file; see docs/spec.md.",
            version: EcodynVersion.report,
            subcommands: [Run.self, Analyze.self, Sweep.self, Merge.self, Export.self, Render.self, Slurm.self, Alliance.self, Bench.self])
    }

    public init() {}
}

/// Options shared by the commands that read a spec file.
struct SpecOptions: ParsableArguments {
    @Argument(help: "The TOML spec file.")
    var spec: String

    @Flag(help: "Print machine-readable JSON instead of a table.")
    var json = false

    /// Loads the spec and its model kind, exiting with status 2 and one line on error.
    func load() throws -> (SpecTable, ModelKind) {
        try reportingErrors(in: spec) {
            let table = try SpecTable.load(spec)
            return (table, try ModelKind.of(table))
        }
    }
}
