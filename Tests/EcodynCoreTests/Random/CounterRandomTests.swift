import Testing
@testable import EcodynCore

struct CounterRandomTests {
    @Test func reproducesTheCanonicalWorkloadGenerator() {
        // Reference: workloads.uniform(1, 3) from shared/peers/workloads.py (NumPy uint64 arithmetic),
        // printed with repr: [0.8934754519184256, 0.021279436396660634, 0.20430486957887495].
        #expect(CounterRandom(stream: 1).uniforms(count: 3) == [0.8934754519184256, 0.021279436396660634, 0.20430486957887495])
        // workloads.uniform(12345, 1) = [0.04408495802752399]
        #expect(CounterRandom(stream: 12345).uniform(0) == 0.04408495802752399)
    }

    @Test func drawsArePureFunctionsOfStreamAndCounter() {
        let random = CounterRandom(stream: 7)
        let forward = (0..<100).map { random.uniform(UInt64($0)) }
        let backward = (0..<100).reversed().map { random.uniform(UInt64($0)) }
        #expect(forward == backward.reversed())
        #expect(random.uniforms(count: 10, from: 90) == Array(forward[90...]))
    }

    @Test func uniformMomentsOverManyDraws() {
        // Mean 1/2 and variance 1/12 of U[0, 1); with 10⁶ draws the standard error of the mean is
        // √(1/12/10⁶) ≈ 2.9e-4, so a 5σ band is 1.5e-3.
        let random = CounterRandom(stream: 42)
        var sum = 0.0, sumSquares = 0.0
        let count = 1_000_000
        for k in 0..<count {
            let u = random.uniform(UInt64(k))
            #expect(u >= 0 && u < 1)
            sum += u
            sumSquares += u * u
        }
        let mean = sum / Double(count)
        #expect(abs(mean - 0.5) < 1.5e-3)
        #expect(abs(sumSquares / Double(count) - mean * mean - 1.0 / 12) < 1e-3)
    }
}
