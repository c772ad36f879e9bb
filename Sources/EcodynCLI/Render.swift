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

    func run() throws {
        let image = try reportingErrors(in: results) { () throws -> PNGImage in
            try OutputPath.checkFile(output, option: "-o", example: "map.png")
            let curves = MetricMap.modelKind(results: results) == .kinetics(Brusselator.self) ? Brusselator.mapCurves : []
            let image: PNGImage
            do { image = try MetricMap.render(results: results, x: x, y: y, color: color, curves: curves) } catch let error as MetricMap.UnknownColumn {
                throw SpecError(key: "--\(error.axis)", "'\(error.name)' is not one of: \(error.available.joined(separator: ", "))")
            }
            try image.write(to: URL(fileURLWithPath: output))
            return image
        }
        emit("wrote \(image.width)×\(image.height) map → \(output)")
    }
}
