/// A dense matrix of `Double` stored in **column-major** order, the layout of LAPACK:
/// element (i, j) lives at `elements[i + j * rows]`.
///
/// ```swift
/// let a = try Matrix([[2, 1], [1, 3]])   // nested arrays are read row by row
/// a[0, 1]                                 // 1
/// ```
public struct Matrix: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The entries, column after column.
    public var elements: [Double]

    /// A matrix with every entry equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.elements = [Double](repeating: value, count: rows * columns)
    }

    /// A matrix over column-major `elements`; their count must be `rows * columns`.
    public init(rows: Int, columns: Int, columnMajor elements: [Double]) throws(LinearAlgebraError) {
        guard rows >= 0, columns >= 0, elements.count == rows * columns else {
            throw .shapeMismatch("\(elements.count) elements cannot fill a \(rows)×\(columns) matrix")
        }
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from its rows, as written in source code or a spec file; all rows must have one length.
    public init(_ rowList: [[Double]]) throws(LinearAlgebraError) {
        let width = rowList.first?.count ?? 0
        if let bad = rowList.firstIndex(where: { $0.count != width }) {
            throw .shapeMismatch("row \(bad) has \(rowList[bad].count) entries, row 0 has \(width)")
        }
        self.init(rows: rowList.count, columns: width)
        for (i, row) in rowList.enumerated() {
            for (j, value) in row.enumerated() { self[i, j] = value }
        }
    }

    /// The n×n identity.
    public static func identity(_ n: Int) -> Matrix {
        diagonal([Double](repeating: 1, count: n))
    }

    /// A square matrix with `values` on its diagonal.
    public static func diagonal(_ values: [Double]) -> Matrix {
        var m = Matrix(rows: values.count, columns: values.count)
        for (i, v) in values.enumerated() { m[i, i] = v }
        return m
    }

    /// Entry (i, j).
    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get { elements[i + j * rows] }
        set { elements[i + j * rows] = newValue }
    }

    /// Whether the matrix is square.
    public var isSquare: Bool { rows == columns }

    /// The rows as nested arrays (for printing and JSON).
    public var rowArrays: [[Double]] {
        (0..<rows).map { i in (0..<columns).map { j in self[i, j] } }
    }

    /// The transpose.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for j in 0..<columns {
            for i in 0..<rows { t[j, i] = self[i, j] }
        }
        return t
    }

    /// The symmetric part (A + Aᵀ)/2 of a square matrix.
    public var symmetricPart: Matrix {
        precondition(isSquare, "the symmetric part needs a square matrix")
        var s = self
        for j in 0..<columns {
            for i in 0..<rows { s[i, j] = 0.5 * (self[i, j] + self[j, i]) }
        }
        return s
    }
}

extension Matrix: CustomStringConvertible {
    public var description: String {
        rowArrays.map { $0.map { "\($0)" }.joined(separator: "  ") }.joined(separator: "\n")
    }
}
