import EcodynTestSupport
import Foundation
import Testing
@testable import EcodynCore

/// Ensembles whose members are driven and see scheduled events: each member against the closed
/// form of its forced logistic, the per-member environments, and thread-count invariance.
struct DrivenEnsembleTests {
    /// X' = gX − aX² from X₀ over t: K'/(1 + (K'/X₀ − 1)e^{−gt}), K' = g/a.
    func logistic(g: Double, a: Double, from x0: Double, _ t: Double) -> Double {
        let k = g / a
        return k / (1 + (k / x0 - 1) * exp(-g * t))
    }

    /// One species, members with K_b = 2 + b, r piecewise 1 → 2 at t = 4, μ = 0.1, X₀ = 0.1; a
    /// shock halves every member at t = 7.
    func problem(method: IntegrationMethod, members: Int = 6) throws -> CommunityEnsembleProblem {
        let K = try Matrix(rows: 1, columns: members, columnMajor: (0..<members).map { 2 + Double($0) })
        let ensemble = try CommunityEnsemble(delta: .identity(1), r: Matrix(rows: 1, columns: members, columnMajor: [Double](repeating: 1, count: members)),
                                             mu: Matrix(rows: 1, columns: members, columnMajor: [Double](repeating: 0.1, count: members)), K: K)
        return try CommunityEnsembleProblem(ensemble: ensemble, initialStates: Matrix(rows: 1, columns: members, columnMajor: [Double](repeating: 0.1, count: members)),
                                            tEnd: 10, method: method, drivers: [ParameterDriver("r", .piecewise(times: [0, 4], values: [1, 2]))],
                                            events: [ScheduledEvent(at: 7, member: 0, .multiply(0.5))])
    }

    /// Member b's exact final state: logistic with (g, a) = (0.9, 1/K) to t = 4, (1.9, 2/K) to 7, halved, then on to 10.
    func exactFinal(member b: Int) -> Double {
        let K = 2 + Double(b)
        let x4 = logistic(g: 0.9, a: 1 / K, from: 0.1, 4)
        let x7 = logistic(g: 1.9, a: 2 / K, from: x4, 3)
        return logistic(g: 1.9, a: 2 / K, from: x7 / 2, 3)
    }

    @Test func everyMemberFollowsItsForcedLogisticThroughTheShock() throws {
        let adaptive = try problem(method: .dopri5(DormandPrince(rtol: 1e-11, atol: 1e-14))).solve()
        // RK4 with dt = 0.01 lands on t = 4 and 7 exactly: its global error is O(dt⁴) ≈ 1e-8 here.
        let fixed = try problem(method: .rk4(dt: 0.01)).solve()
        for b in 0..<6 {
            #expect(abs(adaptive.finalState[0, b] - exactFinal(member: b)) < 1e-8, "dopri5, member \(b)")
            #expect(abs(fixed.finalState[0, b] - exactFinal(member: b)) < 1e-6, "rk4, member \(b)")
            #expect(adaptive.status[b] == .finished)
        }
    }

    @Test func theBandsOfIdenticalForcedMembersAreTheirCurve() throws {
        let (_, bands) = try problem(method: .dopri5(DormandPrince(rtol: 1e-11, atol: 1e-14)), members: 1).solveWithBands(samples: 20)
        #expect(bands.times.contains(7))
        for (k, t) in bands.times.enumerated() where t > 7 {
            // K = 2: a = r/K is 0.5 before t = 4 and 1 after.
            let x7 = logistic(g: 1.9, a: 1, from: logistic(g: 0.9, a: 0.5, from: 0.1, 4), 3)
            #expect(abs(bands.total.mean[k] - logistic(g: 1.9, a: 1, from: x7 / 2, t - 7)) < 1e-8, "t = \(t)")
        }
    }

    @Test func eachMemberHasItsOwnEnvironmentTheSameOnAnyThreadCount() throws {
        // K follows an Ornstein–Uhlenbeck environment: member b's run is its own problem with the
        // driver's substream b (``Driver/replicate(member:)``), whatever the thread count.
        let members = 8
        let c = try Community(r: [1], mu: [0.1], K: [3], delta: .identity(1))
        let ou = Driver.ornsteinUhlenbeck(mean: 3, reversion: 0.5, intensity: 0.3, seed: 4, step: 0.01)
        let ensemble = CommunityEnsemble(repeating: c, members: members)
        let x0 = try Matrix(rows: 1, columns: members, columnMajor: [Double](repeating: 0.5, count: members))
        let method = IntegrationMethod.dopri5(DormandPrince(rtol: 1e-8, atol: 1e-10))
        let p = try CommunityEnsembleProblem(ensemble: ensemble, initialStates: x0, tEnd: 20, method: method, drivers: [ParameterDriver("K", ou)])
        let one = p.solve(threads: 1), two = p.solve(threads: 2)
        #expect(one.finalState.elements == two.finalState.elements)
        #expect(Set(one.finalState.elements).count == members, "each member sees its own environment")
        for b in [0, 5] {
            let alone = try CommunityProblem(community: c, initialState: [0.5], tEnd: 20, method: method,
                                             drivers: [ParameterDriver("K", ou.replicate(member: b))]).solve()
            #expect(alone.finalState[0] == one.finalState[0, b])
        }
    }

    @Test func aMembersEnvironmentThatLeavesTheDomainIsRefused() throws {
        // K follows an environment of mean 1 and stationary spread σ/√(2θ) ≈ 0.5: find (through
        // the paths themselves) a seed whose member 0 keeps K > 0 while another member's path
        // reaches 0; the ensemble is refused naming that member, not run.
        let c = try Community(r: [1], mu: [0.1], K: [1], delta: .identity(1))
        let members = 12
        func ou(_ seed: UInt64) -> Driver { .ornsteinUhlenbeck(mean: 1, reversion: 0.5, intensity: 0.5, seed: seed, step: 0.01) }
        let seed = try #require((0..<200).map(UInt64.init).first { s in
            (try! ou(s).replicate(member: 0).path(until: 10)).range.lowerBound > 0
                && (1..<members).contains { (try! ou(s).replicate(member: $0).path(until: 10)).range.lowerBound <= 0 }
        })
        let x0 = try Matrix(rows: 1, columns: members, columnMajor: [Double](repeating: 0.5, count: members))
        #expect {
            try CommunityEnsembleProblem(ensemble: CommunityEnsemble(repeating: c, members: members), initialStates: x0, tEnd: 10,
                                         method: .rk4(dt: 0.1), drivers: [ParameterDriver("K", ou(seed))])
        } throws: { ($0 as? ParameterError).map { $0.parameter == "K" && $0.message.contains("member") } ?? false }
    }

    @Test func aBadDriverIsNamedForTheEnsemble() throws {
        let c = try Community(r: [1], mu: [0.1], K: [3], delta: .identity(1))
        let x0 = try Matrix(rows: 1, columns: 2, columnMajor: [0.5, 0.5])
        #expect { try CommunityEnsembleProblem(ensemble: CommunityEnsemble(repeating: c, members: 2), initialStates: x0, tEnd: 10, method: .rk4(dt: 0.1),
                                               drivers: [ParameterDriver("K", .ramp(from: 3, to: -1, start: 0, end: 5))])
        } throws: { ($0 as? ParameterError)?.parameter == "K" }
        #expect { try CommunityEnsembleProblem(ensemble: CommunityEnsemble(repeating: c, members: 2), initialStates: x0, tEnd: 10, method: .rk4(dt: 0.1),
                                               events: [ScheduledEvent(at: 3, member: 4, .exit)])
        } throws: { $0 is ParameterError }
    }
}
