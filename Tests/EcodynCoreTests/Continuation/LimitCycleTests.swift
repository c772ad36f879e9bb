import EcodynCore
import EcodynTestSupport
import Foundation
import Testing

/// Limit cycles by shooting from a Hopf point, against long direct integration.
@Suite struct LimitCycleTests {
    /// The period and the range of u of the Brusselator's attractor at (a, b), from a run of
    /// t = 600: the mean interval between upward crossings of u = a over the last half, and max − min of u there.
    func simulated(a: Double, b: Double) throws -> (period: Double, amplitude: Double) {
        let field = KineticsField(try Brusselator(a: a, b: b))
        let times = (1...120_000).map { 600 * Double($0) / 120_000 }
        let run = DormandPrince(rtol: 1e-10, atol: 1e-12).solve(field, from: [a + 0.1, b / a], over: 0...600, saving: .times(times))
        let u = (0..<run.times.count).map { run.states[2 * $0] }
        var crossings = [Double]()
        for k in 1..<u.count where run.times[k] > 300 && u[k - 1] < a && u[k] >= a {
            let f = (a - u[k - 1]) / (u[k] - u[k - 1])
            crossings.append(run.times[k - 1] + f * (run.times[k] - run.times[k - 1]))
        }
        let late = zip(run.times, u).filter { $0.0 > 300 }.map(\.1)
        return ((crossings.last! - crossings.first!) / Double(crossings.count - 1), late.max()! - late.min()!)
    }

    @Test func brusselatorCyclesMatchLongSimulation() throws {
        let a = 1.0
        let family = try EquilibriumFamily(kinetics: try Brusselator(a: a, b: 1.8), parameter: "b")
        let hopf = try #require(try Continuation(family).branch(from: [a, 1.8], to: 2.2).bifurcations.first { $0.type == .hopf })
        let cycles = try LimitCycleContinuation(family: family).follow(from: hopf, to: 2.5, steps: 5)
        #expect(cycles.count == 5 && cycles.allSatisfy(\.stable))   // supercritical: stable cycles
        for cycle in [cycles[1], cycles[4]] {
            let reference = try simulated(a: a, b: cycle.parameterValue)
            #expect(isClose(cycle.period, reference.period, rtol: 1e-4), "b = \(cycle.parameterValue): \(cycle.period) vs \(reference.period)")
            #expect(isClose(cycle.amplitude[0], reference.amplitude, rtol: 2e-3), "b = \(cycle.parameterValue): \(cycle.amplitude[0]) vs \(reference.amplitude)")
            // One Floquet multiplier is 1 (the flow along the cycle).
            #expect(cycle.floquetMultipliers.contains { abs($0.real - 1) < 1e-5 && abs($0.imaginary) < 1e-5 })
        }
        // Near onset the period is 2π/ω and the amplitude grows like √(b − b_H).
        #expect(abs(cycles[0].period - 2 * .pi) < 0.1)
        let (r0, r4) = (cycles[0].amplitude[0], cycles[4].amplitude[0])
        #expect(r4 > r0 && r4 / r0 < 2 * (0.5 / 0.1).squareRoot())
    }

    @Test func theWrongSideOfASupercriticalHopfPointHasNoCycle() throws {
        let family = try EquilibriumFamily(kinetics: try Brusselator(a: 1, b: 1.8), parameter: "b")
        let hopf = try #require(try Continuation(family).branch(from: [1, 1.8], to: 2.2).bifurcations.first { $0.type == .hopf })
        #expect(throws: ParameterError.self) { try LimitCycleContinuation(family: family).follow(from: hopf, to: 1.5, steps: 3) }
    }
}
