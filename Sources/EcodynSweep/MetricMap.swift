import EcodynCore
import EcodynGraphics
import EcodynSpec
import Foundation

/// A picture of one metric of a sweep over two of its parameters: a raster with axes, ticks and
/// a legend — categories (e.g. `classification`) in distinct colours, numbers on a viridis colour
/// bar. Cells holding several points (replicates, other parameters) show the mean, or for
/// categories the most frequent one. Curves over the same two parameters (e.g. the
/// Brusselator's Hopf curve b = 1 + a², ``Brusselator/mapCurves``) are drawn on top.
public enum MetricMap {
    /// A curve to draw over maps of the parameters `x` and `y` (dotted spec paths): y = f(x), or
    /// a polyline of (x, y) points (a continued fold or Hopf curve).
    public struct Curve: Sendable {
        public var x: String, y: String
        /// The legend's caption.
        public var caption: String
        public var f: (@Sendable (Double) -> Double)?
        public var points: [(Double, Double)]

        public init(x: String, y: String, caption: String, f: @escaping @Sendable (Double) -> Double) {
            (self.x, self.y, self.caption, self.f, self.points) = (x, y, caption, f, [])
        }

        public init(x: String, y: String, caption: String, points: [(Double, Double)]) {
            (self.x, self.y, self.caption, self.f, self.points) = (x, y, caption, nil, points)
        }

        /// The same curve with its axes exchanged (for a map drawn the other way round).
        public var swapped: Curve? {
            f == nil ? Curve(x: y, y: x, caption: caption, points: points.map { ($0.1, $0.0) }) : nil
        }
    }

    /// A parameter or metric that the results file does not have, on one of the map's axes.
    public struct UnknownColumn: Error, CustomStringConvertible {
        /// "x", "y" or "color".
        public var axis: String
        public var name: String
        public var available: [String]
        public var description: String { "\(axis): '\(name)' is not one of: \(available.joined(separator: ", "))" }
    }

    /// The map of metric `color` over parameters `x` and `y` (a bare name means model.NAME) of
    /// the results file at `path`, with those of `curves` that match the axes.
    public static func render(results path: String, x: String, y: String, color: String, curves: [Curve] = []) throws -> PNGImage {
        let db = try SweepFiles.open(path)
        let facts = try SweepFiles.facts(db, path: path)
        return try SweepFiles.readable(path) { try draw(db, facts: facts, path: path, x: x, y: y, color: color, curves: curves) }
    }

    /// The model kind of the sweep in the results file at `path`, from the spec it recorded.
    public static func modelKind(results path: String) -> ModelKind? {
        guard let db = try? SweepFiles.open(path), let facts = try? SweepFiles.facts(db, path: path) else { return nil }
        return try? ModelKind.of(SpecTable.parse(facts["spec"] ?? ""))
    }

    private static func draw(_ db: SQLiteDatabase, facts: [String: String], path: String, x: String, y: String, color: String,
                             curves: [Curve]) throws -> PNGImage {
        let parameters = SweepFiles.lines(facts["parameters"]), metrics = SweepFiles.lines(facts["metrics"])
        func column(_ name: String, among names: [String], what: String) throws -> String {
            if names.contains(name) { return name }
            if names.contains("model.\(name)") { return "model.\(name)" }
            throw UnknownColumn(axis: what, name: name, available: names)
        }
        let xName = try column(x, among: parameters, what: "x"), yName = try column(y, among: parameters, what: "y")
        let cName = try column(color, among: metrics + ["status", "seconds"], what: "color")
        let query = try db.prepare("SELECT \(SQLiteDatabase.quoted(xName)), \(SQLiteDatabase.quoted(yName)), \(SQLiteDatabase.quoted(cName)) FROM points")
        var rows = [(Double, Double, MetricValue)]()
        while try query.step() {
            guard case .real(let xv) = query.column(0), case .real(let yv) = query.column(1) else { continue }
            rows.append((xv, yv, query.column(2)))
        }
        guard !rows.isEmpty else { throw SweepError("'\(path)' has no points to draw yet") }
        let xs = Array(Set(rows.map(\.0))).sorted(), ys = Array(Set(rows.map(\.1))).sorted()
        let xIndex = Dictionary(uniqueKeysWithValues: xs.enumerated().map { ($1, $0) })
        let yIndex = Dictionary(uniqueKeysWithValues: ys.enumerated().map { ($1, $0) })
        let categorical = rows.contains { if case .text = $0.2 { return true } else { return false } }
        // Per cell: category counts, or sum and count of numbers.
        var counts = [[String: Int]](repeating: [:], count: xs.count * ys.count)
        var sums = [Double](repeating: 0, count: xs.count * ys.count), ns = [Int](repeating: 0, count: xs.count * ys.count)
        for (xv, yv, value) in rows {
            let cell = xIndex[xv]! * ys.count + yIndex[yv]!
            switch value {
            case .text(let s): counts[cell][s, default: 0] += 1
            case .real(let d): sums[cell] += d; ns[cell] += 1
            case .integer(let i): sums[cell] += Double(i); ns[cell] += 1
            case .null: break
            }
        }
        let categories = Array(Set(counts.flatMap(\.keys))).sorted()
        let means = (0..<sums.count).map { ns[$0] > 0 ? sums[$0] / Double(ns[$0]) : Double.nan }
        let finite = means.filter(\.isFinite)
        let (lo, hi) = (finite.min() ?? 0, finite.max() ?? 1)

        let cellSize = max(1, min(600 / xs.count, 600 / ys.count))
        let plotW = cellSize * xs.count, plotH = cellSize * ys.count
        let left = 100, top = 70, legendW = 260
        var image = PNGImage(width: left + plotW + 40 + legendW, height: top + plotH + 80)
        for i in 0..<xs.count {
            for j in 0..<ys.count {
                let cell = i * ys.count + j
                let c: PNGImage.Color
                if categorical {
                    guard let top = counts[cell].max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }) else { continue }
                    c = ColorMap.categorical[categories.firstIndex(of: top.key)! % ColorMap.categorical.count]
                } else {
                    guard means[cell].isFinite else { continue }
                    c = ColorMap.viridis(hi > lo ? (means[cell] - lo) / (hi - lo) : 0.5)
                }
                image.fill(x: left + i * cellSize, y: top + plotH - (j + 1) * cellSize, w: cellSize, h: cellSize, c)
            }
        }
        // Axes: values map linearly onto the cell centres.
        func px(_ v: Double) -> Int {
            left + cellSize / 2 + Int(((xs.count > 1 ? (v - xs[0]) / (xs.last! - xs[0]) : 0) * Double(plotW - cellSize)).rounded())
        }
        func py(_ v: Double) -> Int {
            top + plotH - cellSize / 2 - Int(((ys.count > 1 ? (v - ys[0]) / (ys.last! - ys[0]) : 0) * Double(plotH - cellSize)).rounded())
        }
        let black: PNGImage.Color = (0, 0, 0)
        image.line(left - 1, top + plotH, left + plotW, top + plotH, black)
        image.line(left - 1, top, left - 1, top + plotH, black)
        for t in SVGLinePlot.ticks(xs[0], xs.last!) {
            let p = px(t)
            image.line(p, top + plotH, p, top + plotH + 5, black)
            let label = SVGLinePlot.label(t)
            image.text(label, x: p - PNGImage.textWidth(label) / 2, y: top + plotH + 9)
        }
        for t in SVGLinePlot.ticks(ys[0], ys.last!) {
            let p = py(t)
            image.line(left - 6, p, left - 1, p, black)
            let label = SVGLinePlot.label(t)
            image.text(label, x: left - 10 - PNGImage.textWidth(label), y: p - 7)
        }
        image.text(xName, x: left + plotW / 2 - PNGImage.textWidth(xName) / 2, y: top + plotH + 40)
        image.text(yName, x: 8, y: top - 26)
        let title = "\(cName) over (\(xName), \(yName))"
        image.text(title, x: 8, y: 8)
        var legendY = top
        let legendX = left + plotW + 40
        for curve in curves where curve.x == xName && curve.y == yName {
            var previous: (Int, Int)?
            let samples = curve.f.map { f in (0...400).map { k in let a = xs[0] + (xs.last! - xs[0]) * Double(k) / 400; return (a, f(a)) } } ?? curve.points
            for (a, b) in samples {
                guard a.isFinite, b.isFinite, a >= xs[0], a <= xs.last!, b >= ys[0], b <= ys.last! else { previous = nil; continue }
                let point = (px(a), py(b))
                if let p = previous { for d in -1...1 { image.line(p.0, p.1 + d, point.0, point.1 + d, (255, 255, 255)) } }
                previous = point
            }
            image.fill(x: legendX, y: legendY + 6, w: 24, h: 3, (255, 255, 255))
            image.fill(x: legendX, y: legendY + 5, w: 24, h: 1, black); image.fill(x: legendX, y: legendY + 9, w: 24, h: 1, black)
            image.text(curve.caption, x: legendX + 30, y: legendY)
            legendY += 30
        }
        if categorical {
            for (k, name) in categories.enumerated() {
                image.fill(x: legendX, y: legendY, w: 18, h: 18, ColorMap.categorical[k % ColorMap.categorical.count])
                image.text(name, x: legendX + 26, y: legendY + 1)
                legendY += 26
            }
        } else {
            let barH = min(plotH, 300)
            for r in 0..<barH { image.fill(x: legendX, y: legendY + r, w: 22, h: 1, ColorMap.viridis(1 - Double(r) / Double(max(barH - 1, 1)))) }
            for t in SVGLinePlot.ticks(lo, hi) where hi > lo {
                let r = legendY + Int(((hi - t) / (hi - lo) * Double(barH - 1)).rounded())
                image.line(legendX + 22, r, legendX + 27, r, black)
                image.text(SVGLinePlot.label(t), x: legendX + 32, y: r - 7)
            }
        }
        return image
    }
}

extension Brusselator {
    /// The curves to draw over maps of its parameters: the Hopf curve b = 1 + a² over (a, b).
    public static let mapCurves: [MetricMap.Curve] = [
        MetricMap.Curve(x: "model.a", y: "model.b", caption: "hopf: b = 1 + a^2") { (a: Double) -> Double in 1 + a * a },
    ]
}
