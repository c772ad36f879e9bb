import CEcodynKernels
import Testing

/// The CSR product kernel: the scalar reference against the dense product written from the
/// definition, the AVX2/FMA variant against the scalar reference on rows of every length
/// around the vector width, and row ranges that add up to the whole.
struct CSRProductKernelTests {
    /// A rows×columns sparse matrix whose row i holds i % 11 entries (empty rows included), from an LCG.
    func matrix(rows: Int, columns: Int) -> (start: [Int], column: [Int32], value: [Double], x: [Double]) {
        var state: UInt64 = 0x5DEE_CE66
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        var start = [0], column = [Int32](), value = [Double]()
        for i in 0..<rows {
            let picks = Set((0..<(i % 11)).map { _ in Int(next() % UInt64(columns)) }).sorted()
            for j in picks { column.append(Int32(j)); value.append(Double(next()) * 0x1.0p-53 * 2 - 0.5) }
            start.append(value.count)
        }
        return (start, column, value, (0..<columns).map { _ in Double(next()) * 0x1.0p-53 - 0.25 })
    }

    func apply(_ kernel: (Int, Int, UnsafePointer<Int>?, UnsafePointer<Int32>?, UnsafePointer<Double>?, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?) -> Void,
               _ m: (start: [Int], column: [Int32], value: [Double], x: [Double]), ranges: [Range<Int>]) -> [Double] {
        var y = [Double](repeating: .nan, count: m.start.count - 1)
        for r in ranges { kernel(r.lowerBound, r.upperBound, m.start, m.column, m.value, m.x, &y) }
        return y
    }

    @Test func scalarReferenceIsTheDenseProduct() {
        let m = matrix(rows: 40, columns: 30)
        let y = apply(ek_csr_multiply_scalar, m, ranges: [0..<40])
        for i in 0..<40 {
            var dense = [Double](repeating: 0, count: 30)
            for k in m.start[i]..<m.start[i + 1] { dense[Int(m.column[k])] = m.value[k] }
            var s = 0.0
            for j in 0..<30 where dense[j] != 0 { s += dense[j] * m.x[j] }
            #expect(y[i] == s)
        }
    }

    @Test(.enabled(if: ek_detected_isa() == EK_ISA_AVX2_FMA, "this CPU has no AVX2/FMA: nothing to compare"))
    func avx2AgreesWithScalarToRounding() {
        let m = matrix(rows: 200, columns: 77)
        let scalar = apply(ek_csr_multiply_scalar, m, ranges: [0..<200])
        let avx2 = apply(ek_csr_multiply_avx2, m, ranges: [0..<200])
        for i in 0..<200 {
            let magnitude = (m.start[i]..<m.start[i + 1]).reduce(0) { $0 + abs(m.value[$1] * m.x[Int(m.column[$1])]) }
            #expect(abs(avx2[i] - scalar[i]) <= 4 * Double.ulpOfOne * magnitude)
        }
    }

    @Test func rowRangesAddUpToTheWhole() {
        let m = matrix(rows: 123, columns: 50)
        let whole = apply(ek_csr_multiply, m, ranges: [0..<123])
        #expect(apply(ek_csr_multiply, m, ranges: [0..<1, 1..<60, 60..<60, 60..<123]) == whole)
    }
}

/// The float32-δ product kernel: the scalar reference against the widened entries' products in
/// order, AVX2 against scalar to rounding, on widths around the vector width.
struct DenseSingleProductKernelTests {
    func inputs(_ n: Int) -> (a: [Float], x: [Double]) {
        var state: UInt64 = 0x2545_F491
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) * 0x1.0p-53 - 0.5
        }
        return ((0..<(n * n)).map { _ in Float(next()) }, (0..<n).map { _ in next() })
    }

    @Test func scalarReferenceIsTheWidenedProduct() {
        for n in [1, 3, 4, 7, 9] {
            let (a, x) = inputs(n)
            var y = [Double](repeating: .nan, count: n)
            ek_dense_f32_multiply_scalar(0, n, n, a, x, &y)
            for i in 0..<n {
                var s = 0.0
                for j in 0..<n { s += Double(a[i * n + j]) * x[j] }
                #expect(y[i] == s)
            }
        }
    }

    @Test(.enabled(if: ek_detected_isa() == EK_ISA_AVX2_FMA, "this CPU has no AVX2/FMA: nothing to compare"))
    func avx2AgreesWithScalarToRounding() {
        for n in [1, 3, 4, 5, 8, 13, 16, 17, 35, 64] {
            let (a, x) = inputs(n)
            var scalar = [Double](repeating: 0, count: n), avx2 = scalar
            ek_dense_f32_multiply_scalar(0, n, n, a, x, &scalar)
            ek_dense_f32_multiply_avx2(0, n, n, a, x, &avx2)
            for i in 0..<n {
                let magnitude = (0..<n).reduce(0.0) { $0 + abs(Double(a[i * n + $1]) * x[$1]) }
                #expect(abs(avx2[i] - scalar[i]) <= 4 * Double.ulpOfOne * magnitude)
            }
        }
    }
}
