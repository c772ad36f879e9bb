import Foundation
@testable import EcodynCore

/// Logistic growth dX/dt = (r − μ)X − (r/K)X², whose solution is known in closed form (MODELS.md §1):
/// X(t) = X_K / (1 + (X_K/X₀ − 1)e^{−(r−μ)t}), X_K = K(1 − μ/r).
struct Logistic {
    var r = 1.0, mu = 0.1, K = 2.0, x0 = 0.1

    var community: Community { try! Community(r: [r], mu: [mu], K: [K], delta: .identity(1)) }
    var field: CommunityField { CommunityField(community) }

    func exact(_ t: Double) -> Double {
        let xk = K * (1 - mu / r)
        return xk / (1 + (xk / x0 - 1) * exp(-(r - mu) * t))
    }
}

/// Linear growth dX/dt = gX, for geometric Brownian motion with multiplicative noise.
struct LinearGrowth: VectorField {
    var rate: Double
    var dimension: Int { 1 }
    func evaluate(_ t: Double, _ x: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>) { dx[0] = rate * x[0] }
}

/// The harmonic oscillator x'' = −x as a system: x(t) = cos t, v(t) = −sin t from (1, 0).
struct Oscillator: VectorField {
    var dimension: Int { 2 }
    func evaluate(_ t: Double, _ x: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>) {
        dx[0] = x[1]
        dx[1] = -x[0]
    }
}

/// The slope of log(error) against log(step), by least squares.
func convergenceOrder(steps: [Double], errors: [Double]) -> Double {
    let xs = steps.map(log), ys = errors.map(log)
    let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
    let num = zip(xs, ys).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
    let den = xs.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
    return num / den
}
