/// The well-mixed kinetics whose named parameters follow drivers (the Brusselator's b ramped by
/// a policy, its a cycling with the economy): at each evaluation the model takes the driven
/// values at t. Each run makes its own.
public final class DrivenKineticsField: VectorField {
    public let kinetics: any Kinetics
    public var dimension: Int { 2 }
    private var values: [Double]
    private let drives: [(index: Int, path: DriverPath)]

    /// Throws naming a parameter the kinetics does not have, a malformed driver, or one whose
    /// values within the run the kinetics does not accept.
    public init(_ kinetics: any Kinetics, drivers: [ParameterDriver], until tEnd: Double) throws(ParameterError) {
        self.kinetics = kinetics
        values = kinetics.parameters
        var drives = [(index: Int, path: DriverPath)]()
        for d in drivers {
            let index = try kinetics.checkedIndex(d.parameter)
            let path: DriverPath
            do { path = try d.driver.path(until: tEnd) } catch { throw ParameterError(d.parameter, "\(error.parameter): \(error.message)") }
            for value in [path.range.lowerBound, path.range.upperBound] {
                do { _ = try kinetics.varying(index)(value) } catch {
                    throw ParameterError(d.parameter, "the driver takes it to \(value) within the run, where \(error.message)")
                }
            }
            drives.append((index, path))
        }
        self.drives = drives
    }

    /// The break points of all the drivers inside (0, tEnd), ascending.
    public var breakPoints: [Double] { Array(Set(drives.flatMap(\.path.breakPoints))).sorted() }

    public func evaluate(_ t: Double, _ x: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>) {
        for (k, path) in drives { values[k] = path.value(at: t) }
        guard let model = try? kinetics.with(parameters: values) else { (dx[0], dx[1]) = (.nan, .nan); return }
        let rate = model.reaction(x[0], x[1])
        (dx[0], dx[1]) = (rate.u, rate.v)
    }
}
