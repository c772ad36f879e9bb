import EcodynTestSupport
import Foundation
import Testing
@testable import EcodynCore

/// Time-varying parameters against closed forms.
struct DriverTests {
    @Test func theFormsTakeTheirValues() throws {
        let step = try Driver.piecewise(times: [0, 5], values: [1, 2]).path(until: 10)
        #expect(step.value(at: 4.999) == 1 && step.value(at: 5) == 2 && step.breakPoints == [5] && step.range == 1...2)
        let ramp = try Driver.ramp(from: 2, to: 4, start: 10, end: 60).path(until: 100)
        #expect(ramp.value(at: 0) == 2 && ramp.value(at: 35) == 3 && ramp.value(at: 80) == 4 && ramp.breakPoints == [10, 60])
        let wave = try Driver.periodic(mean: 1, amplitude: 0.2, period: 10, phase: 0).path(until: 100)
        #expect(isClose(wave.value(at: 2.5), 1.2, rtol: 1e-15) && wave.breakPoints.isEmpty && wave.range == 0.8...1.2)
        let table = try Driver.table(times: [0, 1, 3], values: [0, 2, 1]).path(until: 5)
        #expect(table.value(at: 0.5) == 1 && table.value(at: 2) == 1.5 && table.value(at: 4) == 1)
        #expect(throws: ParameterError.self) { try Driver.piecewise(times: [0, 0], values: [1, 2]).path(until: 1) }
        #expect(throws: ParameterError.self) { try Driver.periodic(mean: 1, amplitude: 1, period: 0, phase: 0).path(until: 1) }
    }

    @Test func ornsteinUhlenbeckStatisticsMatchTheClosedForms() throws {
        // Stationary mean μ, variance σ²/(2θ) and autocorrelation e^{−θτ}; T = 20 000 = 10⁴
        // relaxation times, so the sampling error of the variance is ≈ 2 %, of the mean ≈ 0.0014.
        let (mu, theta, sigma, h, T) = (3.0, 0.5, 0.1, 0.01, 20_000.0)
        let path = try Driver.ornsteinUhlenbeck(mean: mu, reversion: theta, intensity: sigma, seed: 4, step: h).path(until: T)
        let xs = (0..<Int(T / h)).map { path.value(at: Double($0) * h) }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count)
        let lag = Int(1 / h)
        let covariance = (0..<(xs.count - lag)).reduce(0.0) { $0 + (xs[$1] - mean) * (xs[$1 + lag] - mean) } / Double(xs.count - lag)
        #expect(abs(mean - mu) < 0.006, "mean \(mean)")
        #expect(abs(variance / (sigma * sigma / (2 * theta)) - 1) < 0.08, "variance \(variance)")
        #expect(abs(covariance / variance - exp(-theta)) < 0.05, "autocorrelation \(covariance / variance)")
    }

    @Test(arguments: ["dopri5", "bdf", "auto"]) func aLogisticWithAPiecewiseRateFollowsTheClosedFormOnEachPiece(method: String) throws {
        // X' = rX(1 − X/K), r = 1 until t = 5, then 2: X(t) = K/(1 + (K/X(t₀) − 1)e^{−r(t − t₀)}) on each piece.
        let (K, x0) = (4.0, 0.1)
        let community = try Community(r: [1], mu: [0], K: [K], delta: .identity(1))
        let chosen: IntegrationMethod = method == "bdf" ? .bdf(BDF(rtol: 1e-10, atol: 1e-13))
            : method == "auto" ? .automatic(AutomaticMethod(rtol: 1e-10, atol: 1e-13)) : .dopri5(DormandPrince(rtol: 1e-10, atol: 1e-13))
        let problem = try CommunityProblem(community: community, initialState: [x0], tEnd: 8, method: chosen, saves: 80,
                                           drivers: [ParameterDriver("r[0]", .piecewise(times: [0, 5], values: [1, 2]))])
        let s = problem.solve()
        func logistic(_ from: Double, _ r: Double, _ t: Double) -> Double { K / (1 + (K / from - 1) * exp(-r * t)) }
        let x5 = logistic(x0, 1, 5)
        #expect(s.status == .finished && s.finalTime == 8)
        for (k, t) in s.times.enumerated() {
            let exact = t <= 5 ? logistic(x0, 1, t) : logistic(x5, 2, t - 5)
            #expect(abs(s.state(k).first! - exact) < 1e-7, "t = \(t)")
        }
    }

    @Test func aPeriodicallyForcedLinearMemberOscillatesAsTheClosedForm() throws {
        // K = 10¹² makes the member linear: X' = (r − μ(t))X with μ = r + A sin(ωt + φ), so
        // X(t) = X₀ exp((A/ω)(cos(ωt + φ) − cos φ)): a steady oscillation about X₀e^{−(A/ω)cos φ}.
        let (r, A, period, phi, x0) = (0.5, 0.3, 4.0, 0.7, 2.0)
        let omega = 2 * Double.pi / period
        let community = try Community(r: [r], mu: [r], K: [1e12], delta: .identity(1))
        let problem = try CommunityProblem(community: community, initialState: [x0], tEnd: 40, method: .dopri5(DormandPrince(rtol: 1e-11, atol: 1e-13)),
                                           saves: 200, drivers: [ParameterDriver("mu", .periodic(mean: r, amplitude: A, period: period, phase: phi))])
        let s = problem.solve()
        for (k, t) in s.times.enumerated() {
            let exact = x0 * exp(A / omega * (cos(omega * t + phi) - cos(phi)))
            #expect(abs(s.state(k).first! - exact) < 1e-8 * exact, "t = \(t)")
        }
    }

    @Test func driversThatLeaveTheModelsDomainAreRefused() throws {
        let c = try Community(r: [1, 1], mu: [0, 0], K: [1, 1], delta: .identity(2))
        func problem(_ d: ParameterDriver) throws -> CommunityProblem {
            try CommunityProblem(community: c, initialState: [0.1, 0.1], tEnd: 10, method: .dopri5(DormandPrince()), drivers: [d])
        }
        let negativeK = #expect(throws: ParameterError.self) { try problem(ParameterDriver("K[1]", .periodic(mean: 1, amplitude: 2, period: 1, phase: 0))) }
        #expect(negativeK?.parameter == "K[1]" && negativeK?.message.contains("must stay > 0") == true)
        let unknown = #expect(throws: ParameterError.self) { try problem(ParameterDriver("K[5]", .ramp(from: 1, to: 2, start: 0, end: 1))) }
        #expect(unknown?.parameter == "K[5]")
        let malformed = #expect(throws: ParameterError.self) { try problem(ParameterDriver("r", .ramp(from: 1, to: 2, start: 3, end: 1))) }
        #expect(malformed?.parameter == "r" && malformed?.message.contains("end") == true)
    }
}

/// The Brusselator's b ramped slowly through its Hopf point b_H = 1 + a².
struct SlowPassageTests {
    @Test func theOscillationStartsWellAfterTheCrossing() throws {
        // a = 1 (b_H = 2), b(t) = 1.8 + 0.005t crosses b_H at t = 40. The state tracks the moving
        // focus (u* = a, v* = b/a) with a lag of order ε/|Re λ|, and past the crossing it stays near
        // the now unstable focus for a while before the oscillation grows: the delay of a slow
        // passage through a Hopf point (Neishtadt 1987; Baer, Erneux & Rinzel 1989), so the
        // onset — |u − a| ten times the starting 10⁻³ — comes at b well above b_H, not at b_H
        // (measured: t ≈ 79, b ≈ 2.19).
        func onset(rate: Double) throws -> (time: Double, b: Double) {
            let tEnd = 0.8 / rate
            let portrait = try PhasePortrait(kinetics: try Brusselator(a: 1, b: 1.8), starts: [[1.001, 1.8]], tEnd: tEnd,
                                             method: DormandPrince(rtol: 1e-11, atol: 1e-14), saves: 16000)
                .driven(by: [ParameterDriver("b", .ramp(from: 1.8, to: 2.6, start: 0, end: tEnd))])
            let s = portrait.solve()[0]
            let t = try #require(s.times.indices.first { abs(s.state($0).first! - 1) > 1e-2 }.map { s.times[$0] })
            #expect(s.times.indices.suffix(400).map { abs(s.state($0).first! - 1) }.max()! > 0.1)   // large by b = 2.6
            return (t, 1.8 + rate * t)
        }
        let slow = try onset(rate: 0.005)
        #expect(slow.time > 40 && slow.b > 2.1, "slow passage: onset at t = \(slow.time), b = \(slow.b)")
    }
}

/// Drivers on reaction–diffusion grids.
struct GridDriverTests {
    @Test(arguments: [GridMethod.rk4, .etdrk4, .dopri5]) func aHomogeneousGridFollowsTheDrivenWellMixedKinetics(method: GridMethod) throws {
        // Without a perturbation every cell stays equal and solves the well-mixed ODE; b steps from
        // 2 to 3 at t = 5 (a step boundary, so within each step the parameters are exact):
        // against Dormand–Prince at rtol 1e-11 on the driven well-mixed field.
        let model = try Brusselator(a: 2, b: 2, m1: 1, m2: 8)
        let driver = [ParameterDriver("b", .piecewise(times: [0, 5], values: [2, 3]))]
        let grid = try Grid(shape: [8, 6], spacing: 1, boundary: .periodic)
        let simulation = try GridSimulation(kinetics: model, grid: grid).driven(by: driver, until: 10)
        let start = GridState(u: [Double](repeating: 1.5, count: grid.count), v: [Double](repeating: 0.7, count: grid.count))
        let s = try simulation.run(from: start, method: method, dt: 0.01, steps: 1000, tolerances: DormandPrince(rtol: 1e-10, atol: 1e-12))
        let field = try DrivenKineticsField(model, drivers: driver, until: 10)
        let reference = DormandPrince(rtol: 1e-11, atol: 1e-13).solve(field, from: [1.5, 0.7], over: 0...10, saving: .endpoints, limits: StateLimits(), stoppingAt: field.breakPoints)
        #expect(s.state.u.allSatisfy { abs($0 - reference.finalState[0]) < 1e-7 } && s.state.v.allSatisfy { abs($0 - reference.finalState[1]) < 1e-7 },
                "\(s.state.u[0]), \(s.state.v[0]) vs \(reference.finalState)")
        // Without the driver the end differs: the test sees b.
        let constant = try GridSimulation(kinetics: model, grid: grid).run(from: start, method: method, dt: 0.01, steps: 1000)
        #expect(abs(constant.state.u[0] - s.state.u[0]) > 1e-3)
    }

    /// Gray–Scott with v = 0 is linear diffusion with decay, w' = −F·w + D_u(t)·Δ_h w for
    /// w = u − 1: a periodic mode w = A cos(2πx/L) of −Δ_h's eigenvalue μ keeps its shape.
    struct DecayingMode {
        let cells = 16, amplitude = 0.1, feed = 0.2
        let driver = [ParameterDriver("Du", .piecewise(times: [0, 1], values: [0.5, 2]))]
        var grid: Grid { try! Grid(shape: [cells], spacing: 1, boundary: .periodic) }
        var mu: Double { 2 - 2 * cos(2 * Double.pi / Double(cells)) }
        var start: GridState {
            GridState(u: (0..<cells).map { 1 + amplitude * cos(2 * Double.pi * Double($0) / Double(cells)) }, v: [Double](repeating: 0, count: cells))
        }
        func simulation() throws -> GridSimulation {
            try GridSimulation(kinetics: GrayScott(feed: feed, kill: 0.05, du: 0.5, dv: 0.1), grid: grid).driven(by: driver, until: 2)
        }
    }

    @Test(arguments: [GridMethod.rk4, .dopri5, .euler]) func aDrivenDiffusionCoefficientDecaysAModeAsTheClosedForm(method: GridMethod) throws {
        // Exact: A·exp(−F·t − μ·∫D_u) with ∫₀² D_u = 0.5·1 + 2·1. RK4 (dt 0.01) and Dormand–Prince
        // (rtol 1e-10) to 1e-8; forward Euler is first order: its own product Π(1 − (F + D_k μ)dt).
        let mode = DecayingMode()
        let s = try mode.simulation().run(from: mode.start, method: method, dt: method == .euler ? 0.001 : 0.01, steps: method == .euler ? 2000 : 200,
                                          tolerances: DormandPrince(rtol: 1e-10, atol: 1e-12))
        let exact: Double
        if method == .euler {
            exact = mode.amplitude * pow(1 - (mode.feed + 0.5 * mode.mu) * 0.001, 1000) * pow(1 - (mode.feed + 2 * mode.mu) * 0.001, 1000)
        } else {
            exact = mode.amplitude * exp(-mode.feed * 2 - mode.mu * 2.5)
        }
        for i in 0..<mode.cells {
            let phase = cos(2 * Double.pi * Double(i) / Double(mode.cells))
            #expect(abs(s.state.u[i] - 1 - exact * phase) < (method == .euler ? 1e-10 : 1e-8), "cell \(i)")
        }
    }

    @Test func imexTakesTheDrivenDiffusionInItsImplicitSolve() throws {
        // IMEX: (1 + dt·D_k·μ)·ŵ_new = (1 − F·dt)·ŵ, so the mode's amplitude is the product of
        // (1 − F dt)/(1 + dt D_k μ) over the steps.
        let mode = DecayingMode()
        let s = try mode.simulation().run(from: mode.start, method: .imex, dt: 0.01, steps: 200)
        let exact = mode.amplitude * pow((1 - mode.feed * 0.01) / (1 + 0.01 * 0.5 * mode.mu), 100) * pow((1 - mode.feed * 0.01) / (1 + 0.01 * 2 * mode.mu), 100)
        for i in 0..<mode.cells {
            #expect(abs(s.state.u[i] - 1 - exact * cos(2 * Double.pi * Double(i) / Double(mode.cells))) < 1e-12, "cell \(i)")
        }
    }

    @Test func etdrk4RefusesADrivenDiffusionAndTheLimitIsTheDriversLargest() throws {
        let mode = DecayingMode()
        let driven = try mode.simulation()
        let refusal = #expect(throws: ParameterError.self) { try driven.run(from: mode.start, method: .etdrk4, dt: 0.01, steps: 10) }
        #expect(refusal?.parameter == "method" && refusal?.message.contains("imex") == true)
        // D_u reaches 2: forward Euler's limit on a 1-D grid of h = 1 is 1/(2·2) = 0.25 (0.5 for D_u = 0.5 alone).
        let limit = #expect(throws: ParameterError.self) { try driven.run(from: mode.start, method: .euler, dt: 0.3, steps: 2) }
        #expect(limit?.parameter == "dt")
    }
}
