import EcodynCore
import Foundation

/// A line chart written as SVG: axes with ticks, labelled series, an optional shaded x band.
///
/// ```swift
/// var plot = SVGLinePlot(title: "Profits", xLabel: "λ", yLabel: "profit")
/// plot.add(SVGLinePlot.Series(name: "platform", x: [0, 1], y: [1, 2]))
/// try FileIO.write(plot.svg(), to: "profits.svg")
/// ```
public struct SVGLinePlot: Sendable {
    /// One line of the chart.
    public struct Series: Sendable {
        public var name: String, x: [Double], y: [Double]
        public var dashed: Bool
        /// The palette colour (default: the series' position); pieces of one curve share one.
        public var colour: Int?
        /// Whether the legend lists it (the first piece of a curve does, the others need not).
        public var inLegend: Bool
        public init(name: String, x: [Double], y: [Double], dashed: Bool = false, colour: Int? = nil, inLegend: Bool = true) {
            (self.name, self.x, self.y, self.dashed, self.colour, self.inLegend) = (name, x, y, dashed, colour, inLegend)
        }
    }

    public var title: String, xLabel: String, yLabel: String
    public var series: [Series] = []
    /// A shaded interval of x with its caption (e.g. a feasible range).
    public var band: (range: ClosedRange<Double>, caption: String)?
    /// Points drawn as black dots with a label beside them (e.g. a steady state).
    public var markers: [(x: Double, y: Double, label: String)] = []
    public var width = 760.0, height = 460.0

    /// Colour-blind-safe palette (Okabe–Ito, then Tol muted), 12 colours.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
                          "#882255", "#999933", "#44AA99", "#AA4499", "#888888"]

    public init(title: String, xLabel: String, yLabel: String) {
        (self.title, self.xLabel, self.yLabel) = (title, xLabel, yLabel)
    }

    public mutating func add(_ s: Series) { series.append(s) }

    /// The range an axis shows for data in [lo, hi]: within ±1e300 (so that its width and the
    /// coordinates stay finite), and never empty — data constant to round-off gets a unit-wide
    /// range around it.
    static func axisRange(_ lo: Double, _ hi: Double) -> (Double, Double) {
        let (a, b) = (min(max(lo, -1e300), 1e300), min(max(hi, -1e300), 1e300))
        if b - a > 1e-9 * max(1, abs(a), abs(b)) { return (a, b) }
        let half = max(0.5, abs(a) * 1e-9)
        return (a - half, a + half)
    }

    /// About five round tick values covering [lo, hi].
    package static func ticks(_ lo: Double, _ hi: Double) -> [Double] {
        guard hi > lo, (hi - lo).isFinite else { return [lo] }
        let raw = (hi - lo) / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = Int(ceil(lo / step - 1e-9)), last = Int(floor(hi / step + 1e-9))
        return first <= last ? (first...last).map { Double($0) * step } : [lo]
    }

    package static func label(_ v: Double) -> String {
        if v.isFinite, v == v.rounded(), abs(v) < 1e7 { return String(Int(v)) }
        return String(format: abs(v) >= 1e4 || abs(v) < 1e-3 ? "%.2g" : "%.3g", v)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// The series the legend lists, with their positions.
    var legendEntries: [(Int, Series)] { series.enumerated().filter { $0.element.inLegend }.map { ($0.offset, $0.element) } }

    /// The data's axis ranges: x as given, y padded by 5 % on both sides.
    var ranges: (x: (Double, Double), y: (Double, Double)) {
        let finite = (series.flatMap { s in zip(s.x, s.y) } + markers.map { ($0.x, $0.y) }).filter { $0.0.isFinite && $0.1.isFinite }
        let x = Self.axisRange(finite.map(\.0).min() ?? 0, finite.map(\.0).max() ?? 1)
        let (y0, y1) = Self.axisRange(finite.map(\.1).min() ?? 0, finite.map(\.1).max() ?? 1)
        let pad = 0.05 * (y1 - y0)
        return (x, (y0 - pad, y1 + pad))
    }

    /// The SVG document.
    public func svg() -> String {
        let ((x0, x1), (y0, y1)) = ranges
        let left = 80.0, right = width - 170, top = 40.0, bottom = height - 60
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * (right - left) }
        func py(_ y: Double) -> Double { bottom - (y - y0) / (y1 - y0) * (bottom - top) }
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(Int(width / 2))" y="22" text-anchor="middle" font-size="15">\(Self.escape(title))</text>

        """
        if let band {
            let a = px(max(band.range.lowerBound, x0)), b = px(min(band.range.upperBound, x1))
            out += "<rect x=\"\(a)\" y=\"\(top)\" width=\"\(max(0, b - a))\" height=\"\(bottom - top)\" fill=\"#009E73\" fill-opacity=\"0.12\"/>\n"
            out += "<text x=\"\((a + b) / 2)\" y=\"\(top + 14)\" text-anchor=\"middle\" fill=\"#006400\">\(Self.escape(band.caption))</text>\n"
        }
        for t in Self.ticks(x0, x1) {
            out += "<line x1=\"\(px(t))\" y1=\"\(top)\" x2=\"\(px(t))\" y2=\"\(bottom)\" stroke=\"#e5e5e5\"/>"
            out += "<text x=\"\(px(t))\" y=\"\(bottom + 16)\" text-anchor=\"middle\">\(Self.label(t))</text>\n"
        }
        for t in Self.ticks(y0, y1) {
            out += "<line x1=\"\(left)\" y1=\"\(py(t))\" x2=\"\(right)\" y2=\"\(py(t))\" stroke=\"#e5e5e5\"/>"
            out += "<text x=\"\(left - 6)\" y=\"\(py(t) + 4)\" text-anchor=\"end\">\(Self.label(t))</text>\n"
        }
        out += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(right - left)\" height=\"\(bottom - top)\" fill=\"none\" stroke=\"#333\"/>\n"
        out += "<text x=\"\((left + right) / 2)\" y=\"\(height - 20)\" text-anchor=\"middle\">\(Self.escape(xLabel))</text>\n"
        out += "<text x=\"18\" y=\"\((top + bottom) / 2)\" text-anchor=\"middle\" transform=\"rotate(-90 18 \((top + bottom) / 2))\">\(Self.escape(yLabel))</text>\n"
        for (k, s) in series.enumerated() {
            let colour = Self.palette[(s.colour ?? k) % Self.palette.count]
            let points = zip(s.x, s.y).filter { $0.0.isFinite && $0.1.isFinite }.map { "\(px($0.0)),\(py($0.1))" }
            out += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(s.dashed ? " stroke-dasharray=\"6 4\"" : "") points=\"\(points.joined(separator: " "))\"/>\n"
        }
        for (row, (k, s)) in legendEntries.enumerated() {
            let colour = Self.palette[(s.colour ?? k) % Self.palette.count]
            let ly = top + 10 + Double(row) * 20
            out += "<line x1=\"\(right + 12)\" y1=\"\(ly)\" x2=\"\(right + 36)\" y2=\"\(ly)\" stroke=\"\(colour)\" stroke-width=\"2\"\(s.dashed ? " stroke-dasharray=\"6 4\"" : "")/>"
            out += "<text x=\"\(right + 42)\" y=\"\(ly + 4)\">\(Self.escape(s.name))</text>\n"
        }
        for m in markers where m.x.isFinite && m.y.isFinite {
            out += "<circle cx=\"\(px(m.x))\" cy=\"\(py(m.y))\" r=\"4\" fill=\"black\"/>"
            out += "<text x=\"\(px(m.x) + 7)\" y=\"\(py(m.y) - 7)\">\(Self.escape(m.label))</text>\n"
        }
        return out + "</svg>\n"
    }
}
