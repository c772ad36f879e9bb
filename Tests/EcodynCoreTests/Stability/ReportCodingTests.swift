import Foundation
import Testing
@testable import EcodynCore

/// Reports are Codable values: encoded as JSON and decoded back they are what they were.
struct ReportCodingTests {
    @Test func reportsRoundTripThroughJSON() throws {
        let duo = try Community(r: [1.0, 0.8], mu: [0.1, 0.1], K: [10, 8], delta: Matrix([[1.0, 0.5], [0.4, 1.0]]))
        let analysis = try CommunityAnalysis(duo)
        let decoded = try JSONDecoder().decode(CommunityAnalysis.self, from: JSONEncoder().encode(analysis))
        #expect(decoded.equilibrium == analysis.equilibrium && decoded.stability.eigenvalues == analysis.stability.eigenvalues)
        #expect(decoded.stability.classification == .stableNode && decoded.stability.reactivity == analysis.stability.reactivity)

        let market = try AllianceMarket(K: 10, gamma: 1, c: 10, beta: 200, b1: 2, b2: 1)
        let sharing = try market.sharing(lambda: 0.75)
        let sharingBack = try JSONDecoder().decode(SharingOutcome.self, from: JSONEncoder().encode(sharing))
        #expect(sharingBack == sharing)
        let encoded = try JSONEncoder().encode([IntegrationStatus.maxSteps])
        let status = try JSONDecoder().decode([IntegrationStatus].self, from: encoded)
        #expect(status == [.maxSteps] && String(decoding: encoded, as: UTF8.self) == "[\"max-steps\"]")
    }
}
