import CEcodynKernels
import Testing

/// The fused reaction–diffusion row kernel: AVX2 against the scalar reference, and the scalar
/// reference against the formula written out here.
struct RDRowKernelTests {
    func values(_ n: Int, seed: UInt64, around centre: Double) -> [Double] {
        var state = seed
        return (0..<n).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return centre + 0.3 * (Double(state >> 11) * 0x1.0p-53 - 0.5)
        }
    }

    /// Runs one variant on a row with `neighbours` neighbour rows (0, 2 or 4), the given row
    /// boundary, optional base and optional Laplacian constant; the row's own fields start
    /// `offset` elements into their arrays (unaligned loads).
    /// The parameters every kinetics gets: a, b = 3, 6 for the fused cases; for the cubic, f and
    /// g with every one of the ten monomials present.
    static let parameters: [Double] = [3, 6, -0.5, 0.25, 1.5, -0.75, 0.1, 2, -1.25, 0.3] + [-1, 0.5, 1.75, -0.2, 0.6, -0.4, 0.05, -1.5, 0.8, -0.15]

    func run(_ avx2: Bool, n: Int, kind: ek_kinetics_kind, boundary: Int32, withBase: Bool, offset: Int = 0,
             neighbours: Int32 = 2, constant: Bool = true, parameters: [Double] = Self.parameters) -> ([Double], [Double], Int32) {
        let paddedU = values(n + offset, seed: 1, around: 1), paddedV = values(n + offset, seed: 2, around: 2)
        let u = Array(paddedU[offset...]), v = Array(paddedV[offset...])
        let north = (values(n, seed: 3, around: 1), values(n, seed: 4, around: 2)), south = (values(n, seed: 5, around: 1), values(n, seed: 6, around: 2))
        var outU = [Double](repeating: 0, count: n), outV = outU
        var status: Int32 = 0
        north.0.withUnsafeBufferPointer { n0 in north.1.withUnsafeBufferPointer { n1 in
        south.0.withUnsafeBufferPointer { s0 in south.1.withUnsafeBufferPointer { s1 in
            var row = ek_rd_row()
            row.n = n
            // Four neighbours repeat the two rows (as up/down), which the sums do not mind.
            row.neighbours = neighbours
            row.nu = (n0.baseAddress, s0.baseAddress, n0.baseAddress, s0.baseAddress)
            row.nv = (n1.baseAddress, s1.baseAddress, n1.baseAddress, s1.baseAddress)
            let centre = -2 * Double(neighbours / 2 + 1)
            (row.center_u, row.center_v, row.const_u, row.const_v) = (centre, centre, constant ? 0.1 : 0, constant ? -0.2 : 0)
            row.row_boundary = boundary
            (row.ghost_u, row.ghost_v) = (0.9, 2.1)
            let p = parameters
            let base = withBase ? (u.map { $0 + 0.5 }, v.map { $0 - 0.5 }) : nil
            let kernel = avx2 ? ek_rd_row_update_avx2 : ek_rd_row_update_scalar
            paddedU.withUnsafeBufferPointer { pu in paddedV.withUnsafeBufferPointer { pv in
                let (ru, rv) = (pu.baseAddress.map { $0 + offset }, pv.baseAddress.map { $0 + offset })
                status = withBase
                    ? kernel(&row, kind, p, 1, 8, 0.25, ru, rv, base!.0, base!.1, 0.01, &outU, &outV)
                    : kernel(&row, kind, p, 1, 8, 0.25, ru, rv, nil, nil, 0.01, &outU, &outV)
            } }
        } } } }
        return (outU, outV, status)
    }

    @Test(.enabled(if: ek_detected_isa() == EK_ISA_AVX2_FMA, "this CPU has no AVX2/FMA: nothing to compare"),
          arguments: [0, 1, 2, 5, 6, 7, 9, 10, 33, 256], [Int32(0), 1, 2])
    func avx2MatchesScalar(n: Int, boundary: Int32) {
        for kind in [EK_BRUSSELATOR, EK_GRAY_SCOTT, EK_SCHNAKENBERG, EK_CUBIC] {
            // Every specialised loop of the AVX2 kernel: 0/2/4 neighbour rows, with and without
            // base and Laplacian constant.
            for (withBase, offset) in [(false, 0), (true, 0), (true, 1), (false, 3)] {
                for neighbours: Int32 in [0, 2, 4] {
                    for constant in [true, false] {
                        let s = run(false, n: n, kind: kind, boundary: boundary, withBase: withBase, offset: offset, neighbours: neighbours, constant: constant)
                        let a = run(true, n: n, kind: kind, boundary: boundary, withBase: withBase, offset: offset, neighbours: neighbours, constant: constant)
                        #expect(s.2 == 1 && a.2 == 1)
                        for i in 0..<n {
                            #expect(abs(a.0[i] - s.0[i]) <= 1e-14 * max(1, abs(s.0[i])), "n \(n) kind \(kind.rawValue) i \(i) neighbours \(neighbours)")
                            #expect(abs(a.1[i] - s.1[i]) <= 1e-14 * max(1, abs(s.1[i])))
                        }
                    }
                }
            }
        }
    }

    @Test func scalarReferenceIsTheFormula() {
        // Brusselator, periodic row: out = base + dt (a − (b+1)u + u²v + D_u/h² · lap u), with
        // lap u = north + south + west + east − 4u + const.
        let n = 7
        let (outU, outV, _) = run(false, n: n, kind: EK_BRUSSELATOR, boundary: 0, withBase: true)
        let u = values(n, seed: 1, around: 1), v = values(n, seed: 2, around: 2)
        let nu = values(n, seed: 3, around: 1), su = values(n, seed: 5, around: 1)
        let nv = values(n, seed: 4, around: 2), sv = values(n, seed: 6, around: 2)
        for i in 0..<n {
            let w = (i + n - 1) % n, e = (i + 1) % n
            let lapU = nu[i] + su[i] + u[w] + u[e] - 4 * u[i] + 0.1, lapV = nv[i] + sv[i] + v[w] + v[e] - 4 * v[i] - 0.2
            let f = 3 - 7 * u[i] + u[i] * u[i] * v[i], g = 6 * u[i] - u[i] * u[i] * v[i]
            #expect(abs(outU[i] - (u[i] + 0.5 + 0.01 * (f + 0.25 * lapU))) < 1e-14)
            #expect(abs(outV[i] - (v[i] - 0.5 + 0.01 * (g + 8 * 0.25 * lapV))) < 1e-14)
        }
    }

    /// The cubic case evaluates its ten monomials as the formula says (scalar reference, one cell
    /// row, no neighbour rows, periodic).
    @Test func theCubicCaseIsItsPolynomial() {
        let n = 5, c = Self.parameters
        let (outU, outV, _) = run(false, n: n, kind: EK_CUBIC, boundary: 0, withBase: false, neighbours: 0, constant: false)
        let u = values(n, seed: 1, around: 1), v = values(n, seed: 2, around: 2)
        for i in 0..<n {
            let m = [1, u[i], v[i], u[i] * u[i], u[i] * v[i], v[i] * v[i], u[i] * u[i] * u[i], u[i] * u[i] * v[i], u[i] * v[i] * v[i], v[i] * v[i] * v[i]]
            let f = zip(c[0..<10], m).reduce(0) { $0 + $1.0 * $1.1 }, g = zip(c[10..<20], m).reduce(0) { $0 + $1.0 * $1.1 }
            let (w, e) = ((i + n - 1) % n, (i + 1) % n)
            let lapU = u[w] + u[e] - 2 * u[i], lapV = v[w] + v[e] - 2 * v[i]
            #expect(abs(outU[i] - (f + 0.25 * lapU)) < 1e-13 * max(1, abs(outU[i])))
            #expect(abs(outV[i] - (g + 8 * 0.25 * lapV)) < 1e-13 * max(1, abs(outV[i])))
        }
    }

    /// The Brusselator written as a cubic (f = a − (b+1)u + u²v, g = bu − u²v) gives what its
    /// fused case gives, on both variants: two independent codings of one kinetics.
    @Test func theBrusselatorAsACubicMatchesItsFusedCase() {
        let cubic: [Double] = [3, -7, 0, 0, 0, 0, 0, 1, 0, 0] + [0, 6, 0, 0, 0, 0, 0, -1, 0, 0]
        for avx2 in ek_detected_isa() == EK_ISA_AVX2_FMA ? [false, true] : [false] {
            let fused = run(avx2, n: 37, kind: EK_BRUSSELATOR, boundary: 1, withBase: true)
            let general = run(avx2, n: 37, kind: EK_CUBIC, boundary: 1, withBase: true, parameters: cubic)
            for i in 0..<37 {
                #expect(abs(fused.0[i] - general.0[i]) <= 1e-14 * max(1, abs(fused.0[i])) && abs(fused.1[i] - general.1[i]) <= 1e-14 * max(1, abs(fused.1[i])))
            }
        }
    }

    @Test func nonFiniteOutputIsReported() {
        for avx2 in ek_detected_isa() == EK_ISA_AVX2_FMA ? [false, true] : [false] {
            for position in [0, 3, 8] {
                var u = values(10, seed: 1, around: 1)
                u[position] = .nan
                var outU = [Double](repeating: 0, count: 10), outV = outU
                var row = ek_rd_row()
                row.n = 10
                row.center_u = -2; row.center_v = -2
                let v = values(10, seed: 2, around: 2)
                let status = (avx2 ? ek_rd_row_update_avx2 : ek_rd_row_update_scalar)(&row, EK_BRUSSELATOR, [3, 6], 1, 8, 1, u, v, nil, nil, 0.01, &outU, &outV)
                #expect(status == 0, "NaN at \(position), avx2 \(avx2)")
            }
        }
    }
}
