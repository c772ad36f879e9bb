import ArgumentParser
import Ecodyn
import Foundation

/// `ecodyn analyze SPEC`: equilibria, eigenvalues and classification of a model.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stability analysis of a model: equilibria, eigenvalues, classification.")

    @OptionGroup var options: SpecOptions

    func run() throws {
        let (spec, kind) = try options.load()
        let analysis = try reportingErrors(in: options.spec) { () throws -> CommunityAnalysis in
            guard kind == .community else { throw unsupported(kind, by: "analyze", handled: [.community]) }
            try spec.allowOnly(Community.specTables)
            return try CommunityAnalysis(Community(spec: spec))
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
}
