import CEcodyn
import EcodynCore

@c(ecodyn_ensemble_integrate)
public func ensembleIntegrate(_ n: Int, _ members: Int, _ delta: UnsafePointer<Double>?, _ deltaLayout: Int32,
                              _ r: UnsafePointer<Double>?, _ mu: UnsafePointer<Double>?, _ K: UnsafePointer<Double>?,
                              _ x0: UnsafePointer<Double>?, _ layout: Int32, _ tEnd: Double,
                              _ options: UnsafePointer<ecodyn_integrate_options>?, _ finalState: UnsafeMutablePointer<Double>?,
                              _ timeAverage: UnsafeMutablePointer<Double>?, _ survivors: UnsafeMutablePointer<Int32>?,
                              _ status: UnsafeMutablePointer<Int32>?, _ info: UnsafeMutablePointer<ecodyn_ensemble_info>?) -> Int32 {
    abiCall {
        let n = try ABIInput.count(n, "n", minimum: 1), b = try ABIInput.count(members, "members", minimum: 1)
        let d = try ABIInput.matrix(delta, rows: n, columns: n, layout: deltaLayout, "delta")
        let (rm, mum, km) = (try ABIInput.matrix(r, rows: n, columns: b, layout: layout, "r"),
                             try ABIInput.matrix(mu, rows: n, columns: b, layout: layout, "mu"),
                             try ABIInput.matrix(K, rows: n, columns: b, layout: layout, "K"))
        let initial = try ABIInput.matrix(x0, rows: n, columns: b, layout: layout, "x0")
        guard tEnd > 0, tEnd.isFinite else { throw ABIError.argument("t_end", "must be finite and > 0, got \(tEnd)") }
        let settings = try RunSettings(options, span: tEnd, dimension: n)
        let threads = try ABIInput.threads(options?.pointee.threads ?? 0)
        let problem = try CommunityEnsembleProblem(ensemble: try CommunityEnsemble(delta: d, r: rm, mu: mum, K: km),
                                                   initialStates: initial, tEnd: tEnd, method: settings.method)
        let result = problem.solve(threads: threads)
        if let finalState { write(result.finalState, layout: layout, into: finalState) }
        if let timeAverage { write(result.timeAverage, layout: layout, into: timeAverage) }
        for k in 0..<b {
            survivors?[k] = Int32(result.survivors[k])
            status?[k] = result.status[k].code
        }
        info?.pointee = ecodyn_ensemble_info(steps: Int64(result.statistics.steps), evaluations: Int64(result.statistics.rhsEvaluations),
                                             diverged: Int64(result.status.filter { $0 == .diverged }.count))
    }
}
