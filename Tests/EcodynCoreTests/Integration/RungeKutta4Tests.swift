import Foundation
import Testing
@testable import EcodynCore
import EcodynTestSupport

struct RungeKutta4Tests {
    @Test func logisticClosedForm() {
        let logistic = Logistic()
        let s = RungeKutta4(dt: 0.01).solve(logistic.field, from: [logistic.x0], over: 0...10, saving: .everyStep(100))
        #expect(s.status == .finished)
        #expect(s.times.count == 11 && s.times.last == 10)
        for (k, t) in s.times.enumerated() { #expect(isClose(s.state(k).first!, logistic.exact(t), rtol: 1e-8)) }
        #expect(s.statistics.steps == 1000 && s.statistics.rhsEvaluations == 4000)
    }

    @Test func convergesAtOrderFour() {
        let logistic = Logistic()
        let dts = [0.2, 0.1, 0.05, 0.025]
        let errors = dts.map { dt in
            abs(RungeKutta4(dt: dt).solve(logistic.field, from: [logistic.x0], over: 0...5).finalState[0] - logistic.exact(5))
        }
        let order = convergenceOrder(steps: dts, errors: errors)
        #expect(abs(order - 4) < 0.15, "measured order \(order), errors \(errors)")
    }

    @Test func lastStepLandsOnTheEndTime() {
        // 1/0.3 is not whole: 4 steps, the last one shortened; cos and −sin at t = 1 to RK4 accuracy.
        let s = RungeKutta4(dt: 0.3).solve(Oscillator(), from: [1, 0], over: 0...1)
        #expect(s.statistics.steps == 4 && s.finalTime == 1)
        #expect(abs(s.finalState[0] - cos(1.0)) < 1e-4 && abs(s.finalState[1] + sin(1.0)) < 1e-4)
    }

    @Test func savesAtRequestedGridTimes() {
        let s = RungeKutta4(dt: 0.1).solve(Oscillator(), from: [1, 0], over: 0...2, saving: .times([0.5, 1.0, 2.0]))
        #expect(s.times.count == 4)
        #expect(allClose(s.times, [0, 0.5, 1.0, 2.0], atol: 1e-12))
    }
}
