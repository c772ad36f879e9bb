import Foundation
import Testing

/// `[drivers]` in a community spec: runs and sweeps with time-varying parameters.
struct DriverCommandTests {
    let cli = CommandLineTests()

    /// A logistic member, K = 4, from 0.1, whose r is 1 until t = 5 and 2 after (MODELS.md §1's
    /// closed form on each piece): X(8) = K/(1 + (K/X(5) − 1)e^{−6}), X(5) = K/(1 + 39e^{−5}).
    static let spec = """
    [model]
    kind = "community"
    r = [1.0]
    mu = 0.0
    K = [4.0]
    [initial]
    x = 0.1
    [integrate]
    t_end = 8
    rtol = 1e-10
    atol = 1e-13
    [drivers]
    "model.r" = { piecewise = [[0.0, 1.0], [5.0, 2.0]] }
    """

    static func exact(K: Double = 4) -> Double {
        let x5 = K / (1 + (K / 0.1 - 1) * exp(-5.0))
        return K / (1 + (K / x5 - 1) * exp(-6.0))
    }

    @Test func aRunFollowsThePiecewiseRate() throws {
        let dir = try cli.folder(with: Self.spec)
        let result = try cli.ecodyn(["run", "spec.toml", "--out", "r", "--json"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("r/summary.json"))) as? [String: Any])
        let final = try #require(summary["final_state"] as? [Double])
        #expect(abs(final[0] - Self.exact()) < 1e-8, "\(final[0]) vs \(Self.exact())")
    }

    @Test func aSweepCarriesTheDrivers() throws {
        let rows = try cli.sweptRows(Self.spec + "\n[sweep]\nmetrics = [\"final_total\"]\n[sweep.parameters]\n\"model.K[0]\" = { values = [2.0, 4.0] }\n")
        let column = try #require(rows[0].firstIndex(of: "final_total"))
        #expect(abs(Double(rows[1][column])! - Self.exact(K: 2)) < 1e-7 && abs(Double(rows[2][column])! - Self.exact(K: 4)) < 1e-7)
    }

    @Test func badDriversNameTheirKey() throws {
        for (line, fragment) in [("\"model.K[0]\" = { periodic = { mean = 1.0, amplitude = 2.0, period = 1.0 } }", "must stay > 0"),
                                 ("\"model.Z\" = { ramp = { from = 1.0, to = 2.0, start = 0.0, end = 1.0 } }", "is not a parameter"),
                                 ("\"model.r\" = { ramp = { from = 1.0, to = 2.0, start = 0.0, end = 1.0 }, periodic = { mean = 1.0, amplitude = 0.1, period = 1.0 } }", "exactly one")] {
            let dir = try cli.folder(with: Self.spec.replacingOccurrences(of: "\"model.r\" = { piecewise = [[0.0, 1.0], [5.0, 2.0]] }", with: line))
            let result = try cli.ecodyn(["run", "spec.toml", "--out", "r"], in: dir)
            #expect(result.status == 2 && result.stderr.contains("drivers.") && result.stderr.contains(fragment), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("r").path))
        }
    }
}

/// Growth phases in `run`'s summary and as sweep metrics.
struct GrowthPhaseCommandTests {
    let cli = CommandLineTests()

    /// A logistic member, r = 1, μ = 0.2, K = 5, from 0.01: X_K = 4, g = 0.8, inflection at
    /// t* = ln(399)/0.8, acceleration bounds at t* ± ln(2 + √3)/0.8.
    static let spec = """
    [model]
    kind = "community"
    r = [1.0]
    mu = 0.2
    K = [5.0]
    [initial]
    x = 0.01
    [integrate]
    t_end = 20
    rtol = 1e-11
    atol = 1e-13
    saves = 400
    """

    @Test func theSummaryHoldsEachCurvesPhases() throws {
        let dir = try cli.folder(with: Self.spec)
        #expect(try cli.ecodyn(["run", "spec.toml", "--out", "r"], in: dir).status == 0)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("r/summary.json"))) as? [String: Any])
        let phases = try #require(summary["growth_phases"] as? [String: Any])
        let total = try #require(phases["total"] as? [String: Any]), members = try #require(phases["members"] as? [[String: Any]])
        let tStar = log(399.0) / 0.8, spread = log(2 + 3.0.squareRoot()) / 0.8
        for curve in [total, members[0]] {
            let inflections = try #require(curve["inflection_times"] as? [Double]), bounds = try #require(curve["acceleration_bounds"] as? [Double])
            #expect(inflections.count == 1 && abs(inflections[0] - tStar) < 1e-6)
            #expect(bounds.count == 2 && abs(bounds[0] - (tStar - spread)) < 1e-4 && abs(bounds[1] - (tStar + spread)) < 1e-4)
            #expect((curve["phases"] as? [[String: Any]])?.compactMap { $0["phase"] as? String } == ["inception", "growth", "maturity"])
        }
    }

    /// A large dense community whose growth phases would read more of δ than the run (7
    /// evaluations for each of 700 saves of 2500² entries, 3.1·10¹⁰) says it left them out.
    @Test func growthPhasesTooCostlyForTheRunAreSkippedWithTheReason() throws {
        let spec = """
        [model]
        kind = "community"
        n = 2500
        r = 1.0
        mu = 0.1
        K = 1.0
        [model.random]
        connectance = 0.01
        sigma = 0.01
        seed = 2
        [initial]
        x = 0.05
        [integrate]
        t_end = 0.01
        saves = 700
        """
        let dir = try cli.folder(with: spec)
        #expect(try cli.ecodyn(["run", "spec.toml", "--out", "r"], in: dir).status == 0)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("r/summary.json"))) as? [String: Any])
        let phases = try #require(summary["growth_phases"] as? [String: Any])
        #expect(phases["total"] == nil && (phases["skipped"] as? String)?.contains("saves") == true, "\(phases)")
    }

    @Test func sweepMetricsReadTheTotalsCurve() throws {
        let rows = try cli.sweptRows(Self.spec + "\n[sweep]\nmetrics = [\"inflection_time\", \"phase_at_end\"]\n[sweep.parameters]\n\"integrate.t_end\" = { values = [5.0, 20.0] }\n")
        let (t, p) = (try #require(rows[0].firstIndex(of: "inflection_time")), try #require(rows[0].firstIndex(of: "phase_at_end")))
        // t_end = 5 ends before the first acceleration bound t* − 1.65 ≈ 5.84: inception, no inflection yet; t_end = 20: maturity.
        #expect(rows[1][t].isEmpty && rows[1][p] == "inception", "\(rows[1])")
        #expect(abs(Double(rows[2][t])! - log(399.0) / 0.8) < 1e-6 && rows[2][p] == "maturity", "\(rows[2])")
    }
}

/// `[drivers]` in a well-mixed kinetics spec.
struct KineticsDriverCommandTests {
    let cli = CommandLineTests()

    static let spec = """
    [model]
    kind = "brusselator"
    a    = 1.0
    b    = 1.8
    [initial]
    u = [1.001]
    v = [1.8]
    [integrate]
    t_end = 160
    saves = 1600
    [drivers]
    "model.b" = { ramp = { from = 1.8, to = 2.6, start = 0.0, end = 160.0 } }
    """

    @Test func aRampedBrusselatorRunsAndBadDriversAreNamed() throws {
        let dir = try cli.folder(with: Self.spec)
        let result = try cli.ecodyn(["run", "spec.toml", "--out", "r"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        for (line, fragment) in [("\"model.z\" = { ramp = { from = 1.8, to = 2.6, start = 0.0, end = 160.0 } }", "is not a parameter"),
                                 ("\"model.a\" = { ramp = { from = 1.0, to = -1.0, start = 0.0, end = 160.0 } }", "drivers.model.a")] {
            let bad = try cli.folder(with: Self.spec.replacingOccurrences(of: "\"model.b\" = { ramp = { from = 1.8, to = 2.6, start = 0.0, end = 160.0 } }", with: line))
            let refused = try cli.ecodyn(["run", "spec.toml", "--out", "r"], in: bad)
            #expect(refused.status == 2 && refused.stderr.contains(fragment), "\(refused.stderr)")
        }
    }
}

/// The bands of an ensemble run: noise replicates of geometric Brownian motion.
struct EnsembleBandCommandTests {
    let cli = CommandLineTests()

    @Test func noiseReplicatesGetTheirBandsAndPictures() throws {
        // K = 10⁹: each replicate is dX = 0.5X dt + 0.4X dW from 1, lognormal at t = 2: median
        // e^{(0.5 − 0.08)·2} = e^{0.84}, 5 % and 95 % quantiles e^{0.84 ∓ 1.645·0.4·√2}.
        let spec = """
        [model]
        kind = "community"
        r = [0.5]
        mu = 0.0
        K = [1e9]
        [initial]
        x = 1.0
        [integrate]
        method = "euler-maruyama"
        dt = 0.001
        t_end = 2.0
        [noise]
        kind = "multiplicative"
        sigma = 0.4
        seed = 3
        [ensemble]
        members = 3000
        """
        let dir = try cli.folder(with: spec)
        let result = try cli.ecodyn(["run", "spec.toml", "--out", "r"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        for file in ["bands.svg", "bands.png"] { #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("r/\(file)").path)) }
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("r/summary.json"))) as? [String: Any])
        let bands = try #require(summary["bands"] as? [String: Any]), total = try #require(bands["total"] as? [String: [Double]])
        let (q05, q50, q95) = (total["q05"]!.last!, total["q50"]!.last!, total["q95"]!.last!)
        let spread = 1.6449 * 0.4 * 2.0.squareRoot()
        #expect(abs(q50 / exp(0.84) - 1) < 0.04 && abs(q05 / exp(0.84 - spread) - 1) < 0.05 && abs(q95 / exp(0.84 + spread) - 1) < 0.05,
                "\(q05) \(q50) \(q95)")
        #expect((bands["times"] as? [Double])?.last == 2)
    }

    @Test func aForcedEnsembleFollowsItsDriversAndEvents() throws {
        // Every member is the piecewise-rate logistic of `spec` (X(5) = 4/(1 + 39e^{−5})) and
        // leaves at t = 6: no survivors at the end; before t = 5 the bands' mean is 4/(1 + 39e^{−t}).
        let dir = try cli.folder(with: DriverCommandTests.spec + "\n[[events]]\nat = 6.0\nmember = 0\nexit = true\n[ensemble]\nmembers = 5\n")
        let result = try cli.ecodyn(["run", "spec.toml", "--out", "r"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("r/summary.json"))) as? [String: Any])
        let survivors = try #require(summary["survivors"] as? [String: Any])
        #expect((survivors["members_with"] as? [Int]) == [5, 0])
        let bands = try #require(summary["bands"] as? [String: Any]), times = try #require(bands["times"] as? [Double])
        let mean = try #require((bands["total"] as? [String: [Double]])?["mean"])
        let k = try #require(times.lastIndex { $0 < 5 }), t = times[k]
        #expect(abs(mean[k] - 4 / (1 + 39 * exp(-t))) < 1e-7, "t = \(t): \(mean[k])")
    }
}

/// Drivers and events in sweeps: the same rows for any thread count and shard.
struct DrivenSweepDeterminismTests {
    let cli = CommandLineTests()

    @Test func jobsAndShardsGiveIdenticalRows() throws {
        let spec = """
        [model]
        kind = "community"
        r = [1.0, 0.8]
        mu = 0.1
        K = [10.0, 8.0]
        delta = [[1.0, 0.6], [0.5, 1.0]]
        [initial]
        x = 0.5
        [integrate]
        t_end = 60
        [drivers]
        "model.K[0]" = { ou = { mean = 10.0, reversion = 0.5, intensity = 0.5, seed = 2 } }
        "model.r[1]" = { piecewise = [[0.0, 0.8], [20.0, 1.2]] }
        [[events]]
        at = 30.0
        member = 1
        multiply = 0.3
        [sweep]
        metrics = ["final_total", "survivors", "inflection_time", "phase_at_end"]
        [sweep.parameters]
        "model.delta[0][1]" = { linspace = [0.2, 1.4, 12] }
        """
        let dir = try cli.folder(with: spec)
        for extra in [["--out", "one.sqlite", "--jobs", "1"], ["--out", "two.sqlite", "--jobs", "2"],
                      ["--out", "s0.sqlite", "--shard", "0/2"], ["--out", "s1.sqlite", "--shard", "1/2"]] {
            let r = try cli.ecodyn(["sweep", "spec.toml", "--quiet"] + extra, in: dir)
            #expect(r.status == 0, "\(extra): \(r.stderr)")
        }
        #expect(try cli.ecodyn(["merge", "s0.sqlite", "s1.sqlite", "-o", "merged.sqlite"], in: dir).status == 0)
        let rows = SweepCommandTests().rows
        let reference = try rows(dir.appendingPathComponent("one.sqlite"))
        #expect(reference.count == 12)
        for other in ["two.sqlite", "merged.sqlite"] { #expect(try rows(dir.appendingPathComponent(other)) == reference, "\(other)") }
    }
}

/// `[drivers]` in a grid spec.
struct GridDriverCommandTests {
    let cli = CommandLineTests()

    @Test func aGridRunTakesDriversAlsoAdaptivelyAndOnDiffusion() throws {
        let spec = """
        [model]
        kind = "brusselator"
        a = 2.0
        b = 2.0
        diffusion = [1.0, 8.0]
        [grid]
        shape = [16, 16]
        [integrate]
        method = "etdrk4"
        dt = 0.1
        t_end = 20
        [drivers]
        "model.b" = { ramp = { from = 2.0, to = 5.0, start = 5.0, end = 15.0 } }
        """
        let dir = try cli.folder(with: spec)
        let result = try cli.ecodyn(["run", "spec.toml", "--out", "r"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let adaptive = try cli.ecodyn(["run", "spec.toml", "--out", "q"], in: try cli.folder(with: spec
            .replacingOccurrences(of: "method = \"etdrk4\"\ndt = 0.1\n", with: "method = \"dopri5\"\n")))
        #expect(adaptive.status == 0, "\(adaptive.stderr)")
        // A driven diffusion coefficient: ETDRK4 is refused naming the method; forward Euler's limit is the driver's largest D.
        let diffusion = spec + "\n\"model.m2\" = { ramp = { from = 8.0, to = 12.0, start = 0.0, end = 10.0 } }\n"
        let refused = try cli.ecodyn(["run", "spec.toml", "--out", "q"], in: try cli.folder(with: diffusion))
        #expect(refused.status == 2 && refused.stderr.contains("integrate.method") && refused.stderr.contains("imex"), "\(refused.stderr)")
        // h = 1 in 2-D: the limit 1/(4·D_max) is 1/32 for D = 8 and 1/48 once the driver reaches 12.
        let euler = try cli.ecodyn(["run", "spec.toml", "--out", "q"], in: try cli.folder(with: diffusion
            .replacingOccurrences(of: "method = \"etdrk4\"\ndt = 0.1\n", with: "method = \"euler\"\ndt = 0.025\n")))
        #expect(euler.status == 2 && euler.stderr.contains("integrate.dt"), "\(euler.stderr)")
    }
}

/// Sweeps over a driver's own numbers.
struct DriverSweepCommandTests {
    let cli = CommandLineTests()

    @Test func aRampsEndIsSwept() throws {
        // The logistic of DriverCommandTests with r ramped from 1 to `to` over [0, 8]: the larger
        // the end, the closer X(8) comes to K; and the ramp to 1 is the constant-r closed form.
        let spec = DriverCommandTests.spec.replacingOccurrences(of: "\"model.r\" = { piecewise = [[0.0, 1.0], [5.0, 2.0]] }",
                                                                with: "\"model.r\" = { ramp = { from = 1.0, to = 2.0, start = 0.0, end = 8.0 } }")
            + "\n[sweep]\nmetrics = [\"final_total\"]\n[sweep.parameters]\n\"drivers.model.r.ramp.to\" = { values = [1.0, 2.0, 3.0] }\n"
        let rows = try cli.sweptRows(spec)
        let column = try #require(rows[0].firstIndex(of: "final_total"))
        let totals = rows.dropFirst().map { Double($0[column])! }
        #expect(abs(totals[0] - 4 / (1 + 39 * exp(-8.0))) < 1e-8 && totals[0] < totals[1] && totals[1] < totals[2], "\(totals)")
        let bad = try cli.folder(with: spec.replacingOccurrences(of: "drivers.model.r.ramp.to", with: "drivers.model.r.periodic.period"))
        let refused = try cli.ecodyn(["sweep", "spec.toml", "--out", "s.sqlite", "--quiet"], in: bad)
        #expect(refused.status == 2 && refused.stderr.contains("is ramp and has no number 'periodic.period'"), "\(refused.stderr)")
    }

    @Test func aPiecewiseSwitchTimeAndValueAreSwept() throws {
        // r = 1 until s, then v: X(8) = K/(1 + (K/X(s) − 1)e^{−v(8 − s)}), X(s) = K/(1 + 39e^{−s}).
        func exact(switchAt t: Double, to v: Double) -> Double {
            let xs = 4 / (1 + 39 * exp(-t))
            return 4 / (1 + (4 / xs - 1) * exp(-v * (8 - t)))
        }
        let spec = DriverCommandTests.spec + "\n[sweep]\nmetrics = [\"final_total\"]\n[sweep.parameters]\n"
            + "\"drivers.model.r.piecewise.times[1]\" = { values = [3.0, 6.0] }\n\"drivers.model.r.piecewise.values[1]\" = { values = [0.5, 2.0] }\n"
        let rows = try cli.sweptRows(spec)
        let (t, v, total) = (try #require(rows[0].firstIndex(of: "drivers.model.r.piecewise.times[1]")),
                             try #require(rows[0].firstIndex(of: "drivers.model.r.piecewise.values[1]")), try #require(rows[0].firstIndex(of: "final_total")))
        #expect(rows.count == 5)
        for row in rows.dropFirst() {
            #expect(abs(Double(row[total])! - exact(switchAt: Double(row[t])!, to: Double(row[v])!)) < 1e-7, "\(row)")
        }
    }
}
