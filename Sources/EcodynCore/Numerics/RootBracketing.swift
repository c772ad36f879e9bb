/// Roots of a continuous scalar function on an interval: sign changes are bracketed on a
/// sampling of the interval, then each bracket is narrowed by bisection to the tolerance; and a
/// bracket's zero by regula falsi (continuation, integration events).
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

    /// The zero of f between a and b, where f(a) = fa and f(b) = fb differ in sign (or fb is 0), by
    /// the Illinois variant of regula falsi: superlinear, and never outside the bracket. Stops when
    /// the bracket is within `tolerance` or |f| < 1e-14; nil when f cannot be evaluated on the way
    /// or the signs do not differ.
    public static func regulaFalsi(_ f: (Double) -> Double?, _ a0: Double, _ fa0: Double, _ b0: Double, _ fb0: Double,
                                   tolerance: Double) -> Double? {
        var (a, fa, b, fb) = (a0, fa0, b0, fb0)
        guard (fa < 0) != (fb < 0) || fb == 0 else { return nil }
        var side = 0, x = b
        for _ in 0..<100 {
            x = fb - fa == 0 ? (a + b) / 2 : b - fb * (b - a) / (fb - fa)
            x = min(max(x, min(a, b)), max(a, b))
            guard let fx = f(x) else { return nil }
            if fx == 0 || abs(b - a) <= tolerance || abs(fx) < 1e-14 { return x }
            if (fx < 0) == (fb < 0) {
                (b, fb) = (x, fx)
                if side == -1 { fa /= 2 }
                side = -1
            } else {
                (a, fa) = (x, fx)
                if side == 1 { fb /= 2 }
                side = 1
            }
        }
        return x
    }
}
