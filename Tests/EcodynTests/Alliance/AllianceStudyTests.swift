import Testing
@testable import Ecodyn
import EcodynTestSupport

struct AllianceStudyTests {
    let example = """
        [model]
        kind = "alliance"
        K = 10
        gamma = 1
        c = 10
        beta = 200
        b1 = 2
        b2 = 1
        [sharing]
        lambda = { linspace = [0.7, 0.8, 3] }
        [vertical]
        coalition_values = [3, 6, 9]
        phi = [2, 1, 1]
        weights = { phi = 1 }
        [shapley]
        values = [0, 1, 2, 4, 0, 3, 5, 9]
        """

    @Test func aSpecBecomesATable() throws {
        let report = try AllianceStudy(spec: SpecTable.parse(example)).run()
        #expect(report.sharing.map(\.lambda) == [0.7, 0.75, 0.8])
        #expect(isClose(report.sharing[1].platformProfit, 2798, rtol: 1e-13))
        // V(N) = π₁(λ), and the improved shares sum to it.
        for (row, outcome) in zip(report.vertical, report.sharing) {
            #expect(row.value == outcome.platformProfit)
            #expect(isClose(row.shares.reduce(0, +), row.value, rtol: 1e-13))
        }
        #expect(report.members == ["member 1", "member 2", "member 3"])
        #expect(allClose(try #require(report.shapley), [2.5, 4, 2.5], rtol: 1e-14))  // by hand in AllocationTests
        let json = report.json.serialized()
        for key in ["\"decentralized\"", "\"centralized\"", "\"lambda_range\"", "\"sharing\"", "\"vertical\"", "\"shares\"", "\"platform_profit\""] {
            #expect(json.contains(key))
        }
    }

    @Test func specErrorsNameTheKey() throws {
        let bad = example.replacingOccurrences(of: "gamma = 1", with: "gama = 1")
        #expect { try AllianceStudy(spec: SpecTable.parse(bad)) } throws: { ($0 as? SpecError)?.key == "model.gama" }
        let wrongWeights = example.replacingOccurrences(of: "weights = { phi = 1 }", with: "weights = { phi = 0.5 }")
        let spec = try SpecTable.parse(wrongWeights)
        #expect { try AllianceStudy(spec: spec).run(keyedBy: spec) } throws: { ($0 as? SpecError)?.key == "vertical.weights" }
        #expect { try AllianceStudy(spec: spec).run() } throws: { ($0 as? ParameterError)?.parameter == "weights" }
    }
}
