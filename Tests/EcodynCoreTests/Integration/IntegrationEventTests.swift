import EcodynCore
import EcodynTestSupport
import Foundation
import Testing

/// Events located on Dormand–Prince's dense output, against closed forms.
@Suite struct IntegrationEventTests {
    @Test func logisticPassageTimeOfALevel() throws {
        // dX/dt = rX(1 − X/K) from X₀ passes L at t = ln(L(K − X₀)/(X₀(K − L)))/r.
        let (r, K, x0) = (0.8, 5.0, 0.05)
        let logistic = try Community(r: [r], mu: [0], K: [K], delta: Matrix.identity(1))
        var method = DormandPrince(rtol: 1e-10, atol: 1e-12)
        method.watch = EventWatch(levels: [.init(.component(0), 1, .rising), .init(.total, 4, .either), .init(.component(0), 2, .falling)])
        let s = method.solve(CommunityField(logistic), from: [x0], over: 0...30)
        let passage = { (level: Double) in log(level * (K - x0) / (x0 * (K - level))) / r }
        #expect(s.events.count == 2)            // the falling crossing of 2 never happens
        #expect(s.events.map(\.level) == [1, 4] && s.events.map(\.direction) == [.rising, .rising])
        #expect(isClose(s.events[0].time, passage(1), rtol: 1e-9) && isClose(s.events[1].time, passage(4), rtol: 1e-9))
        #expect(s.events[1].member == nil && isClose(s.events[1].state[0], 4, rtol: 1e-9))
    }

    @Test func anExtinctionSetsTheMemberToZeroWhereItFallsThroughTheThreshold() throws {
        // examples/community-duo.toml with δ₀₁ = 2: member 0 has no feasible equilibrium and decays.
        let duo = try Community(r: [1, 0.8], mu: [0.1, 0.1], K: [10, 8], delta: try Matrix([[1, 2], [0.4, 1]]))
        var watched = DormandPrince(rtol: 1e-10, atol: 1e-14)
        watched.watch = EventWatch(extinction: 1e-6)
        let plain = DormandPrince(rtol: 1e-10, atol: 1e-14)
        let a = watched.solve(CommunityField(duo), from: [1, 1], over: 0...200, limits: .population)
        let times = (1...4000).map { 200 * Double($0) / 4000 }
        let b = plain.solve(CommunityField(duo), from: [1, 1], over: 0...200, saving: .times(times), limits: .population)
        let event = try #require(a.events.first)
        #expect(a.events.count == 1 && event.kind == .extinction && event.member == 0 && event.state[0] == 0)
        // Without the watch member 0 crosses 1e-6 between the saved states that bracket the event time.
        let k = try #require(b.times.firstIndex { $0 > event.time })
        #expect(b.states[2 * (k - 1)] > 1e-6 && b.states[2 * k] <= 1e-6)
        #expect(a.finalState[0] == 0 && b.finalState[0] > 0)
        #expect(isClose(a.finalState[1], 7, rtol: 1e-8))   // member 1 alone at K'₁ = 7
    }

    @Test(arguments: ["bdf", "auto"]) func theStiffAndAutomaticMethodsLocateTheSameEvents(method: String) throws {
        // The logistic passages of the first test (closed form), and the duo's extinction against
        // Dormand–Prince's: CVODE's root finding on its interpolant, extinctions restarting it.
        let (r, K, x0) = (0.8, 5.0, 0.05)
        let logistic = try Community(r: [r], mu: [0], K: [K], delta: Matrix.identity(1))
        let levels = EventWatch(levels: [.init(.component(0), 1, .rising), .init(.total, 4, .either), .init(.component(0), 2, .falling)])
        func run(_ watch: EventWatch, _ field: CommunityField, _ x: [Double], _ tEnd: Double) -> Solution {
            method == "bdf" ? { var m = BDF(rtol: 1e-10, atol: 1e-14); m.watch = watch; return m.solve(field, from: x, over: 0...tEnd, limits: .population) }()
                            : { var m = AutomaticMethod(rtol: 1e-10, atol: 1e-14); m.watch = watch; return m.solve(field, from: x, over: 0...tEnd, limits: .population) }()
        }
        let s = run(levels, CommunityField(logistic), [x0], 30)
        let passage = { (level: Double) in log(level * (K - x0) / (x0 * (K - level))) / r }
        #expect(s.events.map(\.level) == [1, 4] && s.events.map(\.direction) == [.rising, .rising])
        #expect(isClose(s.events[0].time, passage(1), rtol: 1e-7) && isClose(s.events[1].time, passage(4), rtol: 1e-7), "\(s.events.map(\.time))")
        let duo = try Community(r: [1, 0.8], mu: [0.1, 0.1], K: [10, 8], delta: try Matrix([[1, 2], [0.4, 1]]))
        var reference = DormandPrince(rtol: 1e-12, atol: 1e-15)
        reference.watch = EventWatch(extinction: 1e-6)
        let expected = try #require(reference.solve(CommunityField(duo), from: [1, 1], over: 0...200, limits: .population).events.first)
        let d = run(EventWatch(extinction: 1e-6), CommunityField(duo), [1, 1], 200)
        let event = try #require(d.events.first)
        #expect(d.events.count == 1 && event.kind == .extinction && event.member == 0 && event.state[0] == 0)
        #expect(isClose(event.time, expected.time, rtol: 1e-6), "\(event.time) vs \(expected.time)")
        #expect(d.finalState[0] == 0 && isClose(d.finalState[1], 7, rtol: 1e-8))
    }

    @Test func aWatchNeedsAnAdaptiveMethodAndValidLevels() throws {
        let c = try Community(r: [1], mu: [0], K: [1], delta: Matrix.identity(1))
        #expect(throws: ParameterError.self) {
            try CommunityProblem(community: c, initialState: [0.1], tEnd: 10, method: .rk4(dt: 0.1), watch: EventWatch(extinction: 1e-6))
        }
        #expect(throws: ParameterError.self) {
            try CommunityProblem(community: c, initialState: [0.1], tEnd: 10, method: .dopri5(DormandPrince()), watch: EventWatch(levels: [.init(.component(3), 1, .rising)]))
        }
        #expect(throws: ParameterError.self) {
            try CommunityProblem(community: c, initialState: [0.1], tEnd: 10, method: .dopri5(DormandPrince()), watch: EventWatch(extinction: -1))
        }
    }
}
