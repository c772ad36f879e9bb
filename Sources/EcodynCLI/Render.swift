import ArgumentParser
import Ecodyn
import Foundation

/// `ecodyn render results.sqlite --x a --y b --color classification -o map.png`.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Draw a sweep metric over two of its parameters as a PNG map.")

    @Argument(help: "The results file.")
    var results: String

    @Option(help: "The parameter along the horizontal axis (a bare name means model.NAME).")
    var x: String

    @Option(help: "The parameter along the vertical axis.")
    var y: String

    @Option(help: "The metric that colours the map (or status).")
    var color: String

    @Option(name: .shortAndLong, help: "The PNG file to write.")
    var output: String

    @Option(help: "Curves to draw over the map: a curves.json of `ecodyn continue --second` (fold and Hopf curves).")
    var overlay: String?

    func run() throws {
        let image = try reportingErrors(in: results) { () throws -> PNGImage in
            try OutputPath.checkFile(output, option: "-o", example: "map.png")
            var curves = MetricMap.modelKind(results: results) == .kinetics(Brusselator.self) ? Brusselator.mapCurves : []
            if let overlay { curves += try reportingErrors(in: overlay) { try Self.curves(FileIO.read(overlay)) } }
            let image: PNGImage
            do { image = try MetricMap.render(results: results, x: x, y: y, color: color, curves: curves) } catch let error as MetricMap.UnknownColumn {
                throw SpecError(key: "--\(error.axis)", "'\(error.name)' is not one of: \(error.available.joined(separator: ", "))")
            }
            try image.write(to: URL(fileURLWithPath: output))
            return image
        }
        emit("wrote \(image.width)×\(image.height) map → \(output)")
    }

    /// The curves of a curves.json, in both orientations (the map may have either parameter across).
    static func curves(_ data: Data) throws -> [MetricMap.Curve] {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let first = root["first"] as? String,
              let second = root["second"] as? String, let list = root["curves"] as? [[String: Any]] else {
            throw SpecError(key: "--overlay", "is not a curves.json of `ecodyn continue --second` (it needs first, second and curves)")
        }
        return list.enumerated().flatMap { k, curve -> [MetricMap.Curve] in
            let points = (curve["points"] as? [[String: Any]] ?? []).compactMap { p -> (Double, Double)? in
                guard let a = p["second"] as? Double, let b = p["first"] as? Double else { return nil }
                return (a, b)
            }
            let one = MetricMap.Curve(x: second, y: first, caption: "\(curve["kind"] as? String ?? "curve") \(k + 1)", points: points)
            return [one] + (one.swapped.map { [$0] } ?? [])
        }
    }
}
