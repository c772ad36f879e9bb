import CEcodynKernels
import Foundation
import Testing

/// The fused ensemble RK4 kernel: its AVX2 variant against the scalar reference, and the reference
/// against a plain Swift RK4 written here from the formulas.
struct GLVRK4EnsembleKernelTests {
    struct Run {
        var x: [Double], sum: [Double], alive: [Int], clamped: Int
    }

    /// A small competitive community and `width` members with varied rates, starting near 0.05.
    func inputs(n: Int, width: Int) -> (delta: [Double], g: [Double], a: [Double], x: [Double]) {
        var state: UInt64 = 99
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) * 0x1.0p-53
        }
        var delta = (0..<(n * n)).map { _ in 0.4 * next() / Double(n) }
        for i in 0..<n { delta[i + i * n] = 1 }
        let g = (0..<(n * width)).map { _ in 0.5 + next() }
        let a = g.map { $0 * (0.5 + next()) }
        let x = (0..<(n * width)).map { _ in 0.01 + 0.1 * next() }
        return (delta, g, a, x)
    }

    func run(_ avx2: Bool, n: Int, width: Int, x: [Double], delta: [Double], g: [Double], a: [Double],
             steps: Int = 50, h: Double = 0.05, bound: Double = 1e12, clamp: Bool = false) -> Run {
        var r = Run(x: x, sum: [Double](repeating: 0, count: n * width), alive: [Int](repeating: -1, count: width), clamped: 0)
        var scratch = [Double](repeating: 0, count: 6 * max(n, 1))
        if avx2 {
            ek_glv_rk4_ensemble_avx2(n, width, delta, g, a, &r.x, &r.sum, steps, h, h, bound, clamp ? 1 : 0, &r.alive, &r.clamped, &scratch)
        } else {
            ek_glv_rk4_ensemble_scalar(n, width, delta, g, a, &r.x, &r.sum, steps, h, h, bound, clamp ? 1 : 0, &r.alive, &r.clamped, &scratch)
        }
        return r
    }

    var hasAVX2: Bool { ek_detected_isa() == EK_ISA_AVX2_FMA }

    @Test(.enabled(if: ek_detected_isa() == EK_ISA_AVX2_FMA, "this CPU has no AVX2/FMA: nothing to compare"),
          arguments: [1, 3, 4, 5, 16, 17, 33], [0, 1, 2, 3, 5])
    func avx2MatchesScalar(n: Int, width: Int) {
        let (delta, g, a, x) = inputs(n: n, width: width)
        let scalar = run(false, n: n, width: width, x: x, delta: delta, g: g, a: a)
        let simd = run(true, n: n, width: width, x: x, delta: delta, g: g, a: a)
        #expect(simd.alive == scalar.alive && simd.alive.allSatisfy { $0 == 50 })
        // FMA changes rounding; 50 steps of a contracting system keep the difference near round-off.
        for i in 0..<(n * width) {
            #expect(abs(simd.x[i] - scalar.x[i]) <= 1e-12 * max(1, abs(scalar.x[i])))
            #expect(abs(simd.sum[i] - scalar.sum[i]) <= 1e-10 * max(1, abs(scalar.sum[i])))
        }
    }

    @Test func scalarReferenceIsRK4() {
        // One member, n = 2, written out: k = (g − a ⊙ δy) ⊙ y at the four classical stages.
        let n = 2, delta: [Double] = [1, 0.3, 0.2, 1], g: [Double] = [1, 0.8], a: [Double] = [0.5, 0.4]
        func f(_ y: [Double]) -> [Double] {
            let s = [delta[0] * y[0] + delta[2] * y[1], delta[1] * y[0] + delta[3] * y[1]]
            return (0..<2).map { (g[$0] - a[$0] * s[$0]) * y[$0] }
        }
        var y: [Double] = [0.2, 0.1]
        let h = 0.1
        for _ in 0..<10 {
            let k1 = f(y), k2 = f((0..<2).map { y[$0] + h / 2 * k1[$0] })
            let k3 = f((0..<2).map { y[$0] + h / 2 * k2[$0] }), k4 = f((0..<2).map { y[$0] + h * k3[$0] })
            y = (0..<2).map { y[$0] + h / 6 * (k1[$0] + 2 * k2[$0] + 2 * k3[$0] + k4[$0]) }
        }
        let r = run(false, n: n, width: 1, x: [0.2, 0.1], delta: delta, g: g, a: a, steps: 10, h: h)
        #expect(abs(r.x[0] - y[0]) < 1e-15 && abs(r.x[1] - y[1]) < 1e-15)
    }

    @Test func nonFiniteAndOutOfBoundMembersStopAtTheirLastGoodState() {
        let n = 5, width = 4
        let (delta, g, a, start) = inputs(n: n, width: width)
        var x = start
        x[1 * n + 2] = .nan          // member 1 is not finite from the start
        x[3 * n + 4] = .infinity     // member 3 neither
        for variant in hasAVX2 ? [false, true] : [false] {
            let r = run(variant, n: n, width: width, x: x, delta: delta, g: g, a: a)
            #expect(r.alive == [50, 0, 50, 0])
            #expect(r.x[(1 * n)..<(2 * n)].elementsEqual(x[(1 * n)..<(2 * n)]) { $0 == $1 || ($0.isNaN && $1.isNaN) })
            #expect(r.sum[(1 * n)..<(2 * n)].allSatisfy { $0 == 0 })
            #expect(r.x[(2 * n)..<(3 * n)].allSatisfy { $0.isFinite })
        }
        // A bound of 0.05 stops every member on its first step (they grow towards ~1).
        for variant in hasAVX2 ? [false, true] : [false] {
            let bounded = run(variant, n: n, width: width, x: start, delta: delta, g: g, a: a, bound: 0.05)
            #expect(bounded.alive == [0, 0, 0, 0] && bounded.x == start)
        }
    }

    @Test(arguments: [3, 6, 8])
    func negativeStatesAreClampedAndCounted(n: Int) {
        // g < 0 everywhere: populations decay; a huge step overshoots below 0 and must be clamped.
        // n = 6 and 8 take the vector path of the AVX2 admission (plus a tail for 6).
        let width = 3
        let (delta, _, a, x) = inputs(n: n, width: width)
        let g = [Double](repeating: -5, count: n * width)
        let scalar = run(false, n: n, width: width, x: x, delta: delta, g: g, a: a, steps: 3, h: 1.0, clamp: true)
        #expect(scalar.clamped > 0)
        #expect(scalar.x.allSatisfy { $0 >= 0 })
        if hasAVX2 {
            let simd = run(true, n: n, width: width, x: x, delta: delta, g: g, a: a, steps: 3, h: 1.0, clamp: true)
            #expect(simd.clamped == scalar.clamped && simd.alive == scalar.alive)
            #expect(simd.x.allSatisfy { $0 >= 0 })
        }
    }
}
