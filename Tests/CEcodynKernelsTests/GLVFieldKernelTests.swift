import CEcodynKernels
import Testing

/// The small-community field kernel: the scalar reference against the formula, the AVX2/FMA
/// variant against the scalar reference, at sizes around the vector width, on unaligned
/// offsets, and with NaN and Inf.
struct GLVFieldKernelTests {
    /// δ (n×n, column-major), g, a, x from a simple LCG, each `offset` elements into its array.
    func inputs(_ n: Int, offset: Int) -> (delta: [Double], g: [Double], a: [Double], x: [Double]) {
        var state: UInt64 = 0x9E37_79B9
        func next(_ count: Int) -> [Double] {
            [Double](repeating: 0, count: offset) + (0..<count).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Double(state >> 11) * 0x1.0p-53 * 2 - 0.5
            }
        }
        return (next(n * n), next(n), next(n), next(n))
    }

    func apply(_ avx2: Bool, _ v: (delta: [Double], g: [Double], a: [Double], x: [Double]), n: Int, offset: Int) -> [Double] {
        var out = [Double](repeating: -7, count: n + offset)
        v.delta.withUnsafeBufferPointer { d in v.g.withUnsafeBufferPointer { g in v.a.withUnsafeBufferPointer { a in
            v.x.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { o in
                let args = (d.baseAddress! + offset, g.baseAddress! + offset, a.baseAddress! + offset, x.baseAddress! + offset, o.baseAddress! + offset)
                (avx2 ? ek_glv_field_avx2 : ek_glv_field_scalar)(n, args.0, args.1, args.2, args.3, args.4)
            } } } } }
        return Array(out[offset...])
    }

    @Test func scalarReferenceIsTheFormula() {
        let n = 6, v = inputs(n, offset: 0)
        let out = apply(false, v, n: n, offset: 0)
        for i in 0..<n {
            var s = 0.0
            for k in 0..<n { s += v.delta[i + k * n] * v.x[k] }
            #expect(out[i] == (v.g[i] - v.a[i] * s) * v.x[i])
        }
    }

    @Test(.enabled(if: ek_detected_isa() == EK_ISA_AVX2_FMA, "this CPU has no AVX2/FMA: nothing to compare"),
          arguments: [0, 1, 3, 4, 5, 7, 8, 9, 10, 24, 33], [0, 1, 3])
    func avx2MatchesScalar(n: Int, offset: Int) {
        let v = inputs(n, offset: offset)
        let reference = apply(false, v, n: n, offset: offset), simd = apply(true, v, n: n, offset: offset)
        for i in 0..<n {
            // FMA and the accumulation order change rounding: bound by the size of the terms.
            var scale = abs(v.g[offset + i])
            for k in 0..<n { scale += abs(v.a[offset + i] * v.delta[offset + i + k * n] * v.x[offset + k]) }
            #expect(abs(simd[i] - reference[i]) <= Double(4 * (n + 2)) * Double.ulpOfOne * scale * abs(v.x[offset + i]), "n \(n) i \(i)")
        }
    }

    @Test func nonFiniteValuesPropagate() {
        for avx2 in ek_detected_isa() == EK_ISA_AVX2_FMA ? [false, true] : [false] {
            for (position, bad) in [(0, Double.nan), (5, .infinity), (9, -.infinity)] {
                var v = inputs(10, offset: 0)
                v.x[position] = bad
                let nonFinite = apply(avx2, v, n: 10, offset: 0).contains { !$0.isFinite }
                #expect(nonFinite, "x[\(position)] = \(bad), avx2 \(avx2)")
            }
        }
    }
}
