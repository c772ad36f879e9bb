/// The Shapley value of a cooperative game given by its full characteristic function.
///
/// `values[S]` is v(S) for the coalition whose members are the set bits of S (member i is
/// bit i), so the array holds 2ⁿ entries and `values[0]` = v(∅) = 0. Then
///
///     φ_i = Σ_{S ∌ i} |S|! (n − |S| − 1)! / n! · [v(S ∪ {i}) − v(S)]
///
/// computed in O(n·2ⁿ) time; n up to 25 (2²⁵ values, 256 MiB).
///
/// ```swift
/// // Glove game: member 0 holds a left glove, members 1 and 2 right gloves; a pair is worth 1.
/// try Shapley.value(of: [0, 0, 0, 1, 0, 1, 0, 1])   // [2/3, 1/6, 1/6]
/// ```
public enum Shapley {
    public static func value(of values: [Double]) throws(ParameterError) -> [Double] {
        let count = values.count
        guard count >= 2, count & (count - 1) == 0 else {
            throw ParameterError("shapley", "needs 2ⁿ coalition values (n ≥ 1), got \(count)")
        }
        let n = count.trailingZeroBitCount
        guard n <= 25 else { throw ParameterError("shapley", "n = \(n) members is beyond the exact method's limit of 25") }
        guard values[0] == 0 else { throw ParameterError("shapley", "v(∅) = values[0] must be 0, got \(values[0])") }
        // weight[k] = k!(n − k − 1)!/n! = 1 / (n · C(n − 1, k)), built without factorials.
        var weight = [Double](repeating: 0, count: n)
        var binomial = 1.0
        for k in 0..<n {
            weight[k] = 1 / (Double(n) * binomial)
            binomial = binomial * Double(n - 1 - k) / Double(k + 1)
        }
        var phi = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let bit = 1 << i
            var sum = 0.0
            for coalition in 0..<count where coalition & bit == 0 {
                sum += weight[coalition.nonzeroBitCount] * (values[coalition | bit] - values[coalition])
            }
            phi[i] = sum
        }
        return phi
    }
}
