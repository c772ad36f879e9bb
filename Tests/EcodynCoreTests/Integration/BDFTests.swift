import Foundation
import Testing
@testable import EcodynCore

struct BDFTests {
    /// ROBER's reference solution at t = 40 and t = 10¹¹ (Mazzia & Magherini, *Test Set for IVP
    /// Solvers*, release 2.4, problem ROBER; SciPy's Radau at rtol 1e-12 agrees to 3e-10).
    static let robertson40 = [0.7158270687193, 9.185534764529e-6, 0.2841637457762]
    static let robertson1e11 = [0.2083340149701255e-07, 0.8333360770334713e-13, 0.9999999791665050]

    @Test(arguments: [false, true]) func robertsonAgainstTheTestSet(differenceQuotients: Bool) {
        let bdf = BDF(rtol: 1e-8, atol: 1e-14)
        let field: any VectorField = differenceQuotients ? RobertsonWithoutJacobian() : Robertson()
        for (tEnd, reference) in [(40.0, Self.robertson40), (1e11, Self.robertson1e11)] {
            let s = bdf.solve(field, from: [1, 0, 0], over: 0...tEnd)
            #expect(s.status == .finished && s.finalTime == tEnd, "\(s.message ?? "")")
            for i in 0..<3 {
                #expect(abs(s.finalState[i] - reference[i]) <= 1e-5 * reference[i], "y\(i + 1)(\(tEnd)) = \(s.finalState[i]), reference \(reference[i])")
            }
            // Stiff: 10¹¹ time units in a few thousand steps (an explicit method needs ~10¹⁴).
            #expect(s.statistics.steps < 5000)
            if !differenceQuotients { #expect(s.statistics.jacobianProducts > 0) }
        }
    }

    @Test func backwardEulerConvergesAtOrderOne() {
        // Fixed h (hλ up to −40: the stiff regime), order capped at 1: the global error at t = 1
        // against the exact solution must fall as h. (CVODE changes the order only together
        // with the step, so fixed steps test order 1 alone; higher orders below.)
        let y0 = [1.0, 0.5], hs = [0.04, 0.02, 0.01, 0.005]
        let exact = StiffLinear().exact(1, from: y0)
        let errors = hs.map { h -> Double in
            let s = BDF(rtol: 1e3, atol: 1e3, maxOrder: 1, fixedStep: h).solve(StiffLinear(), from: y0, over: 0...1)
            return max(abs(s.finalState[0] - exact[0]), abs(s.finalState[1] - exact[1]))
        }
        let measured = convergenceOrder(steps: hs, errors: errors)
        #expect(abs(measured - 1) < 0.1, "order \(measured), errors \(errors)")
    }

    @Test(arguments: [2, 3]) func adaptiveStepsConvergeAtTheirOrder(order: Int) {
        // Orders capped at q: over tolerances 1e-6 … 1e-10 the error must fall as (steps)^−q
        // (the average step is the span over the steps).
        let y0 = [1.0, 0.5], exact = StiffLinear().exact(2, from: y0)
        let runs = [1e-6, 1e-7, 1e-8, 1e-9, 1e-10].map { tol -> (Double, Double) in
            let s = BDF(rtol: tol, atol: tol, maxOrder: order).solve(StiffLinear(), from: y0, over: 0...2)
            return (2 / Double(s.statistics.steps), max(abs(s.finalState[0] - exact[0]), abs(s.finalState[1] - exact[1])))
        }
        let measured = convergenceOrder(steps: runs.map(\.0), errors: runs.map(\.1))
        #expect(abs(measured - Double(order)) < 0.5, "order \(measured), runs \(runs)")
    }

    @Test func adaptiveErrorFollowsTheTolerance() {
        let y0 = [1.0, 0.5], exact = StiffLinear().exact(2, from: y0)
        let errors = [1e-5, 1e-8].map { tol -> Double in
            let s = BDF(rtol: tol, atol: tol).solve(StiffLinear(), from: y0, over: 0...2)
            return max(abs(s.finalState[0] - exact[0]), abs(s.finalState[1] - exact[1]))
        }
        #expect(errors[0] < 1e-3 && errors[1] < 1e-6, "\(errors)")
        #expect(errors[1] < errors[0] / 100, "\(errors)")
    }

    /// A community whose members' rates span four decades (r from 10⁴ down to 1): its Jacobian's
    /// eigenvalues at the equilibrium are about −r_i, so explicit steps are held at ~3·10⁻⁴.
    static func stiffCommunity(n: Int) throws -> Community {
        let r = (0..<n).map { pow(10, 4 * (1 - Double($0) / Double(max(n - 1, 1)))) }
        var delta = Matrix.identity(n)
        for i in 0..<n { for j in 0..<n where i != j { delta[i, j] = 0.3 * Double((i * 7 + j * 3) % 5) / Double(n) } }
        return try Community(r: r, mu: r.map { 0.1 * $0 }, K: (0..<n).map { 1 + 0.5 * Double($0 % 3) }, delta: delta)
    }

    @Test(arguments: [8, 100]) func stiffCommunityAgainstTightDormandPrince(n: Int) throws {
        // n = 8: the dense LU with the analytic Jacobian; n = 100: GMRES with the analytic J·v.
        let field = CommunityField(try Self.stiffCommunity(n: n))
        let x0 = [Double](repeating: 0.05, count: n)
        let reference = DormandPrince(rtol: 1e-11, atol: 1e-13).solve(field, from: x0, over: 0...20)
        let s = BDF(rtol: 1e-8, atol: 1e-10).solve(field, from: x0, over: 0...20, limits: .population)
        #expect(s.status == .finished)
        for i in 0..<n { #expect(abs(s.finalState[i] - reference.finalState[i]) < 1e-6, "member \(i)") }
        #expect(s.statistics.steps * 20 < reference.statistics.steps, "\(s.statistics.steps) BDF steps, \(reference.statistics.steps) Dormand–Prince steps")
        #expect(s.statistics.jacobianProducts > 0)
    }

    @Test func kineticsThroughTheirJacobian() throws {
        // The well-mixed Brusselator at a = 2, b = 3 < 1 + a² spirals into its steady state
        // (a, b/a) = (2, 1.5); BDF with the kinetics' 2 × 2 Jacobian matches Dormand–Prince at rtol 1e-11.
        let field = KineticsField(try Brusselator(a: 2, b: 3))
        let reference = DormandPrince(rtol: 1e-11, atol: 1e-13).solve(field, from: [1, 1], over: 0...30)
        let s = BDF(rtol: 1e-9, atol: 1e-12).solve(field, from: [1, 1], over: 0...30)
        #expect(s.status == .finished && s.statistics.jacobianProducts > 0)
        #expect(abs(s.finalState[0] - reference.finalState[0]) < 1e-7 && abs(s.finalState[1] - reference.finalState[1]) < 1e-7)
        #expect(abs(s.finalState[0] - 2) < 1e-5 && abs(s.finalState[1] - 1.5) < 1e-5)
    }

    @Test func savesRequestedTimesFromTheInterpolant() {
        let y0 = [1.0, 0.5], times = (1...20).map { Double($0) * 0.1 }
        let s = BDF(rtol: 1e-9, atol: 1e-12).solve(StiffLinear(), from: y0, over: 0...2, saving: .times(times))
        #expect(s.times == [0] + times)
        for (k, t) in s.times.enumerated() {
            let e = StiffLinear().exact(t, from: y0)
            #expect(abs(s.state(k)[s.state(k).startIndex] - e[0]) < 1e-7 && abs(s.state(k).last! - e[1]) < 1e-7, "t = \(t)")
        }
    }

    @Test func blowUpIsAReportedStatus() {
        // x' = x² from 1 leaves every bound before t = 1.
        struct Quadratic: VectorField {
            var dimension: Int { 1 }
            func evaluate(_ t: Double, _ x: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>) { dx[0] = x[0] * x[0] }
        }
        let s = BDF().solve(Quadratic(), from: [1], over: 0...2)
        #expect(s.status == .diverged && s.finalTime < 1)
        #expect(s.message != nil)
        let budget = BDF(maxSteps: 5).solve(StiffLinear(), from: [1, 1], over: 0...10)
        #expect(budget.status == .maxSteps && budget.statistics.steps == 5)
    }
}

struct AutomaticMethodTests {
    @Test func nonStiffProblemsStayWithDormandPrince() {
        let logistic = Logistic()
        let s = AutomaticMethod(rtol: 1e-8, atol: 1e-10).solve(logistic.field, from: [logistic.x0], over: 0...20)
        #expect(s.phases == [MethodPhase(method: "dopri5", start: 0)])
        #expect(abs(s.finalState[0] - logistic.exact(20)) < 1e-7)
    }

    @Test func handsOverToBDFWhereTheProblemTurnsStiff() throws {
        let field = CommunityField(try BDFTests.stiffCommunity(n: 8))
        let x0 = [Double](repeating: 0.05, count: 8)
        let reference = DormandPrince(rtol: 1e-11, atol: 1e-13).solve(field, from: x0, over: 0...20)
        let s = AutomaticMethod(rtol: 1e-8, atol: 1e-10).solve(field, from: x0, over: 0...20, limits: .population)
        #expect(s.phases.map(\.method) == ["dopri5", "bdf"])
        #expect(s.phases[1].start > 0 && s.phases[1].start < 20)
        for i in 0..<8 { #expect(abs(s.finalState[i] - reference.finalState[i]) < 1e-6) }
        #expect(s.statistics.steps * 20 < reference.statistics.steps)
    }

    @Test func handsBackWhenTheStiffnessFades() {
        // λ(t) = 10⁴e^{−2t}: stiff at first, λ < 1 after t ≈ 4.6; the solution is cos t throughout.
        let times = (1...100).map { Double($0) * 0.1 }
        let s = AutomaticMethod(rtol: 1e-8, atol: 1e-10).solve(FadingStiffness(), from: [1], over: 0...10, saving: .times(times))
        #expect(s.phases.map(\.method) == ["dopri5", "bdf", "dopri5"], "\(s.phases)")
        #expect(s.times == [0] + times)
        for (k, t) in s.times.enumerated() { #expect(abs(s.state(k).first! - cos(t)) < 1e-6, "t = \(t)") }
    }
}
