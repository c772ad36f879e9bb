import CEcodyn
import EcodynABI
import Foundation
import Testing

/// libecodyn's calls from Swift, so that the sanitizers see their pointer handling: closed forms
/// through the C signatures, and bad input that must come back as a status, never a trap.
@Suite struct ABITests {
    func lastError() -> String { String(cString: ecodyn_last_error()) }

    /// The two-member community of MODELS.md §1 with δ = [[1, ½], [½, 1]], r = K = 1.
    func duo() -> OpaquePointer? {
        var handle: OpaquePointer?
        let ones = [1.0, 1.0], zeros = [0.0, 0.0], delta = [1, 0.5, 0.5, 1]
        #expect(communityNew(2, ones, zeros, ones, delta, ECODYN_ROW_MAJOR, &handle) == ECODYN_OK)
        return handle
    }

    @Test func analysisMatchesTheClosedForm() {
        let c = duo()
        defer { communityFree(c) }
        var x = [0.0, 0.0], re = [0.0, 0.0], im = [0.0, 0.0]
        var s = ecodyn_stability()
        #expect(communityAnalyze(c, &x, &re, &im, &s) == ECODYN_OK)
        // X* = 1/(1 + ½) each; J = −(2/3)δ has eigenvalues −1 and −1/3.
        #expect(x.allSatisfy { abs($0 - 2.0 / 3) < 1e-15 })
        #expect(abs(re.min()! + 1) < 1e-14 && abs(re.max()! + 1.0 / 3) < 1e-14)
        #expect(s.classification == ECODYN_STABLE_NODE && s.stable == 1 && s.feasible == 1)
        #expect(String(cString: className(s.classification)!) == "stable-node")
    }

    @Test func nullPointersAndImpossibleSizesAreStatuses() {
        var handle: OpaquePointer?
        #expect(communityNew(2, nil, nil, nil, nil, ECODYN_ROW_MAJOR, &handle) == ECODYN_ERROR_ARGUMENT)
        #expect(lastError() == "r: is NULL; pass 2 values")
        #expect(communityNew(Int.max, nil, nil, nil, nil, ECODYN_ROW_MAJOR, &handle) == ECODYN_ERROR_ARGUMENT)
        #expect(communityNew(-1, nil, nil, nil, nil, ECODYN_ROW_MAJOR, &handle) == ECODYN_ERROR_ARGUMENT)
        #expect(lastError().hasPrefix("n: must be from 1 to 2^40"))
        #expect(communityAnalyze(nil, nil, nil, nil, nil) == ECODYN_ERROR_ARGUMENT)
        #expect(handle == nil)
        let c = duo()
        defer { communityFree(c) }
        #expect(communityDelta(c, 9, nil) == ECODYN_ERROR_ARGUMENT)
        #expect(communityWith(c, "delta[2][0]", 1, &handle) == ECODYN_ERROR_ARGUMENT)
        #expect(lastError().contains("delta[2][0]"))
        var x = [0.0, 0.0]
        #expect(communityAnalyze(c, &x, nil, nil, nil) == ECODYN_OK)
        #expect(lastError() == "")   // a success clears the message
    }

    @Test func userFunctionThroughDormandPrinceMatchesTheLogisticClosedForm() {
        let logistic: ecodyn_rhs = { _, x, dx, context in
            let p = context!.assumingMemoryBound(to: Double.self)
            dx![0] = p[0] * x![0] * (1 - x![0] / p[1])
        }
        var p = [0.8, 5.0], x0 = [0.5], times = [2.0, 4.0]
        var options = ecodyn_integrate_options()
        integrateOptionsDefault(&options)
        options.rtol = 1e-11
        options.atol = 1e-13
        var run: OpaquePointer?
        let status = p.withUnsafeMutableBytes { integrateFunction(1, logistic, $0.baseAddress, &x0, 0, 4, &times, 2, &options, &run) }
        #expect(status == ECODYN_OK)
        defer { solutionFree(run) }
        var info = ecodyn_solution_info()
        #expect(solutionGetInfo(run, &info) == ECODYN_OK && info.saved == 3 && info.status == ECODYN_FINISHED)
        var t = [Double](repeating: 0, count: 3), y = t
        #expect(solutionCopy(run, &t, &y) == ECODYN_OK)
        for k in 1...2 {
            let exact = 5 / (1 + (5 / 0.5 - 1) * exp(-0.8 * t[k]))
            #expect(abs(y[k] - exact) < 1e-9 * exact)
        }
        #expect(String(cString: solutionMessage(run)!) == "")
    }

    @Test func automaticMethodReportsItsPhasesAndBDFRefusesASetStep() {
        // Rates 10⁴ and 1, δ = [[1, ½], [½, 1]], g = 0.9r, K = 1: the members settle at x = y = 0.6.
        var handle: OpaquePointer?
        let r = [1e4, 1.0], mu = [1e3, 0.1], ones = [1.0, 1.0], delta = [1, 0.5, 0.5, 1]
        #expect(communityNew(2, r, mu, ones, delta, ECODYN_ROW_MAJOR, &handle) == ECODYN_OK)
        defer { communityFree(handle) }
        var options = ecodyn_integrate_options()
        integrateOptionsDefault(&options)
        (options.method, options.rtol, options.atol) = (ECODYN_AUTO, 1e-8, 1e-12)
        var run: OpaquePointer?
        var x0 = [0.01, 0.01]
        #expect(communityIntegrate(handle, &x0, 0, 60, nil, 0, &options, &run) == ECODYN_OK)
        defer { solutionFree(run) }
        var count = 0
        #expect(solutionPhases(run, nil, nil, 0, &count) == ECODYN_OK && count == 2)
        var methods = [Int32](repeating: -1, count: 2), starts = [0.0, 0.0]
        #expect(solutionPhases(run, &methods, &starts, 2, &count) == ECODYN_OK)
        #expect(methods == [ECODYN_DOPRI5, ECODYN_BDF] && starts[0] == 0 && starts[1] > 0)
        var info = ecodyn_solution_info()
        #expect(solutionGetInfo(run, &info) == ECODYN_OK && info.status == ECODYN_FINISHED)
        var t = [Double](repeating: 0, count: info.saved), y = [Double](repeating: 0, count: 2 * info.saved)
        #expect(solutionCopy(run, &t, &y) == ECODYN_OK)
        #expect(abs(y[y.count - 2] - 0.6) < 1e-6 && abs(y[y.count - 1] - 0.6) < 1e-6)
        (options.method, options.dt) = (ECODYN_BDF, 0.1)
        var refused: OpaquePointer?
        #expect(communityIntegrate(handle, &x0, 0, 60, nil, 0, &options, &refused) == ECODYN_ERROR_ARGUMENT && refused == nil)
        #expect(lastError().hasPrefix("dt: bdf and auto choose their own steps"))
        #expect(solutionPhases(nil, nil, nil, 0, &count) == ECODYN_ERROR_ARGUMENT)
    }

    @Test func drivenIntegrationTakesJSONAndRefusesBadInput() {
        // The logistic with r = 1 until t = 5, then 2, K = 4 from 0.1: X(8) = K/(1 + (K/X(5) − 1)e^{−6}).
        var handle: OpaquePointer?
        #expect(communityNew(1, [1.0], [0.0], [4.0], [1.0], ECODYN_ROW_MAJOR, &handle) == ECODYN_OK)
        defer { communityFree(handle) }
        var options = ecodyn_integrate_options()
        integrateOptionsDefault(&options)
        (options.rtol, options.atol) = (1e-10, 1e-13)
        var x0 = [0.1], run: OpaquePointer?
        let drivers = #"{"r[0]": {"piecewise": [[0, 1], [5, 2]]}}"#, events = #"[{"at": 6, "member": 0, "multiply": 1.0}]"#
        #expect(communityIntegrateDriven(handle, &x0, 0, 8, nil, 0, &options, drivers, events, &run) == ECODYN_OK)
        defer { solutionFree(run) }
        var info = ecodyn_solution_info()
        #expect(solutionGetInfo(run, &info) == ECODYN_OK && info.events == 1)
        var t = [Double](repeating: 0, count: info.saved), y = t
        #expect(solutionCopy(run, &t, &y) == ECODYN_OK)
        let x5 = 4 / (1 + 39 * exp(-5.0))
        #expect(abs(y.last! - 4 / (1 + (4 / x5 - 1) * exp(-6.0))) < 1e-8)
        var kind: Int32 = -1
        #expect(solutionEvents(run, &kind, nil, nil, nil, nil) == ECODYN_OK && kind == ECODYN_EVENT_SCHEDULED)
        for (d, e, fragment) in [("{", nil as String?, "drivers: is not valid JSON"), (#"{"r[0]": 3}"#, nil, "drivers.r[0]"),
                                 (nil, #"[{"at": 100, "member": 0, "exit": true}]"#, "events[0].at")] {
            var refused: OpaquePointer?
            #expect(communityIntegrateDriven(handle, &x0, 0, 8, nil, 0, &options, d, e, &refused) == ECODYN_ERROR_ARGUMENT && refused == nil)
            #expect(lastError().hasPrefix(fragment), "\(lastError())")
        }
    }

    @Test func gridFramesStopAtTheCallersCapacityAndJSONReportsItsLength() {
        var kinetics: OpaquePointer?, grid: OpaquePointer?
        let values = [3.0, 5.0, 1.0, 8.0]
        #expect(kineticsNew("brusselator", values, 4, &kinetics) == ECODYN_OK)
        var shape = [8, 8]
        #expect(gridNew(2, &shape, 1, ECODYN_PERIODIC, &grid) == ECODYN_OK)
        defer { kineticsFree(kinetics); gridFree(grid) }
        var options = ecodyn_grid_options()
        gridOptionsDefault(&options)
        (options.dt, options.t_end, options.save_every) = (0.01, 1.0, 10)   // ten frames
        let u0 = [Double](repeating: 3, count: 64), v0 = [Double](repeating: 5.0 / 3, count: 64)
        var u = u0, v = v0, fu = [Double](repeating: .nan, count: 3 * 64), fv = fu
        var info = ecodyn_grid_info()
        #expect(gridRun(kinetics, grid, u0, v0, &options, &u, &v, &fu, &fv, 3, &info) == ECODYN_OK)
        #expect(info.frames == 3 && info.steps == 100 && fu.allSatisfy { abs($0 - 3) < 1e-12 })   // the steady state stays
        var length = 0
        #expect(kineticsAnalyzeJSON(kinetics, grid, nil, 0, &length) == ECODYN_OK && length > 100)
        var small = [CChar](repeating: 0, count: 10)
        #expect(kineticsAnalyzeJSON(kinetics, grid, &small, 10, &length) == ECODYN_ERROR_ARGUMENT)
        #expect(lastError().contains("needs \(length + 1) bytes"))
        #expect(kineticsNew("brusselatorr", values, 4, &kinetics) == ECODYN_ERROR_ARGUMENT)
        #expect(gridRun(kinetics, grid, u0, v0, nil, &u, &v, nil, nil, 0, &info) == ECODYN_ERROR_ARGUMENT)
    }

    @Test func ensembleRejectsAnUnknownLayout() {
        let one = [1.0]
        var final = [0.0], average = [0.0], survivors: [Int32] = [0], status: [Int32] = [0]
        var options = ecodyn_integrate_options()
        integrateOptionsDefault(&options)
        (options.method, options.dt) = (ECODYN_RK4, 0.1)
        #expect(ensembleIntegrate(1, 1, one, ECODYN_ROW_MAJOR, one, [0.0], one, [0.5], 5, 1, &options,
                                  &final, &average, &survivors, &status, nil) == ECODYN_ERROR_ARGUMENT)
        #expect(lastError().contains("layout"))
        // dX/dt = X(1 − X) from ½ with RK4, dt = 0.1, to t = 1: the logistic 1/(1 + e^{−1}) to 1e-6.
        #expect(ensembleIntegrate(1, 1, one, ECODYN_ROW_MAJOR, one, [0.0], one, [0.5], ECODYN_COLUMN_MAJOR, 1, &options,
                                  &final, &average, &survivors, &status, nil) == ECODYN_OK)
        #expect(abs(final[0] - 1 / (1 + exp(-1.0))) < 1e-6 && status[0] == ECODYN_FINISHED && survivors[0] == 1)
    }

    @Test func sweepCancelledByItsProgressKeepsItsFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ecodyn-abi-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = """
        [model]
        kind = "brusselator"
        a = 1.0
        b = 2.0
        [sweep]
        metrics = ["max_real"]
        [sweep.parameters]
        b = { linspace = [0.5, 6.0, 50] }
        """
        let stop: ecodyn_progress = { done, _, _ in done > 0 ? 1 : 0 }
        var info = ecodyn_sweep_info()
        let out = folder.appendingPathComponent("r.sqlite").path
        #expect(sweep(spec, nil, out, 1, 0, 0, stop, nil, &info) == ECODYN_ERROR_CANCELLED)
        #expect(lastError().contains("resume"))
        #expect(sweep(spec, nil, out, 1, 0, 0, nil, nil, &info) == ECODYN_OK)
        #expect(info.points == 50 && info.skipped > 0 && info.computed + info.skipped == 50)
        #expect(sweep(spec, nil, out, 1, 2, 1, nil, nil, &info) == ECODYN_ERROR_ARGUMENT)
    }
}
