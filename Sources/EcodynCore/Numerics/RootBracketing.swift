/// Roots of a continuous scalar function on an interval: sign changes are bracketed on a
/// sampling of the interval, then each bracket is narrowed by bisection to the tolerance.
public enum RootBracketing {
    /// Every point in `interval` where `f` changes sign, to within `tolerance`.
    ///
    /// `samples` sets the bracketing resolution: two roots closer than
    /// `interval width / samples` may be missed, so choose it above the number of roots expected.
    /// Non-finite values of `f` (poles) break a bracket: no root is reported across them.
    public static func signChanges(
        of f: (Double) -> Double, in interval: ClosedRange<Double>, samples: Int = 4096, tolerance: Double = 1e-13
    ) -> [Double] {
        precondition(samples >= 1, "need at least one sample")
        let width = interval.upperBound - interval.lowerBound
        var roots = [Double]()
        var x0 = interval.lowerBound, f0 = f(x0)
        for k in 1...samples {
            let x1 = k == samples ? interval.upperBound : interval.lowerBound + width * Double(k) / Double(samples)
            let f1 = f(x1)
            if f0 == 0, f0.isFinite {
                roots.append(x0)
            } else if f0.isFinite, f1.isFinite, (f0 < 0) != (f1 < 0), f1 != 0 {
                roots.append(bisect(f, x0, x1, f0, tolerance))
            }
            (x0, f0) = (x1, f1)
        }
        if f0 == 0 { roots.append(x0) }
        return roots
    }

    /// Bisection on [a, b], where f(a) = fa and f(b) differ in sign.
    static func bisect(_ f: (Double) -> Double, _ a: Double, _ b: Double, _ fa: Double, _ tolerance: Double) -> Double {
        var (lo, hi, flo) = (a, b, fa)
        while hi - lo > tolerance {
            let mid = 0.5 * (lo + hi)
            guard mid > lo, mid < hi else { break }  // no double left between them
            let fm = f(mid)
            if fm == 0 { return mid }
            if (fm < 0) == (flo < 0) { (lo, flo) = (mid, fm) } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }
}
