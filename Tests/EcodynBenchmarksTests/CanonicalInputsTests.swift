import Testing
@testable import EcodynBenchmarks

struct CanonicalInputsTests {
    @Test func communityMatchesThePeersGenerator() {
        // Reference: workloads.glv_community(3, 1.0, 1) of shared/peers/workloads.py, printed with repr.
        let c = CanonicalInputs.glvCommunity(n: 3, alpha: 1, seed: 1)
        #expect(c.delta.rowArrays == [[1.0, 0.014186290931107088, 0.13620324638591663],
                                      [0.11182515674196421, 1.0, 0.3275976475915013],
                                      [0.19827136643856172, 0.3927262819389312, 1.0]])
        #expect(c.r == [1.41697444389973, 1.4086518583689074, 1.3663373632860276])
        #expect(c.mu == c.r.map { 0.1 * $0 })
        #expect(c.K == [1, 1, 1] && c.x0 == [0.01, 0.01, 0.01])
    }

    @Test func recordsFollowThePeersSchema() {
        let record = BenchmarkRecord(workload: "W5 eig-dense", impl: "ecodyn dgeev", seconds: 1.25,
                                     figures: [("rhs_evals", 10)], checksum: .number(-0.5))
        #expect(record.json.serialized() == #"{"workload": "W5 eig-dense", "impl": "ecodyn dgeev", "seconds": 1.25, "rhs_evals": 10, "checksum": -0.5}"#)
    }

    @Test func selectionByNameIsCaseInsensitiveAndRejectsUnknownNames() throws {
        #expect(try Workloads.select(["w5"]).get().map(\.id) == ["W5"])
        #expect(try Workloads.select([]).get().count == Workloads.all.count)
        guard case .failure(let error) = Workloads.select(["W8"]) else { Issue.record("W8 accepted"); return }
        #expect(error.description.contains("W8"))
    }
}
