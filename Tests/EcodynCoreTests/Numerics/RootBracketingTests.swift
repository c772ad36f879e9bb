import Foundation
import Testing
@testable import EcodynCore
import EcodynTestSupport

struct RootBracketingTests {
    @Test func findsTheRootsOfACubic() {
        // (x − 0.1)(x − 0.5)(x − 0.9) on [0, 1].
        let roots = RootBracketing.signChanges(of: { ($0 - 0.1) * ($0 - 0.5) * ($0 - 0.9) }, in: 0...1, samples: 64)
        #expect(allClose(roots, [0.1, 0.5, 0.9], atol: 1e-12))
    }

    @Test func findsATranscendentalRoot() {
        // cos x = x at the Dottie number 0.7390851332151607 (a standard constant).
        let roots = RootBracketing.signChanges(of: { cos($0) - $0 }, in: 0...1)
        #expect(roots.count == 1 && abs(roots[0] - 0.7390851332151607) < 1e-12)
    }

    @Test func doesNotReportAPoleAsARoot() {
        // 1/(x − 0.5) changes sign across its pole, where it is not finite at the sample x = 0.5.
        let roots = RootBracketing.signChanges(of: { 1 / ($0 - 0.5) }, in: 0...1, samples: 10)
        #expect(roots.isEmpty)
    }
}
