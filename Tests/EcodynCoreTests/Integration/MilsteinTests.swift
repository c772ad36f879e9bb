import EcodynCore
import EcodynTestSupport
import Foundation
import Testing

/// Milstein: strong order 1 against the exact solution of geometric Brownian motion on the same
/// Brownian path, Euler–Maruyama's ½ beside it, and the same draws as Euler–Maruyama.
@Suite struct MilsteinTests {
    /// dX = μX dt (+ σX dW from the noise).
    struct Growth: VectorField {
        let mu: Double
        var dimension: Int { 1 }
        func evaluate(_ t: Double, _ x: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>) { dx[0] = mu * x[0] }
    }

    /// The mean |X_N − X(T)| over `paths` paths at step h: X(T) = X₀ exp((μ − σ²/2)T + σW(T)), with
    /// W(T) the sum of the increments √h·ξ_k the scheme drew (draw k of member b's stream).
    func strongError(milstein: Bool, h: Double, paths: Int = 2000) -> Double {
        let (mu, sigma, t) = (0.5, 0.8, 1.0)
        let noise = Noise(kind: .multiplicative, sigma: [sigma], seed: 42)
        let steps = Int((t / h).rounded())
        var total = 0.0
        for b in 0..<paths {
            let member = UInt64(b)
            let end = milstein
                ? Milstein(dt: h, noise: noise, member: member).solve(Growth(mu: mu), from: [1], over: 0...t).finalState[0]
                : EulerMaruyama(dt: h, noise: noise, member: member).solve(Growth(mu: mu), from: [1], over: 0...t).finalState[0]
            let w = (0..<steps).reduce(0.0) { $0 + h.squareRoot() * noise.draw(member: member, step: $1, component: 0, dimension: 1) }
            total += abs(end - exp((mu - sigma * sigma / 2) * t + sigma * w))
        }
        return total / Double(paths)
    }

    /// The least-squares slope of log error against log h.
    func order(milstein: Bool) -> Double {
        let hs = [1.0 / 16, 1.0 / 32, 1.0 / 64, 1.0 / 128]
        let points = hs.map { (log($0), log(strongError(milstein: milstein, h: $0))) }
        let (mx, my) = (points.map(\.0).reduce(0, +) / 4, points.map(\.1).reduce(0, +) / 4)
        return points.reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / points.reduce(0) { $0 + ($1.0 - mx) * ($1.0 - mx) }
    }

    @Test func milsteinHasStrongOrderOneAndEulerMaruyamaOneHalf() {
        let (m, e) = (order(milstein: true), order(milstein: false))
        #expect(abs(m - 1) < 0.15, "Milstein's strong order \(m)")
        #expect(abs(e - 0.5) < 0.15, "Euler–Maruyama's strong order \(e)")
        #expect(strongError(milstein: true, h: 1.0 / 128) < strongError(milstein: false, h: 1.0 / 128) / 4)
    }

    @Test func additiveNoiseMakesMilsteinEulerMaruyama() {
        let noise = Noise(kind: .additive, sigma: [0.3], seed: 7)
        let a = Milstein(dt: 0.01, noise: noise, member: 3).solve(Growth(mu: -1), from: [1], over: 0...2)
        let b = EulerMaruyama(dt: 0.01, noise: noise, member: 3).solve(Growth(mu: -1), from: [1], over: 0...2)
        #expect(a.finalState == b.finalState)
    }

    @Test func milsteinEnsemblesAreTheSameForAnyThreadCount() throws {
        let community = try Community(r: [1, 0.8], mu: [0.1, 0.1], K: [10, 8], delta: try Matrix([[1, 0.5], [0.4, 1]]))
        let ensemble = CommunityEnsemble(repeating: community, members: 64)
        let method = IntegrationMethod.milstein(dt: 0.01, noise: Noise(kind: .multiplicative, sigma: [0.2, 0.2], seed: 5))
        let problem = try CommunityEnsembleProblem(ensemble: ensemble, initialStates: Matrix(rows: 2, columns: 64, repeating: 1), tEnd: 5, method: method)
        let (one, two) = (problem.solve(threads: 1), problem.solve(threads: 2))
        #expect(one.finalState == two.finalState && one.status.allSatisfy { $0 == .finished })
        #expect(Set(one.finalState.elements).count > 64)   // the members' paths differ
    }
}
