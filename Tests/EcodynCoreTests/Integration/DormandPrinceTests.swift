import Foundation
import Testing
@testable import EcodynCore

struct DormandPrinceTests {
    @Test func logisticWithinTolerance() {
        let logistic = Logistic()
        let s = DormandPrince(rtol: 1e-8, atol: 1e-10).solve(logistic.field, from: [logistic.x0], over: 0...20, saving: .everyStep(1))
        #expect(s.status == .finished && s.finalTime == 20)
        for (k, t) in s.times.enumerated() { #expect(abs(s.state(k).first! - logistic.exact(t)) < 1e-7) }
        #expect(s.statistics.rhsEvaluations == 6 * (s.statistics.steps + s.statistics.rejectedSteps) + 2)
    }

    @Test func convergesAtOrderFiveWithFixedSteps() {
        // March the method's own step function with a fixed h: the global error must fall as h⁵.
        let logistic = Logistic()
        let method = DormandPrince()
        let hs = [0.5, 0.25, 0.125, 0.0625]
        let errors = hs.map { h -> Double in
            let w = DormandPrince.Workspace(dimension: 1)
            w.x[0] = logistic.x0
            var t = 0.0
            for _ in 0..<Int((4 / h).rounded()) {
                logistic.field.evaluate(t, w.x, w.k1)
                _ = method.step(logistic.field, w, t: t, h: h)
                w.x[0] = w.xNew[0]
                t += h
            }
            return abs(w.x[0] - logistic.exact(4))
        }
        let order = convergenceOrder(steps: hs, errors: errors)
        #expect(abs(order - 5) < 0.3, "measured order \(order), errors \(errors)")
    }

    @Test func errorFollowsTheTolerance() {
        // Tolerance proportionality: ten times tighter tolerances give roughly ten times smaller errors.
        let s1 = DormandPrince(rtol: 1e-6, atol: 1e-6).solve(Oscillator(), from: [1, 0], over: 0...10)
        let s2 = DormandPrince(rtol: 1e-9, atol: 1e-9).solve(Oscillator(), from: [1, 0], over: 0...10)
        let e1 = abs(s1.finalState[0] - cos(10.0)), e2 = abs(s2.finalState[0] - cos(10.0))
        #expect(e1 < 1e-4 && e2 < 1e-7)
        #expect(e2 < e1 / 100)
        #expect(s2.statistics.steps > s1.statistics.steps)
    }

    @Test func denseOutputIsAccurateBetweenSteps() {
        // Interpolated states at 1001 times, against cos t and −sin t. The dense output is of order 4,
        // so its error is of the order of the tolerance.
        let times = (0...1000).map { Double($0) * 0.01 }
        let s = DormandPrince(rtol: 1e-8, atol: 1e-10).solve(Oscillator(), from: [1, 0], over: 0...10, saving: .times(times))
        #expect(s.times.count == times.count)
        // Far fewer steps than saved times: most values come from interpolation.
        #expect(s.statistics.steps < times.count / 4)
        for (k, t) in s.times.enumerated() {
            let state = Array(s.state(k))
            #expect(abs(state[0] - Foundation.cos(t)) < 1e-6)
            #expect(abs(state[1] + Foundation.sin(t)) < 1e-6)
        }
    }

    @Test func blowUpIsAStatusNotANaN() {
        // dX/dt = X² from X(0) = 1 blows up at t = 1: X = 1/(1 − t).
        struct Quadratic: VectorField {
            var dimension: Int { 1 }
            func evaluate(_ t: Double, _ x: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>) { dx[0] = x[0] * x[0] }
        }
        let s = DormandPrince(rtol: 1e-6, atol: 1e-9).solve(Quadratic(), from: [1], over: 0...2)
        #expect(s.status == .diverged)
        #expect(s.finalState.allSatisfy { $0.isFinite })
        // The numerical blow-up time matches the exact one, 1, to about the tolerance.
        #expect(abs(s.finalTime - 1) < 1e-5)
        #expect(s.message != nil)
    }

    @Test func stepBudgetIsReported() {
        let s = DormandPrince(rtol: 1e-10, atol: 1e-12, maxSteps: 10).solve(Oscillator(), from: [1, 0], over: 0...100)
        #expect(s.status == .maxSteps)
        #expect(s.finalTime < 100)
    }
}
