import CEcodynKernels
import Foundation
import Testing

/// The fused ensemble Itô kernel: its AVX2 variant (libmvec, emulated 64-bit products) and its
/// AVX-512 noise (where the CPU has it) against the scalar reference, and the reference against Euler–Maruyama written here from the formulas with
/// the workloads' normal draws (../shared/peers/workloads.py).
struct GLVItoEnsembleKernelTests {
    let rk4 = GLVRK4EnsembleKernelTests()

    struct Run { var x: [Double], sum: [Double], alive: [Int], clamped: Int }

    enum Variant { case scalar, avx2, avx512 }

    func run(_ variant: Variant, n: Int, width: Int, multiplicative: Bool = true, milstein: Bool = false, log1p: Bool = true,
             steps: Int = 40, h: Double = 0.05) -> Run {
        let (delta, g, a, x) = rk4.inputs(n: n, width: width)
        let sigma = (0..<n).map { 0.05 + 0.01 * Double($0 % 4) }
        let streams = (0..<width).map { UInt64(7 + $0 % 2) }, bases = (0..<width).map { UInt64(2 * $0 * n) }
        var r = Run(x: x, sum: [Double](repeating: 0, count: n * width), alive: [Int](repeating: -1, count: width), clamped: 0)
        var scratch = [Double](repeating: 0, count: 3 * max(n, 1))
        let kernel = [.scalar: ek_glv_ito_ensemble_scalar, .avx2: ek_glv_ito_ensemble_avx2, .avx512: ek_glv_ito_ensemble_avx512][variant]!
        kernel(n, width, delta, g, a, sigma, multiplicative ? 1 : 0, milstein ? 1 : 0, streams, bases, UInt64(2 * width * n), log1p ? 1 : 0,
               &r.x, &r.sum, steps, h, h, 1e12, 1, &r.alive, &r.clamped, &scratch)
        return r
    }

    @Test(.enabled(if: ek_detected_isa() == EK_ISA_AVX2_FMA, "this CPU has no AVX2/FMA: nothing to compare"),
          arguments: [1, 3, 4, 5, 16, 17, 32, 33], [0, 1, 3])
    func vectorVariantsMatchScalar(n: Int, width: Int) {
        for (multiplicative, milstein, log1p) in [(true, false, true), (true, true, false), (false, false, true)] {
            let scalar = run(.scalar, n: n, width: width, multiplicative: multiplicative, milstein: milstein, log1p: log1p)
            for variant in ek_has_avx512() != 0 ? [Variant.avx2, .avx512] : [.avx2] {
            let simd = run(variant, n: n, width: width, multiplicative: multiplicative, milstein: milstein, log1p: log1p)
            #expect(simd.alive == scalar.alive && simd.clamped == scalar.clamped)
            for i in 0..<(n * width) {
                #expect(abs(simd.x[i] - scalar.x[i]) <= 1e-12 * max(1, abs(scalar.x[i])), "n \(n) member \(i / max(n, 1))")
                #expect(abs(simd.sum[i] - scalar.sum[i]) <= 1e-10 * max(1, abs(scalar.sum[i])))
            }
            }
        }
    }

    @Test func scalarReferenceIsEulerMaruyamaWithTheWorkloadsNoise() {
        // One member, n = 2, multiplicative noise, log1p form, counters 2q and 2q + 1 of stream 7
        // with q = k·n + i: workloads.normal_pairs(7, k·n + i).
        func uniform(_ k: UInt64) -> Double {
            var z = 7 &* 0x9E37_79B9_7F4A_7C15 &+ (k &+ 1) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) * 0x1.0p-53
        }
        func normal(_ q: UInt64) -> Double { (-2 * log1p(-uniform(2 * q))).squareRoot() * cos(2 * Double.pi * uniform(2 * q + 1)) }
        let n = 2, delta: [Double] = [1, 0.3, 0.2, 1], g: [Double] = [1, 0.8], a: [Double] = [0.5, 0.4], sigma: [Double] = [0.2, 0.1], h = 0.05
        var y: [Double] = [0.2, 0.1]
        for k in 0..<30 {
            let s = [delta[0] * y[0] + delta[2] * y[1], delta[1] * y[0] + delta[3] * y[1]]
            y = (0..<2).map { i in max(0, y[i] + h * (g[i] - a[i] * s[i]) * y[i] + sigma[i] * y[i] * h.squareRoot() * normal(UInt64(k * n + i))) }
        }
        var x: [Double] = [0.2, 0.1], sum = [0.0, 0.0], alive = [0], clamped = 0
        var scratch = [Double](repeating: 0, count: 6)
        ek_glv_ito_ensemble_scalar(n, 1, delta, g, a, sigma, 1, 0, [7], [0], UInt64(2 * n), 1, &x, &sum, 30, h, h, 1e12, 1, &alive, &clamped, &scratch)
        #expect(alive == [30])
        #expect(abs(x[0] - y[0]) < 1e-14 && abs(x[1] - y[1]) < 1e-14, "\(x) vs \(y)")
    }
}
