import ArgumentParser
import Ecodyn
import Foundation

/// `ecodyn analyze SPEC`: equilibria, eigenvalues and classification of a model.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stability analysis of a model: equilibria, eigenvalues, classification.")

    @OptionGroup var options: SpecOptions

    func run() throws {
        let (spec, kind) = try options.load()
        if kind == .brusselator {
            let model = try reportingErrors(in: options.spec) { () throws -> Brusselator in
                try spec.allowOnly(["model", "grid", "initial", "integrate", "output", "sweep"])
                return try Brusselator(spec: spec)
            }
            emit(options.json ? model.analysisJSON.serialized() : brusselatorText(model))
            return
        }
        let analysis = try reportingErrors(in: options.spec) { () throws -> CommunityAnalysis in
            guard kind == .community else { throw unsupported(kind, by: "analyze", handled: [.community, .brusselator]) }
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

    func brusselatorText(_ m: Brusselator) -> String {
        let (l1, l2, im) = m.eigenvalues
        let lambda = im > 0 ? String(format: "%.6g ± %.6gi", l1, im) : String(format: "%.6g, %.6g", l1, l2)
        var lines = [String(format: "steady state:   (x, y) = (%.6g, %.6g)", m.steadyState.x, m.steadyState.y),
                     "eigenvalues:    \(lambda)",
                     "classification: \(m.classification.rawValue)",
                     String(format: "Hopf point:     b_H = 1 + a² = %.6g (frequency %.6g)", m.hopfB, m.a)]
        if m.m2 > 0 {
            lines.append(String(format: "Turing point:   b_T = (1 + a√(m₁/m₂))² = %.6g, k_c = %.6g", m.turingB, m.criticalWavenumber))
            lines.append("Turing unstable: \(m.turingUnstable ? "yes (b > b_T while stable without diffusion)" : "no")")
        }
        return lines.joined(separator: "\n")
    }
}
