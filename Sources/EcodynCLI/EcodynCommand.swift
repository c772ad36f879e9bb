import ArgumentParser
import Ecodyn
import EcodynMPI
import Foundation

/// The root command: `ecodyn <subcommand>`.
public struct EcodynCommand: ParsableCommand {
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "ecodyn",
            abstract: "Stability analysis, fast integration and parameter sweeps of business-ecosystem models.",
            discussion: "Each subcommand but 'bench' reads a TOML spec file; see docs/spec.md.",
            version: EcodynVersion.report,
            subcommands: [Run.self, Analyze.self, Continue.self, Sweep.self, Merge.self, Export.self, Render.self, Slurm.self, Alliance.self, Bench.self])
    }

    public init() {}

    /// The tool's entry point: parses the command line, runs the command, and turns whatever
    /// escapes it into one line on standard error and the documented exit status, so that no
    /// error prints more than a line. Interrupts remove partial files (``Interruption``).
    public static func runAsTool() -> Never {
        Interruption.install()
        CrashReport.install()
        var command: ParsableCommand
        do { command = try parseAsRoot() } catch { exit(withError: error) }
        if !(command is Run) { refuseLaunchedCopies() }
        do {
            try command.run()
            Foundation.exit(0)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch let error as FileError {
            fail(error.description, status: 1)
        } catch let error as OutputPathError {
            fail(error.description, status: 2)
        } catch where String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            exit(withError: error)   // help, --version, usage: ArgumentParser prints them
        } catch {
            fail(oneLine(error), status: 1)
        }
    }
}

/// Exits with status 2 when mpirun or srun started several copies of a command that does not
/// share its work among them: each would do all of it, into the same files. Only `run` of a
/// reaction–diffusion grid is cut among ranks.
func refuseLaunchedCopies() {
    let copies = MPIRanks.launchedCopies()
    guard copies > 1 else { return }
    printsErrors = MPIRanks.launchedRank() == 0
    fail("mpirun or srun started \(copies) copies of this command, and each would do all of its work: run it as one process (a sweep spans machines with ecodyn slurm); only ecodyn run of a reaction–diffusion grid is cut among ranks", status: 2)
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

/// `--point K` of the commands that work on one point of a sweep spec (`run`, `analyze`).
struct PointOption: ParsableArguments {
    @Option(help: "For a sweep spec: the point to use (0-based index; default the first).")
    var point: Int?

    /// The spec without `[sweep]` and, when it has one (checked whole), the problem of the chosen
    /// point; with `describe`, says which point on standard output.
    func resolve(_ spec: SpecTable, file: String, describe: Bool) throws -> (spec: SpecTable, point: SweepPointProblem?) {
        try reportingErrors(in: file) { () throws -> (SpecTable, SweepPointProblem?) in
            guard spec.contains("sweep") else {
                if point != nil { throw SpecError(key: "", "--point needs a spec with a [sweep] table") }
                return (spec, nil)
            }
            let plan = try SweepPlan(spec: spec)
            let index = point ?? 0
            guard index >= 0, index < plan.space.count else {
                throw SpecError(key: "sweep", "--point \(index) is not a point of the sweep: it has points 0 ..< \(plan.space.count)")
            }
            if describe { emit(plan.describe(index)) }
            return (spec.removing("sweep"), try plan.problem(at: index))
        }
    }
}
