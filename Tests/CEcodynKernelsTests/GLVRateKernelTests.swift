import CEcodynKernels
import Testing

/// The AVX2/FMA variant and the dispatching entry point against the scalar reference.
struct GLVRateKernelTests {
    /// Deterministic inputs of length `n` (a simple LCG; the values only need to vary).
    func inputs(_ n: Int, offset: Int) -> [[Double]] {
        var state: UInt64 = 0x1234_5678
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) * 0x1.0p-53 * 4 - 2
        }
        return (0..<4).map { _ in (0..<(n + offset)).map { _ in next() } }
    }

    enum Kernel { case scalar, avx2, dispatch }

    /// The variants this CPU can run.
    var runnable: [Kernel] { ek_detected_isa() == EK_ISA_AVX2_FMA ? [.scalar, .avx2, .dispatch] : [.scalar, .dispatch] }

    /// Runs `kernel` on the inputs starting at `offset` (to test unaligned loads).
    func apply(_ kernel: Kernel, _ v: [[Double]], n: Int, offset: Int) -> [Double] {
        var out = [Double](repeating: -7, count: n + offset)
        v[0].withUnsafeBufferPointer { g in v[1].withUnsafeBufferPointer { a in
            v[2].withUnsafeBufferPointer { s in v[3].withUnsafeBufferPointer { x in
                out.withUnsafeMutableBufferPointer { o in
                    let args = (g.baseAddress! + offset, a.baseAddress! + offset, s.baseAddress! + offset,
                                x.baseAddress! + offset, o.baseAddress! + offset)
                    switch kernel {
                    case .scalar: ek_glv_rate_scalar(n, args.0, args.1, args.2, args.3, args.4)
                    case .avx2: ek_glv_rate_avx2(n, args.0, args.1, args.2, args.3, args.4)
                    case .dispatch: ek_glv_rate(n, args.0, args.1, args.2, args.3, args.4)
                    }
                } } } } }
        return Array(out[offset...])
    }

    static let sizes = [0, 1, 3, 4, 5, 7, 8, 9, 1000, 1003]

    @Test func scalarReferenceMatchesTheFormula() {
        let v = inputs(5, offset: 0)
        let out = apply(.scalar, v, n: 5, offset: 0)
        for i in 0..<5 { #expect(out[i] == (v[0][i] - v[1][i] * v[2][i]) * v[3][i]) }
    }

    @Test(.enabled(if: ek_detected_isa() == EK_ISA_AVX2_FMA, "this CPU has no AVX2/FMA: nothing to compare"), arguments: sizes, [0, 1, 3])
    func avx2MatchesScalar(n: Int, offset: Int) throws {
        let v = inputs(n, offset: offset)
        let reference = apply(.scalar, v, n: n, offset: offset)
        let simd = apply(.avx2, v, n: n, offset: offset)
        for i in 0..<n {
            // FMA rounds g − a·s once: |Δ| ≤ a few ulp of the terms, not of the (possibly tiny) result.
            let scale = (abs(v[0][i + offset]) + abs(v[1][i + offset] * v[2][i + offset])) * abs(v[3][i + offset])
            #expect(abs(simd[i] - reference[i]) <= 4 * Double.ulpOfOne * scale)
        }
    }

    @Test(arguments: sizes)
    func dispatchMatchesTheActiveVariant(n: Int) {
        let v = inputs(n, offset: 0)
        let chosen: Kernel = ek_active_isa() == EK_ISA_AVX2_FMA ? .avx2 : .scalar
        #expect(apply(.dispatch, v, n: n, offset: 0) == apply(chosen, v, n: n, offset: 0))
    }

    @Test func nonFiniteValuesPropagate() {
        for kernel in runnable {
            // Five entries so that both the vector body and the scalar tail see a NaN and an Inf.
            let g: [Double] = [.nan, 1, 1, 1, .nan], a: [Double] = [1, .infinity, 1, 1, 1]
            let s: [Double] = [1, 1, 1, 1, 1], x: [Double] = [1, 1, 2, 1, 1]
            let out = apply(kernel, [g, a, s, x], n: 5, offset: 0)
            #expect(out[0].isNaN && out[4].isNaN)
            #expect(out[1] == -.infinity)
            #expect(out[2] == 0 && out[3] == 0)
        }
    }

    @Test func isaNamesAreReported() {
        #expect(String(cString: ek_isa_name(EK_ISA_SCALAR)) == "scalar")
        #expect(String(cString: ek_isa_name(EK_ISA_AVX2_FMA)) == "avx2+fma")
        #expect(ek_active_isa().rawValue <= ek_detected_isa().rawValue)
    }
}
