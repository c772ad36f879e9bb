import Foundation

/// Itô white noise added to an ODE: additive `σ_i dW_i` or multiplicative `σ_i X_i dW_i`.
public struct Noise: Sendable, Equatable {
    public enum Kind: String, Sendable { case additive, multiplicative }

    public var kind: Kind
    /// Intensity σ_i per component.
    public var sigma: [Double]
    /// The seed of the counter-based stream.
    public var seed: UInt64
    /// How the draws are numbered.
    public var layout: Layout

    /// How the normal draws of (member, step, component) are numbered; either way a draw is a
    /// pure function of its key, the same on any thread, in any order, after any restart.
    public enum Layout: Sendable, Equatable {
        /// Each member its own stream, keyed by (seed, member): draw step·n + component.
        case perMember
        /// One stream `seed` for an ensemble of `members`: normal number (step·members + member)·n
        /// + component by ``CounterRandom/normal(pair:)`` — the layout of the canonical workloads
        /// (W10), so that results compare with their NumPy peer.
        case shared(members: Int)
    }

    public init(kind: Kind, sigma: [Double], seed: UInt64, layout: Layout = .perMember) {
        (self.kind, self.sigma, self.seed, self.layout) = (kind, sigma, seed, layout)
    }

    /// The standard normal ξ drawn for (member, step, component) in the noise's layout.
    @inlinable
    public func draw(member: UInt64, step: Int, component: Int, dimension: Int) -> Double {
        switch layout {
        case .perMember: return Self.draw(from: stream(member: member), step: step, component: component, dimension: dimension)
        case .shared(let members):
            return CounterRandom(stream: seed).normal(pair: UInt64((step * members + Int(member)) * dimension + component))
        }
    }

    /// The noise of stretch `k` of a run cut at stops: stretch 0 is this noise, stretch k > 0
    /// draws from the seed's substream (k, "stretch"), a stream of its own.
    public func forStretch(_ k: Int) -> Noise {
        guard k > 0 else { return self }
        var next = self
        next.seed = CounterRandom(stream: seed).substream(UInt64(k), Self.stretchKey).stream
        return next
    }

    /// The second key of the stretches' substreams ("stretch" in ASCII), apart from the members' one-key substreams.
    static let stretchKey: UInt64 = 0x73_74_72_65_74_63_68

    /// The stream of one member's noise.
    @inlinable
    public func stream(member: UInt64) -> CounterRandom { CounterRandom(stream: seed).substream(member) }

    /// ξ for (step, component) from a member's stream: draw number `step·dimension + component`.
    @inlinable
    public static func draw(from stream: CounterRandom, step: Int, component: Int, dimension: Int) -> Double {
        stream.normal(UInt64(step * dimension + component))
    }
}

/// The Euler–Maruyama scheme for dX = f(t, X) dt + G(X) dW with fixed step dt (strong order ½,
/// weak order 1):  X_{k+1} = X_k + f(t_k, X_k)·dt + G(X_k)·√dt·ξ_k.
///
/// Each member of an ensemble passes its own `member` number, so that its noise is its own and
/// results are bit-identical whatever the thread count.
public struct EulerMaruyama: Sendable {
    public var dt: Double
    public var noise: Noise
    /// The member number that keys this path's noise.
    public var member: UInt64

    public init(dt: Double, noise: Noise, member: UInt64 = 0) {
        (self.dt, self.noise, self.member) = (dt, noise, member)
    }

    /// Integrates `field` with noise from `x0` over `span`.
    public func solve<F: VectorField>(
        _ field: F, from x0: [Double], over span: ClosedRange<Double>,
        saving plan: SavePlan = .endpoints, limits: StateLimits = StateLimits()
    ) -> Solution {
        ItoLoop.run(field, from: x0, over: span, dt: dt, noise: noise, member: member, milstein: false, saving: plan, limits: limits)
    }
}

/// The fixed-step Itô schemes' loop: Euler–Maruyama, and with `milstein` its correction for
/// diagonal multiplicative noise, ½σ_i²X_i(ΔW_i² − h) (additive noise has none). The noise of
/// step k, component i is draw k·n + i of the member's stream, for both schemes.
enum ItoLoop {
    static func run<F: VectorField>(_ field: F, from x0: [Double], over span: ClosedRange<Double>, dt: Double, noise: Noise, member: UInt64,
                                    milstein: Bool, saving plan: SavePlan, limits: StateLimits) -> Solution {
        let n = field.dimension
        precondition(noise.sigma.count == n, "sigma needs \(n) entries")
        let grid = FixedStepGrid(t0: span.lowerBound, tEnd: span.upperBound, dt: dt)
        let random = noise.stream(member: member), shared = CounterRandom(stream: noise.seed)
        let correct = milstein && noise.kind == .multiplicative
        var drift = [Double](repeating: 0, count: n)
        return drift.withUnsafeMutableBufferPointer { d in
            let f = d.baseAddress!
            return FixedStepLoop.run(dimension: n, from: x0, grid: grid, plan: plan, limits: limits) { step, t, h, x, y in
                field.evaluate(t, x, f)
                let rootH = h.squareRoot()
                for i in 0..<n {
                    let xi: Double
                    switch noise.layout {
                    case .perMember: xi = Noise.draw(from: random, step: step - 1, component: i, dimension: n)
                    case .shared(let members): xi = shared.normal(pair: UInt64(((step - 1) * members + Int(member)) * n + i))
                    }
                    let dW = rootH * xi
                    let s = noise.sigma[i]
                    let g = noise.kind == .additive ? s : s * x[i]
                    y[i] = x[i] + h * f[i] + g * dW + (correct ? 0.5 * s * s * x[i] * (dW * dW - h) : 0)
                }
                return 1
            }
        }
    }
}
