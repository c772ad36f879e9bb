import EcodynTestSupport
import Foundation
import Testing
@testable import EcodynCore

/// Shocks, exits and entries against hand-computed one- and two-member cases.
struct ScheduledEventTests {
    /// X' = gX − aX² from X₀ over t: K'/(1 + (K'/X₀ − 1)e^{−gt}), K' = g/a.
    func logistic(g: Double, a: Double, from x0: Double, _ t: Double) -> Double {
        let k = g / a
        return k / (1 + (k / x0 - 1) * exp(-g * t))
    }

    let method = IntegrationMethod.dopri5(DormandPrince(rtol: 1e-11, atol: 1e-14))

    @Test func aShockHalvesTheMemberAndItRecovers() throws {
        let c = try Community(r: [1], mu: [0.2], K: [5], delta: .identity(1))   // g = 0.8, a = 0.2
        let problem = try CommunityProblem(community: c, initialState: [0.1], tEnd: 10, method: method, saves: 100,
                                           events: [ScheduledEvent(at: 5, member: 0, .multiply(0.5))])
        let s = problem.solve()
        let before = logistic(g: 0.8, a: 0.2, from: 0.1, 5)
        #expect(s.events.count == 1 && s.events[0].kind == .scheduled && isClose(s.events[0].level, before / 2, rtol: 1e-9))
        for (k, t) in s.times.enumerated() {
            let exact = t <= 5 ? logistic(g: 0.8, a: 0.2, from: 0.1, t) : logistic(g: 0.8, a: 0.2, from: before / 2, t - 5)
            #expect(abs(s.state(k).first! - exact) < 1e-8, "t = \(t)")
        }
    }

    @Test func afterAnExitTheOtherMemberGrowsAlone() throws {
        // Two competitors; member 1 leaves at t = 20: member 0 then follows its own logistic from X₀(20).
        let c = try Community(r: [1, 0.8], mu: [0.1, 0.1], K: [10, 8], delta: try Matrix([[1, 0.6], [0.5, 1]]))
        let s = try CommunityProblem(community: c, initialState: [0.5, 3], tEnd: 40, method: method, saves: 40,
                                     events: [ScheduledEvent(at: 20, member: 1, .exit)]).solve()
        let at20 = try #require(s.times.firstIndex(of: 20))
        let x20 = s.state(at20).first!
        for (k, t) in s.times.enumerated() where t > 20 {
            #expect(s.state(k).last! == 0)
            #expect(abs(s.state(k).first! - logistic(g: 0.9, a: 0.1, from: x20, t - 20)) < 1e-8, "t = \(t)")
        }
    }

    @Test func anEntrantInvadesAResidentAtItsEquilibrium() throws {
        // The resident sits at K(1 − μ/r) = 9 and is not affected by the entrant (column 0); the
        // entrant, entering at t = 10 with 0.01, feels the resident through δ = 0.5: it grows
        // logistically with g = 0.8 − 0.1 − 0.08·0.5·9 = 0.34 and a = 0.08.
        let resident = try Community(r: [1], mu: [0.1], K: [10], delta: .identity(1))
        let community = try resident.withEntrants([Entrant(r: 0.8, mu: 0.1, K: 10, row: [0.5], column: [0])])
        let s = try CommunityProblem(community: community, initialState: [9, 0], tEnd: 60, method: method, saves: 60,
                                     events: [ScheduledEvent(at: 10, member: 1, .enter(0.01))]).solve()
        for (k, t) in s.times.enumerated() {
            #expect(abs(s.state(k).first! - 9) < 1e-9)
            let entrant = t <= 10 ? 0 : logistic(g: 0.34, a: 0.08, from: 0.01, t - 10)
            #expect(abs(s.state(k).last! - entrant) < 1e-8, "t = \(t)")
        }
        #expect(throws: ParameterError.self) {
            try CommunityProblem(community: community, initialState: [9, 0], tEnd: 60, method: method, events: [ScheduledEvent(at: 70, member: 1, .exit)])
        }
    }
}
