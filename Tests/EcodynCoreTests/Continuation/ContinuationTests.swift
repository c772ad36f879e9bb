import ComplexModule
import EcodynCore
import EcodynTestSupport
import Foundation
import Testing

/// Pseudo-arclength continuation and the located bifurcations, each against its closed form.
@Suite struct ContinuationTests {
    @Test func brusselatorHopfAtOnePlusASquaredWithFrequencyA() throws {
        for a in [1.0, 2.0] {
            let family = try EquilibriumFamily(kinetics: try Brusselator(a: a, b: 1.2), parameter: "b")
            let branch = try Continuation(family).branch(from: [a, 1.2 / a], to: 2 + 2 * a * a)
            #expect(branch.end == .reachedTarget)
            let hopf = try #require(branch.bifurcations.first { $0.type == .hopf })
            // MODELS.md §2: b_H = 1 + a², where det J = a² gives the pair ±ia.
            #expect(isClose(hopf.parameterValue, 1 + a * a, rtol: 1e-9))
            #expect(isClose(hopf.frequency ?? 0, a, rtol: 1e-8))
            #expect(allClose(hopf.state, [a, (1 + a * a) / a], rtol: 1e-9))
            #expect((hopf.firstLyapunov ?? 0) < 0 && hopf.note == "supercritical")   // the Brusselator's cycle is stable
            #expect(branch.bifurcations.count == 1)
            // The branch is the steady state (a, b/a) all along; stable before b_H, unstable after.
            for point in branch.points {
                #expect(allClose(point.state, [a, point.parameterValue / a], rtol: 1e-9))
                #expect(point.stable == (point.parameterValue < 1 + a * a - 1e-9) || abs(point.parameterValue - 1 - a * a) < 1e-6)
            }
        }
    }

    @Test func schnakenbergHopfWhereTheTraceVanishes() throws {
        // J at (a + b, b/(a + b)²) has trace −1 + 2b/(a + b) − (a + b)²: its root in b by bisection.
        let a = 0.1
        func trace(_ b: Double) -> Double { -1 + 2 * b / (a + b) - (a + b) * (a + b) }
        var (lo, hi) = (0.5, 1.2)
        for _ in 0..<200 { let mid = (lo + hi) / 2; if (trace(mid) < 0) == (trace(lo) < 0) { lo = mid } else { hi = mid } }
        let family = try EquilibriumFamily(kinetics: try Schnakenberg(a: a, b: 0.5, du: 1, dv: 10), parameter: "b")
        let branch = try Continuation(family).branch(from: [0.6, 0.5 / 0.36], to: 1.2)
        let hopf = try #require(branch.bifurcations.first { $0.type == .hopf })
        #expect(isClose(hopf.parameterValue, lo, rtol: 1e-9))
        let det = (a + lo) * (a + lo)   // det J = (a + b)² at the steady state: ω² = det at the Hopf point
        #expect(isClose(hopf.frequency ?? 0, det.squareRoot(), rtol: 1e-8))
    }

    @Test func grayScottFoldWhereFEqualsFourFPlusKSquared() throws {
        // Nontrivial states exist where F > 4(F + k)²; at fixed k the branch turns at the roots of
        // 4F² + (8k − 1)F + 4k² = 0.
        let k = 0.05
        let fold = ((1 - 8 * k) - ((1 - 8 * k) * (1 - 8 * k) - 64 * k * k).squareRoot()) / 8
        let model = try GrayScott(feed: 0.04, kill: k, du: 0.16, dv: 0.08)
        let upper = try #require(model.steadyStates.first { $0.v > 0.15 })
        var settings = ContinuationSettings()
        settings.maximumPoints = 400
        let branch = try Continuation(try EquilibriumFamily(kinetics: model, parameter: "F"), settings: settings)
            .branch(from: [upper.u, upper.v], to: 0.0)
        let first = try #require(branch.bifurcations.first { $0.type == .fold })
        #expect(isClose(first.parameterValue, fold, rtol: 1e-9))
        #expect(isClose(4 * (first.parameterValue + k) * (first.parameterValue + k), first.parameterValue, rtol: 1e-8))
        // Past the fold the branch comes back up in F on the other state: a true turn, not a stop.
        #expect(branch.points.contains { $0.parameterValue > 0.03 && $0.state[1] < 0.2 })
    }

    /// A planar family with the equilibrium at 0 and the pair μ(p) ± i: Re λ = μ(p).
    func planar(_ mu: @escaping @Sendable (Double) -> Double, sigma: Double = -1) -> EquilibriumFamily {
        EquilibriumFamily(dimension: 2, parameter: "p", initialValue: 0) { x, p in
            let r2 = x[0] * x[0] + x[1] * x[1]
            return [mu(p) * x[0] - x[1] + sigma * x[0] * r2, x[0] + mu(p) * x[1] + sigma * x[1] * r2]
        }
    }

    @Test func twoHopfPointsCloserThanTheDefaultStepAreBothFound() throws {
        // Re λ = (p − 0.50)(p − 0.52): a Hopf bubble of width 0.02 on [0, 1], whose default
        // largest step is 0.04.
        let branch = try Continuation(planar { ($0 - 0.5) * ($0 - 0.52) }).branch(from: [0, 0], at: 0, to: 1)
        let hopf = branch.bifurcations.filter { $0.type == .hopf }.map(\.parameterValue)
        #expect(hopf.count == 2)
        #expect(hopf.count == 2 && isClose(hopf[0], 0.5, rtol: 1e-8) && isClose(hopf[1], 0.52, rtol: 1e-8))
    }

    @Test func aFoldNextToAHopfPointAreBothFound() throws {
        // x' = p − x² (a fold at p = 0) beside an oscillator whose pair crosses at p = 0.01.
        let family = EquilibriumFamily(dimension: 3, parameter: "p", initialValue: 1) { x, p in
            let mu = p - 0.01, r2 = x[1] * x[1] + x[2] * x[2]
            return [p - x[0] * x[0], mu * x[1] - x[2] - x[1] * r2, x[1] + mu * x[2] - x[2] * r2]
        }
        var settings = ContinuationSettings()
        settings.maximumPoints = 200
        let branch = try Continuation(family, settings: settings).branch(from: [1, 0, 0], at: 1, to: -1)
        let types = branch.bifurcations.map(\.type)
        #expect(Array(types.prefix(2)) == [.hopf, .fold])
        let hopf = try #require(branch.bifurcations.first { $0.type == .hopf })
        let fold = try #require(branch.bifurcations.first { $0.type == .fold })
        #expect(isClose(hopf.parameterValue, 0.01, rtol: 1e-8) && abs(fold.parameterValue) < 1e-9)
    }

    @Test func firstLyapunovCoefficientOfTheHopfNormalForm() throws {
        // x' = μx − y + σx(x² + y²), y' = x + μy + σy(x² + y²): l₁ = 2σ/ω with ⟨q, q⟩ = 1 (ω = 1).
        for sigma in [-1.0, 0.5] {
            let branch = try Continuation(planar({ $0 }, sigma: sigma)).branch(from: [0, 0], at: -0.5, to: 0.5)
            let hopf = try #require(branch.bifurcations.first { $0.type == .hopf })
            #expect(abs(hopf.parameterValue) < 1e-10)
            #expect(isClose(hopf.firstLyapunov ?? 0, 2 * sigma, rtol: 1e-6))
        }
    }

    @Test func firstLyapunovCoefficientOfAPlanarSystemAgainstGuckenheimerHolmes() throws {
        // In canonical form x' = −ωy + f, y' = ωx + g, Guckenheimer & Holmes (3.4.11) give
        //   a = (f_xxx + f_xyy + g_xxy + g_yyy)/16 + [f_xy(f_xx + f_yy) − g_xy(g_xx + g_yy) − f_xx g_xx + f_yy g_yy]/(16ω),
        // and l₁ = 2a/ω in Kuznetsov's normalisation. Here f = c1 x² + c2 xy + c3 x³, g = c4 y² + c5 x²y.
        let (omega, c1, c2, c3, c4, c5) = (2.0, 0.7, -0.4, -0.3, 0.5, 0.2)
        let (fxx, fxy, fyy, fxxx, fxyy) = (2 * c1, c2, 0.0, 6 * c3, 0.0)
        let (gxx, gxy, gyy, gxxy, gyyy) = (2 * c5 * 0, 0.0, 2 * c4, 2 * c5, 0.0)
        let a = (fxxx + fxyy + gxxy + gyyy) / 16 + (fxy * (fxx + fyy) - gxy * (gxx + gyy) - fxx * gxx + fyy * gyy) / (16 * omega)
        let family = EquilibriumFamily(dimension: 2, parameter: "mu", initialValue: -0.3) { v, mu in
            let (x, y) = (v[0], v[1])
            return [mu * x - omega * y + c1 * x * x + c2 * x * y + c3 * x * x * x,
                    omega * x + mu * y + c4 * y * y + c5 * x * x * y]
        }
        let branch = try Continuation(family).branch(from: [0, 0], to: 0.3)
        let hopf = try #require(branch.bifurcations.first { $0.type == .hopf })
        #expect(abs(hopf.parameterValue) < 1e-10 && isClose(hopf.frequency ?? 0, omega, rtol: 1e-10))
        #expect(isClose(hopf.firstLyapunov ?? 0, 2 * a / omega, rtol: 1e-5, atol: 1e-8))
    }

    @Test func aParameterTheModelRefusesEndsTheBranchWithItsReason() throws {
        let family = try EquilibriumFamily(kinetics: try Brusselator(a: 1, b: 1.5), parameter: "b")
        // b must be ≥ 0: continuing down to b = −1 stops at the edge, b = 0, saying why.
        let branch = try Continuation(family).branch(from: [1, 1.5], to: -1)
        #expect(branch.end == .leftDomain)
        #expect(branch.message?.contains("b: must be ≥ 0") == true)
        #expect(branch.points.last!.parameterValue >= 0 && branch.points.last!.parameterValue < 1e-6)
    }
}

/// Communities across extinctions and invasions: the transcritical points against MODELS.md §1.
@Suite struct CommunityContinuationTests {
    /// examples/community-duo.toml: r = (1, 0.8), μ = 0.1, K = (10, 8), δ = [[1, 0.5], [0.4, 1]];
    /// K' = K(1 − μ/r) = (9, 7) and X* = (K'₁ − δ₁₂K'₂, K'₂ − δ₂₁K'₁)/(1 − δ₁₂δ₂₁).
    func duo() throws -> Community {
        try Community(r: [1, 0.8], mu: [0.1, 0.1], K: [10, 8], delta: try Matrix([[1, 0.5], [0.4, 1]]))
    }

    @Test func memberZeroLeavesWhereItsEquilibriumCrossesZero() throws {
        let path = try CommunityContinuation(community: try duo(), parameter: "delta[0][1]").follow(to: 2)
        #expect(path.transitions.count == 1)
        let leave = try #require(path.transitions.first)
        #expect(leave.type == .transcritical && leave.member == 0 && leave.note == "member 0 leaves")
        #expect(isClose(leave.parameterValue, 9.0 / 7.0, rtol: 1e-9))
        #expect(path.branches.map(\.members) == [[0, 1], [1]])
        // On the second branch member 1 is alone at K'₂ = 7, and member 0 cannot invade.
        let last = try #require(path.branches.last?.points.last)
        #expect(isClose(last.parameterValue, 2) && allClose(last.state, [0, 7], rtol: 1e-10))
        #expect(last.stable)
        for point in path.branches[0].points {
            let d = point.parameterValue
            #expect(allClose(point.state, [(9 - d * 7) / (1 - 0.4 * d), (7 - 0.4 * 9) / (1 - 0.4 * d)], rtol: 1e-8))
        }
    }

    @Test func aMemberLeavesOnTheWayUpAndEntersOnTheWayDown() throws {
        // Member 1 dies out when K'₁ = K'₂/δ₂₁: K₁ = (7/0.4)/0.9 = 19.44…, and comes back there.
        let threshold = 7 / 0.4 / 0.9
        let up = try CommunityContinuation(community: try duo(), parameter: "K[0]").follow(to: 30)
        #expect(up.transitions.map(\.note) == ["member 1 leaves"])
        #expect(isClose(up.transitions[0].parameterValue, threshold, rtol: 1e-9))
        let rich = try duo().with("K[0]", 30)
        let down = try CommunityContinuation(community: rich, parameter: "K[0]").follow(to: 10, members: [0])
        #expect(down.transitions.map(\.note) == ["member 1 enters"])
        #expect(isClose(down.transitions[0].parameterValue, threshold, rtol: 1e-9))
        #expect(allClose(down.branches.last!.points.last!.state, [6.875, 4.25], rtol: 1e-9))   // the example's X*
    }

    @Test func anInfeasibleOrInvadableStartIsRefused() throws {
        let rich = try duo().with("K[0]", 30)
        #expect(throws: ParameterError.self) { try CommunityContinuation(community: rich, parameter: "K[0]").follow(to: 10) }
        #expect(throws: ParameterError.self) { try CommunityContinuation(community: try duo(), parameter: "K[0]").follow(to: 30, members: [0]) }
        #expect(throws: ParameterError.self) { try CommunityContinuation(community: try duo(), parameter: "K[7]") }
    }
}

/// Fold and Hopf points followed in two parameters, against their closed-form curves.
@Suite struct BifurcationCurveTests {
    @Test func brusselatorHopfCurveIsBEqualsOnePlusASquared() throws {
        let family = try EquilibriumFamily(kinetics: try Brusselator(a: 1, b: 1.5), parameter: "b")
        let hopf = try #require(try Continuation(family).branch(from: [1, 1.5], to: 3).bifurcations.first { $0.type == .hopf })
        let curve = try BifurcationCurveContinuation(kind: .hopf, first: "b", second: "a") { a in
            try EquilibriumFamily(kinetics: try Brusselator(a: a, b: 1.5), parameter: "b")
        }.curve(from: hopf, secondValue: 1, to: 3)
        #expect(curve.end == .reachedTarget && curve.points.count > 5)
        for p in curve.points {
            #expect(isClose(p.first, 1 + p.second * p.second, rtol: 1e-9))      // b_H = 1 + a²
            #expect(isClose(p.frequency ?? 0, p.second, rtol: 1e-8) && !p.neutralSaddle)   // ω = a
        }
        #expect(isClose(curve.points.last!.second, 3))
    }

    @Test func grayScottFoldCurveIsFEqualsFourFPlusKSquared() throws {
        let model = try GrayScott(feed: 0.04, kill: 0.05, du: 0.16, dv: 0.08)
        let upper = try #require(model.steadyStates.first { $0.v > 0.15 })
        var settings = ContinuationSettings()
        settings.maximumPoints = 400
        let branch = try Continuation(try EquilibriumFamily(kinetics: model, parameter: "F"), settings: settings).branch(from: [upper.u, upper.v], to: 0)
        let fold = try #require(branch.bifurcations.first { $0.type == .fold })
        let curve = try BifurcationCurveContinuation(kind: .fold, first: "F", second: "k") { k in
            try EquilibriumFamily(kinetics: try GrayScott(feed: 0.04, kill: k, du: 0.16, dv: 0.08), parameter: "F")
        }.curve(from: fold, secondValue: 0.05, to: 0.06)
        #expect(curve.end == .reachedTarget)
        for p in curve.points {
            #expect(isClose(4 * (p.first + p.second) * (p.first + p.second), p.first, rtol: 1e-8))   // the saddle-node line
        }
    }

    @Test func bialternateProductEigenvaluesArePairSums() throws {
        let a = try Matrix([[1, 2, 0, -1], [0.5, -3, 1, 0], [2, 0, -1, 1], [0, 1, 0.3, 2]])
        let lambda = try a.eigenvalues()
        var sums = [Complex<Double>]()
        for i in 0..<4 { for j in 0..<i { sums.append(lambda[i] + lambda[j]) } }
        let found = try a.bialternateProduct.eigenvalues()
        #expect(found.count == 6)
        for s in sums { #expect(found.contains { ($0 - s).length < 1e-10 }) }
        // det of a triangular matrix is the product of its diagonal; swapping two rows flips the sign.
        #expect(isClose(try Matrix([[2, 5, 1], [0, -3, 4], [0, 0, 0.5]]).determinant(), -3))
        #expect(isClose(try Matrix([[0, -3, 4], [2, 5, 1], [0, 0, 0.5]]).determinant(), 3))
    }
}

/// Branch points and grid steady states.
@Suite struct BranchPointAndGridTests {
    @Test func aPitchforkIsABranchPointNotAFold() throws {
        // x' = p x − x³ on x = 0: the eigenvalue p crosses 0 at p = 0 with no turn in p.
        let family = EquilibriumFamily(dimension: 1, parameter: "p", initialValue: -1) { x, p in [p * x[0] - x[0] * x[0] * x[0]] }
        let branch = try Continuation(family).branch(from: [0], to: 1)
        #expect(branch.bifurcations.map(\.type) == [.branchPoint])
        #expect(abs(branch.bifurcations[0].parameterValue) < 1e-10)
    }

    @Test func aSmallGridsHomogeneousStateHasTheBrusselatorsHopfPoint() throws {
        // Equal diffusion: no Turing instability, so the grid's homogeneous state changes
        // stability where the well-mixed one does, at b = 1 + a² with frequency a (the k = 0 mode).
        let a = 1.5
        let grid = GridSimulation(kinetics: try Brusselator(a: a, b: 2, m1: 1, m2: 1), grid: try Grid(shape: [6], spacing: 1))
        let family = try EquilibriumFamily(grid: grid, parameter: "b")
        let start = [Double](repeating: a, count: 6) + [Double](repeating: 2 / a, count: 6)
        let branch = try Continuation(family).branch(from: start, to: 4)
        let hopf = try #require(branch.bifurcations.first { $0.type == .hopf })
        #expect(isClose(hopf.parameterValue, 1 + a * a, rtol: 1e-9) && isClose(hopf.frequency ?? 0, a, rtol: 1e-8))
        #expect(hopf.state.count == 12 && allClose(Array(hopf.state[0..<6]), [Double](repeating: a, count: 6), rtol: 1e-9))
    }
}
