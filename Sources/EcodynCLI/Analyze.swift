import ArgumentParser
import Ecodyn
import Foundation

/// `ecodyn analyze SPEC`: equilibria, eigenvalues and classification of a model.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stability analysis of a model: equilibria, eigenvalues, classification.")

    @OptionGroup var options: SpecOptions
    @OptionGroup var point: PointOption

    func run() throws {
        let (file, kind) = try options.load()
        let (spec, chosen) = try point.resolve(file, file: options.spec, describe: !options.json)
        if case .kinetics = kind {
            let json = try reportingErrors(in: options.spec) { () throws -> JSONValue in
                try spec.allowOnly(["model", "grid", "initial", "integrate"])
                var kinetics = try GridProblem.kinetics(spec)
                var grid: Grid?
                if spec.contains("grid") {
                    grid = spec.contains("integrate") ? try GridProblem(spec: spec, checkingStep: false).simulation.grid : try GridProblem.grid(spec)
                }
                switch chosen {
                case .kinetics(let k)?: kinetics = k
                case .grid(let problem)?: (kinetics, grid) = (problem.simulation.kinetics, problem.simulation.grid)
                default: break
                }
                let analysis = KineticsAnalysis(kinetics, grid: grid)
                try spec.keyed(["parameters": "model"]) { () throws(ParameterError) in try analysis.checkFinite() }
                return try analysis.json()
            }
            emit(options.json ? json.serialized() : text(json))
            return
        }
        let analysis = try reportingErrors(in: options.spec) { () throws -> CommunityAnalysis in
            guard kind == .community else { throw unsupported(kind, by: "analyze", handled: [.community] + KineticsRegistry.all.map { .kinetics($0) }) }
            try spec.allowOnly(CommunityEnsembleProblem.specTables)
            if spec.contains("ensemble") { _ = try CommunityEnsembleProblem(spec: spec) }
            if ["initial", "integrate", "noise"].contains(where: spec.contains) { _ = try CommunityProblem(spec: spec.removing("ensemble")) }
            if case .community(let community, _)? = chosen { return try CommunityAnalysis(community, spec: spec) }
            return try CommunityAnalysis(spec: spec)
        }
        if options.json { emit(analysis.json.serialized()); return }
        let s = analysis.stability
        let shown = analysis.equilibrium.state.prefix(12).map { String(format: "%.6g", $0) }.joined(separator: ", ")
        emit("equilibrium:    [\(shown)\(analysis.equilibrium.state.count > 12 ? ", …" : "")]")
        emit("feasible:       \(analysis.equilibrium.feasible ? "yes (all X* > 0)" : "no (some X* ≤ 0)")")
        emit("classification: \(s.classification.rawValue)")
        emit(String(format: "max Re λ:       %.6g", s.maxReal))
        emit(String(format: "resilience:     %.6g", s.resilience))
        emit(String(format: "reactivity:     %.6g", s.reactivity))
        let leading = s.eigenvalues.sorted { $0.real > $1.real }.prefix(6)
        emit("leading eigenvalues: " + leading.map { String(format: "%.6g%+.6gi", $0.real, $0.imaginary) }.joined(separator: ", "))
    }

    /// One line per key of a JSON object, for people.
    func text(_ json: JSONValue) -> String {
        guard case .object(let pairs) = json else { return json.serialized() }
        return pairs.map { key, value in
            let shown: String
            if case .string(let s) = value { shown = s } else { shown = value.serialized() }
            return "\(key.replacingOccurrences(of: "_", with: " ")): \(shown)"
        }.joined(separator: "\n")
    }
}
