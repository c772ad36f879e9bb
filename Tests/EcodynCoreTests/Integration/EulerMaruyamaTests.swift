import Foundation
import Testing
@testable import EcodynCore

/// Geometric Brownian motion dX = gX dt + σX dW, X(0) = 1, whose solution is
/// X(T) = exp((g − σ²/2)T + σW(T)) (Itô), with E[X(T)] = e^{gT}.
struct EulerMaruyamaTests {
    let g = 1.0, sigma = 0.5, horizon = 1.0

    @Test func strongOrderOneHalf() {
        // Each path's exact solution uses that path's Brownian motion W(T) = √dt·Σξ_k, rebuilt from the
        // documented noise keys. The mean absolute error over paths must fall as dt^½.
        let dts = [1.0 / 16, 1.0 / 64, 1.0 / 256, 1.0 / 1024]
        let paths = 400
        let errors = dts.map { dt -> Double in
            let noise = Noise(kind: .multiplicative, sigma: [sigma], seed: 7)
            var total = 0.0
            for p in 0..<paths {
                let em = EulerMaruyama(dt: dt, noise: noise, member: UInt64(p))
                let xEM = em.solve(LinearGrowth(rate: g), from: [1], over: 0...horizon).finalState[0]
                let steps = Int((horizon / dt).rounded())
                let w = (0..<steps).reduce(0.0) { $0 + dt.squareRoot() * noise.draw(member: UInt64(p), step: $1, component: 0, dimension: 1) }
                total += abs(xEM - exp((g - sigma * sigma / 2) * horizon + sigma * w))
            }
            return total / Double(paths)
        }
        let order = convergenceOrder(steps: dts, errors: errors)
        #expect(abs(order - 0.5) < 0.15, "measured strong order \(order), errors \(errors)")
    }

    @Test func weakOrderOne() {
        // E[X_N] of Euler–Maruyama is exactly (1 + g·dt)^N (the noise has mean 0), so the weak error of
        // the mean is e^{gT} − (1 + g·dt)^N = O(dt). Check the sample mean over 20 000 paths against it
        // (Monte Carlo error ≈ 1.3e-2 at 3σ here), and the order of e^{gT} − mean over dt.
        let dts = [1.0 / 4, 1.0 / 8, 1.0 / 16]
        let paths = 20_000
        let noise = Noise(kind: .multiplicative, sigma: [0.2], seed: 11)
        var biases = [Double]()
        for dt in dts {
            var sum = 0.0
            for p in 0..<paths {
                sum += EulerMaruyama(dt: dt, noise: noise, member: UInt64(p)).solve(LinearGrowth(rate: g), from: [1], over: 0...horizon).finalState[0]
            }
            let mean = sum / Double(paths)
            let expected = pow(1 + g * dt, horizon / dt)
            #expect(abs(mean - expected) < 0.015, "dt \(dt): mean \(mean), (1 + g dt)^N = \(expected)")
            biases.append(exp(g * horizon) - mean)
        }
        let order = convergenceOrder(steps: dts, errors: biases)
        #expect(abs(order - 1) < 0.25, "measured weak order \(order), biases \(biases)")
    }

    @Test func additiveNoiseHasTheRightVariance() {
        // dX = σ dW with no drift: X(T) − X(0) ~ N(0, σ²T). Sample variance over 20 000 paths within 5%.
        struct Still: VectorField {
            var dimension: Int { 1 }
            func evaluate(_ t: Double, _ x: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>) { dx[0] = 0 }
        }
        let noise = Noise(kind: .additive, sigma: [0.3], seed: 3)
        let finals = (0..<20_000).map { EulerMaruyama(dt: 0.1, noise: noise, member: UInt64($0)).solve(Still(), from: [0], over: 0...2).finalState[0] }
        let mean = finals.reduce(0, +) / Double(finals.count)
        let variance = finals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(finals.count - 1)
        #expect(abs(variance / (0.09 * 2) - 1) < 0.05)
        #expect(abs(mean) < 4 * (0.18 / 20_000).squareRoot())
    }

    @Test func aRunCutAtStopsDrawsFreshNoiseInEachStretch() {
        // dX = σ dW cut at t = 1 and 1.5 (a driver's kinks, scheduled events): the increments over
        // [0, 1] and [1, 2] are independent N(0, σ²·1), so X(2) has variance 2σ² and the two
        // increments are uncorrelated. Reusing the first stretch's draws would give 4σ² and
        // correlation 1. 20 000 paths: the variance within 5 %, the correlation within 4/√N.
        struct Still: VectorField {
            var dimension: Int { 1 }
            func evaluate(_ t: Double, _ x: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>) { dx[0] = 0 }
        }
        let noise = Noise(kind: .additive, sigma: [0.3], seed: 3)
        let paths = 20_000
        var first = [Double](), second = [Double]()
        for p in 0..<paths {
            let s = EulerMaruyama(dt: 0.1, noise: noise, member: UInt64(p))
                .solve(Still(), from: [0], over: 0...2, saving: .endpoints, limits: StateLimits(), stoppingAt: [1, 1.5])
            let atOne = s.states[s.times.firstIndex { abs($0 - 1) < 1e-12 }!]
            first.append(atOne)
            second.append(s.finalState[0] - atOne)
        }
        let total = zip(first, second).map { $0 + $1 }
        let variance = total.reduce(0) { $0 + $1 * $1 } / Double(paths)
        #expect(abs(variance / (0.09 * 2) - 1) < 0.05, "Var X(2) = \(variance), expected 2σ² = 0.18")
        let correlation = zip(first, second).reduce(0) { $0 + $1.0 * $1.1 } / Double(paths) / 0.09
        #expect(abs(correlation) < 4 / Double(paths).squareRoot(), "correlation of the stretches' increments \(correlation)")
    }

    @Test func aPathIsAPureFunctionOfItsKeys() {
        let noise = Noise(kind: .multiplicative, sigma: [0.5], seed: 5)
        let a = EulerMaruyama(dt: 0.01, noise: noise, member: 3).solve(LinearGrowth(rate: 1), from: [1], over: 0...1)
        let b = EulerMaruyama(dt: 0.01, noise: noise, member: 3).solve(LinearGrowth(rate: 1), from: [1], over: 0...1)
        let c = EulerMaruyama(dt: 0.01, noise: noise, member: 4).solve(LinearGrowth(rate: 1), from: [1], over: 0...1)
        #expect(a.finalState == b.finalState)
        #expect(a.finalState != c.finalState)
    }
}
