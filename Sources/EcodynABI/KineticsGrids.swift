import CEcodyn
import EcodynCore

/// A kinetics behind `ecodyn_kinetics *`; its parameter names are handed out as C strings.
typealias KineticsHandle = Handle<any Kinetics>
/// A grid behind `ecodyn_grid *`.
typealias GridHandle = Handle<Grid>

@c(ecodyn_kinetics_new)
public func kineticsNew(_ kind: UnsafePointer<CChar>?, _ parameters: UnsafePointer<Double>?, _ count: Int,
                        _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    abiCall {
        let out = try ABIInput.output(out, "out")
        let name = try ABIInput.string(kind, "kind")
        guard let type = KineticsRegistry.type(of: name) else {
            throw ABIError.argument("kind", "'\(name)' is not a kinetics; use one of \(KineticsRegistry.all.map { $0.kind }.joined(separator: ", "))")
        }
        let values = try ABIInput.values(parameters, try ABIInput.count(count, "count"), "parameters")
        let kinetics = try type.init(parameters: values)
        KineticsHandle.give(kinetics, strings: kinetics.parameterNames, to: out)
    }
}

@c(ecodyn_kinetics_free)
public func kineticsFree(_ kinetics: OpaquePointer?) { KineticsHandle.release(kinetics) }

@c(ecodyn_kinetics_parameter_count)
public func kineticsParameterCount(_ kinetics: OpaquePointer?) -> Int { KineticsHandle.object(kinetics)?.value.parameterNames.count ?? 0 }

@c(ecodyn_kinetics_parameter_name)
public func kineticsParameterName(_ kinetics: OpaquePointer?, _ k: Int) -> UnsafePointer<CChar>? { KineticsHandle.object(kinetics)?.string(k) }

@c(ecodyn_kinetics_parameters)
public func kineticsParameters(_ kinetics: OpaquePointer?, _ values: UnsafeMutablePointer<Double>?) -> Int32 {
    abiCall { write(try KineticsHandle.value(kinetics, "kinetics").parameters, into: try ABIInput.output(values, "values")) }
}

@c(ecodyn_kinetics_with)
public func kineticsWith(_ kinetics: OpaquePointer?, _ parameter: UnsafePointer<CChar>?, _ value: Double,
                         _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    abiCall {
        let k = try KineticsHandle.value(kinetics, "kinetics")
        let out = try ABIInput.output(out, "out")
        let changed = try k.with(try ABIInput.string(parameter, "parameter"), value)
        KineticsHandle.give(changed, strings: changed.parameterNames, to: out)
    }
}

@c(ecodyn_kinetics_integrate)
public func kineticsIntegrate(_ kinetics: OpaquePointer?, _ x0: UnsafePointer<Double>?, _ t0: Double, _ t1: Double,
                              _ times: UnsafePointer<Double>?, _ count: Int, _ options: UnsafePointer<ecodyn_integrate_options>?,
                              _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    abiCall {
        let field = KineticsField(try KineticsHandle.value(kinetics, "kinetics"))
        try integrate(field, population: false, x0: x0, t0, t1, times: times, count: count, options: options, out: out)
    }
}

@c(ecodyn_kinetics_analyze_json)
public func kineticsAnalyzeJSON(_ kinetics: OpaquePointer?, _ grid: OpaquePointer?, _ buffer: UnsafeMutablePointer<CChar>?,
                                _ capacity: Int, _ length: UnsafeMutablePointer<Int>?) -> Int32 {
    abiCall {
        let k = try KineticsHandle.value(kinetics, "kinetics")
        let g = try grid.map { (h) throws(ABIError) in try GridHandle.value(h, "grid") }
        let capacity = try ABIInput.count(capacity, "capacity")
        let text: String
        do { text = try KineticsAnalysis(k, grid: g).json().serialized() } catch let error as ParameterError { throw error } catch {
            throw ABIError(status: ECODYN_ERROR_NUMERICAL, message: "\(error)")
        }
        let bytes = Array(text.utf8)
        length?.pointee = bytes.count
        guard capacity > 0 else { return }
        guard let buffer, capacity > bytes.count else {
            throw ABIError.argument("capacity", "the analysis needs \(bytes.count + 1) bytes, got \(capacity); call with capacity 0 to learn the length")
        }
        bytes.withUnsafeBufferPointer { UnsafeMutableRawPointer(buffer).copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        buffer[bytes.count] = 0
    }
}

@c(ecodyn_grid_new)
public func gridNew(_ dimensions: Int, _ shape: UnsafePointer<Int>?, _ spacing: Double, _ boundary: Int32,
                    _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    abiCall {
        let out = try ABIInput.output(out, "out")
        guard (1...3).contains(dimensions) else { throw ABIError.argument("dimensions", "must be 1, 2 or 3, got \(dimensions)") }
        guard let shape else { throw ABIError.argument("shape", "is NULL; pass \(dimensions) sizes") }
        let sizes = (0..<dimensions).map { shape[$0] }
        for (k, s) in sizes.enumerated() where !(1...ABIInput.maximumCount).contains(s) {
            throw ABIError.argument("shape[\(k)]", "must be ≥ 1, got \(UInt(bitPattern: s))")
        }
        let conditions: [Int32: BoundaryCondition] = [ECODYN_PERIODIC: .periodic, ECODYN_NO_FLUX: .neumann, ECODYN_FIXED_VALUE: .dirichlet]
        guard let condition = conditions[boundary] else {
            throw ABIError.argument("boundary", "must be ECODYN_PERIODIC (0), ECODYN_NO_FLUX (1) or ECODYN_FIXED_VALUE (2), got \(boundary)")
        }
        // C order (slowest axis first) to the grid's x-first shape.
        GridHandle.give(try Grid(shape: sizes.reversed(), spacing: spacing, boundary: condition), to: out)
    }
}

@c(ecodyn_grid_free)
public func gridFree(_ grid: OpaquePointer?) { GridHandle.release(grid) }

@c(ecodyn_grid_cells)
public func gridCells(_ grid: OpaquePointer?) -> Int { GridHandle.object(grid)?.value.count ?? 0 }

@c(ecodyn_grid_options_default)
public func gridOptionsDefault(_ options: UnsafeMutablePointer<ecodyn_grid_options>?) {
    let dp = DormandPrince()
    options?.pointee = ecodyn_grid_options(method: ECODYN_GRID_EULER, dt: 0, t_end: 0, save_every: 0, rtol: dp.rtol, atol: dp.atol,
                                           threads: 0, has_fixed: 0, fixed_u: 0, fixed_v: 0)
}

@c(ecodyn_grid_run)
public func gridRun(_ kinetics: OpaquePointer?, _ grid: OpaquePointer?, _ u0: UnsafePointer<Double>?, _ v0: UnsafePointer<Double>?,
                    _ options: UnsafePointer<ecodyn_grid_options>?, _ u: UnsafeMutablePointer<Double>?, _ v: UnsafeMutablePointer<Double>?,
                    _ framesU: UnsafeMutablePointer<Double>?, _ framesV: UnsafeMutablePointer<Double>?, _ frameCapacity: Int,
                    _ info: UnsafeMutablePointer<ecodyn_grid_info>?) -> Int32 {
    abiCall {
        let k = try KineticsHandle.value(kinetics, "kinetics"), g = try GridHandle.value(grid, "grid")
        let o = try ABIInput.required(options, "options")
        let (uOut, vOut) = (try ABIInput.output(u, "u"), try ABIInput.output(v, "v"))
        let capacity = try ABIInput.count(frameCapacity, "frame_capacity")
        if capacity > 0, framesU == nil || framesV == nil { throw ABIError.argument(framesU == nil ? "frames_u" : "frames_v", "is NULL; pass room for \(capacity) frames") }
        let methods: [Int32: GridMethod] = [ECODYN_GRID_EULER: .euler, ECODYN_GRID_RK4: .rk4, ECODYN_GRID_IMEX: .imex, ECODYN_GRID_DOPRI5: .dopri5, ECODYN_GRID_ETDRK4: .etdrk4]
        guard let method = methods[o.method] else { throw ABIError.argument("method", "must be ECODYN_GRID_EULER (0), _RK4 (1), _IMEX (2), _DOPRI5 (3) or _ETDRK4 (4), got \(o.method)") }
        guard o.save_every >= 0, o.save_every <= Int64(Int.max) else { throw ABIError.argument("save_every", "must be ≥ 0 (0: no frames), got \(o.save_every)") }
        let threads = try ABIInput.threads(o.threads)
        var simulation = GridSimulation(kinetics: k, grid: g)
        if o.has_fixed != 0 {
            guard o.fixed_u.isFinite, o.fixed_v.isFinite else { throw ABIError.argument("fixed_u", "fixed values must be finite") }
            simulation.fixedValues = SpeciesValues(u: o.fixed_u, v: o.fixed_v)
        }
        let initial = GridState(u: try ABIInput.values(u0, g.count, "u0"), v: try ABIInput.values(v0, g.count, "v0"))
        let steps = try GridProblem.stepCount(tEnd: o.t_end, dt: o.dt)
        let problem = try GridProblem(simulation: simulation, initial: initial, method: method, dt: o.dt, steps: steps,
                                      saveEvery: o.save_every > 0 ? Int(o.save_every) : nil,
                                      tolerances: DormandPrince(rtol: o.rtol, atol: o.atol))
        let solution = try simulation.run(from: problem.initial, method: method, dt: problem.dt, steps: steps, saveEvery: problem.saveEvery,
                                          threads: threads, tolerances: problem.tolerances)
        write(solution.state.u, into: uOut)
        write(solution.state.v, into: vOut)
        let kept = min(capacity, solution.frames.count)
        for f in 0..<kept {
            write(solution.frames[f].state.u, into: framesU! + f * g.count)
            write(solution.frames[f].state.v, into: framesV! + f * g.count)
        }
        info?.pointee = ecodyn_grid_info(status: solution.status.code, steps: Int64(solution.steps), evaluations: Int64(solution.statistics.rhsEvaluations),
                                         rejected: Int64(solution.statistics.rejectedSteps), time: solution.time, frames: kept)
    }
}

@c(ecodyn_brusselator_map)
public func brusselatorMap(_ a: UnsafePointer<Double>?, _ na: Int, _ b: UnsafePointer<Double>?, _ nb: Int, _ threads: Int32,
                           _ classes: UnsafeMutablePointer<Int32>?) -> Int32 {
    abiCall {
        let (na, nb) = (try ABIInput.count(na, "na"), try ABIInput.count(nb, "nb"))
        _ = try ABIInput.product([na, nb], "na")
        let (av, bv) = (try ABIInput.values(a, na, "a"), try ABIInput.values(b, nb, "b"))
        for (name, values) in [("a", av), ("b", bv)] {
            if let k = values.firstIndex(where: { !($0 > 0) }) { throw ABIError.argument("\(name)[\(k)]", "must be > 0, got \(values[k])") }
        }
        let out = try ABIInput.output(classes, "classes")
        for (k, c) in Brusselator.stabilityMap(a: av, b: bv, threads: try ABIInput.threads(threads)).enumerated() { out[k] = c.code }
    }
}
