import ArgumentParser
import Ecodyn
import Foundation

/// `ecodyn analyze SPEC`: equilibria, eigenvalues and classification of a model.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stability analysis of a model: equilibria, eigenvalues, classification.")

    @OptionGroup var options: SpecOptions

    func run() throws {
        let (spec, kind) = try options.load()
        if [.brusselator, .grayScott, .schnakenberg].contains(kind) {
            let json = try reportingErrors(in: options.spec) { () throws -> JSONValue in
                try spec.allowOnly(["model", "grid", "initial", "integrate", "sweep"])
                if spec.contains("sweep") { _ = try SweepPlan(spec: spec) }
                let point = spec.removing("sweep")
                let kinetics = try GridProblem.kinetics(point)
                var grid: Grid?
                if point.contains("grid") {
                    grid = point.contains("integrate") ? try GridProblem(spec: point, checkingStep: false).simulation.grid : try GridProblem.grid(point)
                }
                return try KineticsAnalysis(kinetics, grid: grid).json()
            }
            emit(options.json ? json.serialized() : text(json))
            return
        }
        let analysis = try reportingErrors(in: options.spec) { () throws -> CommunityAnalysis in
            guard kind == .community else { throw unsupported(kind, by: "analyze", handled: [.community, .brusselator, .grayScott, .schnakenberg]) }
            try spec.allowOnly(Community.specTables + ["sweep"])
            if spec.contains("sweep") { _ = try SweepPlan(spec: spec) }
            let point = spec.removing("sweep")
            if ["initial", "integrate", "noise"].contains(where: point.contains) { _ = try CommunityProblem(spec: point) }
            return try CommunityAnalysis(spec: point)
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
