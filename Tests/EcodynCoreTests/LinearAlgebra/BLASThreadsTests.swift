import Testing
@testable import EcodynCore

struct BLASThreadsTests {
    @Test func singleThreadRegionRestoresTheCount() {
        let before = BLASThreads.count
        let inside = BLASThreads.withSingleThread { BLASThreads.withSingleThread { BLASThreads.count } }
        #expect(inside == 1)
        #expect(BLASThreads.count == before)
    }

    @Test func reportsCoreAndProcessors() {
        #expect(!BLASThreads.coreName.isEmpty)
        #expect(BLASThreads.processors >= 1)
        #expect(BLASThreads.configuration.contains("OpenBLAS"))
    }
}
