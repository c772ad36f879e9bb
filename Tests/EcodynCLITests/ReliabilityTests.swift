import Foundation
import Testing

/// The reliability rules end to end (docs/cli.md, "Exit status" and "Outputs"): no input kills
/// ecodyn, no command destroys or half-writes a file. One test per defect found by the hostile
/// run of the reliability issue; each fails on the code before its fix.
struct ReliabilityTests {
    let cli = CommandLineTests()

    /// Runs `script` in `sh` inside `directory`, with `$ECODYN` the built executable.
    func shell(_ script: String, in directory: URL) throws -> CommandLineTests.Outcome {
        try CommandLineTests.run(URL(fileURLWithPath: "/bin/sh"), ["-c", script], in: directory,
                                 environment: ["ECODYN": CommandLineTests.executable.path])
    }

    /// A refusal: exit status 2, one line on standard error that contains `text`.
    func expectRefusal(_ result: CommandLineTests.Outcome, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 2, "status \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(text), "\(result.stderr)", sourceLocation: sourceLocation)
    }

    /// The files in `dir`, recursively, relative to it.
    func files(_ dir: URL) -> [String] {
        (FileManager.default.subpaths(atPath: dir.path) ?? []).sorted()
    }

    static let brusselatorSweep = """
        [model]
        kind = "brusselator"
        a = 1.0
        b = 2.0
        [sweep]
        metrics = ["classification", "max_real"]
        [sweep.parameters]
        a = { linspace = [0.5, 2.0, 20] }
        b = { linspace = [0.0, 4.0, 20] }
        """

    static let duo = """
        [model]
        kind = "community"
        r = [1.0, 0.8]
        K = [10, 8]
        delta = [[1.0, 0.5], [0.4, 1.0]]
        [initial]
        x = 0.1
        [integrate]
        t_end = 20
        """

    static let smallGrid = """
        [model]
        kind = "brusselator"
        a = 3.0
        b = 5.0
        diffusion = [1.0, 8.0]
        [grid]
        shape = [32, 32]
        [integrate]
        method = "imex"
        dt = 0.1
        t_end = 2
        """

    /// A folder holding a spec and a finished 400-point results file `good.sqlite`.
    func sweptFolder() throws -> URL {
        let dir = try cli.folder(with: Self.brusselatorSweep)
        let result = try cli.ecodyn(["sweep", "spec.toml", "--out", "good.sqlite", "--quiet"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        return dir
    }

    func points(_ file: URL) throws -> Int {
        let result = try shell("sqlite3 '\(file.path)' 'SELECT count(*) FROM points'", in: file.deletingLastPathComponent())
        return Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    // MARK: data destroyed

    @Test func mergeIntoAFolderIsRefusedAndTheFolderKept() throws {
        let dir = try sweptFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("d"), withIntermediateDirectories: true)
        try "keep".write(to: dir.appendingPathComponent("d/notes.txt"), atomically: true, encoding: .utf8)
        expectRefusal(try cli.ecodyn(["merge", "good.sqlite", "-o", "d"], in: dir), "-o: 'd' is a folder")
        #expect(try String(contentsOf: dir.appendingPathComponent("d/notes.txt"), encoding: .utf8) == "keep")
    }

    @Test func mergeOntoItsOwnInputIsRefusedAndTheInputKept() throws {
        let dir = try sweptFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        expectRefusal(try cli.ecodyn(["merge", "good.sqlite", "-o", "good.sqlite"], in: dir), "is also an input")
        expectRefusal(try cli.ecodyn(["merge", "good.sqlite", "-o", "./good.sqlite"], in: dir), "is also an input")
        #expect(try points(dir.appendingPathComponent("good.sqlite")) == 400)
    }

    @Test func emptyOutputPathsAreRefused() throws {
        let dir = try sweptFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.duo.write(to: dir.appendingPathComponent("duo.toml"), atomically: true, encoding: .utf8)
        try "[model]\nkind = \"alliance\"\nK = 10\ngamma = 1\nc = 10\nbeta = 200\nb1 = 2\nb2 = 1\n"
            .write(to: dir.appendingPathComponent("alliance.toml"), atomically: true, encoding: .utf8)
        let before = files(dir)
        for arguments in [["sweep", "spec.toml", "--out", ""], ["run", "duo.toml", "--out", ""], ["alliance", "alliance.toml", "--out", ""],
                          ["merge", "good.sqlite", "-o", ""], ["export", "good.sqlite", "--csv", ""],
                          ["render", "good.sqlite", "--x", "a", "--y", "b", "--color", "max_real", "-o", ""]] {
            expectRefusal(try cli.ecodyn(arguments, in: dir), "the path is empty")
        }
        #expect(files(dir) == before)
    }

    @Test func mergeChecksEveryShardBeforeWriting() throws {
        let dir = try sweptFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.sqlite")
        // An extra column: the schema no longer matches what the sweep recorded.
        try FileManager.default.copyItem(at: good, to: dir.appendingPathComponent("extra.sqlite"))
        _ = try shell("sqlite3 extra.sqlite 'ALTER TABLE points ADD COLUMN extra REAL'", in: dir)
        expectRefusal(try cli.ecodyn(["merge", "extra.sqlite", "-o", "m.sqlite"], in: dir), "has the columns")
        // A damaged page: SQLite's quick check fails.
        var bytes = try Data(contentsOf: good)
        for k in stride(from: 4096 + 100, to: min(bytes.count, 4096 * 3), by: 7) { bytes[k] = 0xA5 }
        try bytes.write(to: dir.appendingPathComponent("damaged.sqlite"))
        expectRefusal(try cli.ecodyn(["merge", "damaged.sqlite", "-o", "m.sqlite"], in: dir), "damaged.sqlite")
        // Point counts that cannot be allocated or are negative.
        for total in ["-1", "1000000000000000", "abc"] {
            try? FileManager.default.removeItem(at: dir.appendingPathComponent("t.sqlite"))
            try FileManager.default.copyItem(at: good, to: dir.appendingPathComponent("t.sqlite"))
            _ = try shell("sqlite3 t.sqlite \"UPDATE sweep SET value = '\(total)' WHERE key = 'total_points'\"", in: dir)
            expectRefusal(try cli.ecodyn(["merge", "t.sqlite", "-o", "m.sqlite"], in: dir), total == "1000000000000000" ? "points are missing" : "total_points")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.sqlite").path))
        #expect(!files(dir).contains { $0.contains(".partial") })
    }

    /// Whether this build runs under AddressSanitizer or ThreadSanitizer, whose shadow memory does
    /// not work under process limits (AddressSanitizer cannot start under `ulimit -v`;
    /// ThreadSanitizer dies of SIGBUS under `ulimit -f`): the tests that set limits run in the
    /// plain suite only.
    static let sanitized = ["__asan_init", "__tsan_init"].contains { (name: String) in dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) != nil }

    /// A full disk, simulated by a file-size limit (`ulimit -f`, with SIGXFSZ ignored so that
    /// writes fail with EFBIG): the command fails with one line and status 1, and leaves neither
    /// its output nor a temporary file; an existing output stays as it was.
    @Test(.disabled(if: sanitized, "the sanitizers' shadow memory does not work under ulimit -f"))
    func aFullDiskLeavesNoPartialOutput() throws {
        let dir = try sweptFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.smallGrid.write(to: dir.appendingPathComponent("grid.toml"), atomically: true, encoding: .utf8)
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples")
        try FileManager.default.copyItem(at: examples.appendingPathComponent("alliance.toml"), to: dir.appendingPathComponent("alliance.toml"))
        let full = "trap '' XFSZ; ulimit -f 16; "   // 16 blocks of 512 bytes: 8 kB
        for (command, output) in [("\"$ECODYN\" merge good.sqlite -o m.sqlite", "m.sqlite"), ("\"$ECODYN\" run grid.toml --out g", "g"),
                                  ("\"$ECODYN\" export good.sqlite --csv p.csv", "p.csv"), ("\"$ECODYN\" alliance alliance.toml --out a", "a")] {
            let result = try shell(full + command, in: dir)
            #expect(result.status == 1, "\(command): \(result.status) \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(["File too large", "disk is full", "disk I/O error"].contains { result.stderr.contains($0) }, "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(output).path), "\(command) left \(output)")
        }
        // Into an existing results folder: the earlier run's files are kept whole.
        #expect(try cli.ecodyn(["run", "grid.toml", "--out", "g"], in: dir).status == 0)
        let summary = try Data(contentsOf: dir.appendingPathComponent("g/summary.json"))
        #expect(try shell(full + "\"$ECODYN\" run grid.toml --out g", in: dir).status == 1)
        #expect(try Data(contentsOf: dir.appendingPathComponent("g/summary.json")) == summary)
        #expect(!files(dir).contains { $0.contains(".partial") }, "\(files(dir))")
    }

    @Test func anOutputThatCannotBeCreatedIsOneLineWithStatusOne() throws {
        let dir = try cli.folder(with: Self.duo)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try cli.ecodyn(["run", "spec.toml", "--out", "/proc/ecodyn-results"], in: dir)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1 && !result.stderr.contains("NSCocoaErrorDomain"), "\(result.stderr)")
    }

    @Test func anInterruptedRunLeavesNoFolderAndNoPartialFiles() throws {
        let dir = try cli.folder(with: Self.smallGrid.replacingOccurrences(of: "shape = [32, 32]", with: "shape = [256, 256]")
            .replacingOccurrences(of: "t_end = 2", with: "t_end = 100000"))
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try shell("\"$ECODYN\" run spec.toml --out r & pid=$!; sleep 1; kill -INT $pid; wait $pid", in: dir)
        #expect(result.status == 130, "\(result.status) \(result.stderr)")
        #expect(result.stderr.contains("interrupted"))
        #expect(files(dir) == ["spec.toml"])
    }

    // MARK: crashes

    @Test func sizesTheMachineCannotHoldAreRefusedNamingTheKey() throws {
        let community = "[model]\nkind = \"community\"\nr = 1.0\nK = 1.0\n"
        let cases: [(String, String, String)] = [
            (community + "n = 9223372036854775807\n", "analyze", "model.n"),
            (community + "n = 2305843009213693952\n", "analyze", "model.n"),
            (community + "n = 50000\n[model.random]\nconnectance = 0.1\nsigma = 0.1\nseed = 1\n", "analyze", "model.n"),
            (community + "n = 60000\n[model.random]\nconnectance = 0.1\nsigma = 0.1\nseed = 1\n", "run", "model.n: a community of n = 60000 members"),
            (community + "n = 3000000\n[model.random]\nstorage = \"sparse\"\nconnectance = 0.01\nsigma = 0.1\nseed = 1\n", "analyze",
             "model.random.connectance: a sparse community of n = 3000000 members"),
            (Self.smallGrid.replacingOccurrences(of: "shape = [32, 32]", with: "shape = [40000, 40000]"), "run", "grid.shape: a grid of 1600000000 cells"),
            (Self.duo.replacingOccurrences(of: "t_end = 20", with: "method = \"rk4\"\ndt = 1\nt_end = 1e20"), "run", "integrate.dt"),
            (Self.duo.replacingOccurrences(of: "t_end = 20", with: "method = \"rk4\"\ndt = 1e-300\nt_end = 1"), "run", "integrate.dt"),
            (Self.duo.replacingOccurrences(of: "t_end = 20", with: "t_end = 20\nsaves = 1099511627776"), "run", "integrate.saves"),
            (Self.duo.replacingOccurrences(of: "t_end = 20", with: "t_end = 20\nsaves = 9223372036854775807"), "run", "integrate.saves"),
            ("[model]\nkind = \"brusselator\"\na = 1.0\nb = 2.5\n[integrate]\nt_end = 10\nsaves = 9223372036854775807\n", "run", "integrate.saves"),
            (Self.smallGrid.replacingOccurrences(of: "shape = [32, 32]", with: "shape = [1e300, 1]"), "run", "grid.shape"),
            (Self.smallGrid.replacingOccurrences(of: "shape = [32, 32]", with: "shape = [3037000500, 3037000500]"), "run", "grid.shape"),
            (Self.smallGrid.replacingOccurrences(of: "dt = 0.1", with: "dt = 1e-300"), "run", "integrate.dt"),
            (Self.brusselatorSweep.replacingOccurrences(of: "[sweep]", with: "[sweep]\nreplicates = 4611686018427387904"), "sweep", "sweep.parameters"),
            (Self.brusselatorSweep.replacingOccurrences(of: "0.5, 2.0, 20", with: "0.5, 2.0, 1e18"), "sweep", "sweep.parameters"),
            (Self.brusselatorSweep.replacingOccurrences(of: "a = { linspace = [0.5, 2.0, 20] }", with: "a = { latin-hypercube = [0.5, 2.0], count = 1000000000000 }"),
             "sweep", "sweep.parameters.a.count"),
        ]
        for (spec, command, key) in cases {
            let dir = try cli.folder(with: spec)
            defer { try? FileManager.default.removeItem(at: dir) }
            let arguments = command == "analyze" ? [command, "spec.toml"] : [command, "spec.toml", "--out", command == "sweep" ? "r.sqlite" : "r"]
            expectRefusal(try cli.ecodyn(arguments, in: dir), key)
            #expect(files(dir) == ["spec.toml"], "\(files(dir))")
        }
    }

    @Test func aHugeNPYShapeIsRefused() throws {
        let dir = try cli.folder(with: "[model]\nkind = \"community\"\nr = 1.0\nK = 1.0\ndelta = \"d.npy\"\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        for header in ["{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }",
                       "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2, 2), }"] {
            var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
            let padded = header + String(repeating: " ", count: (64 - (header.utf8.count + 11) % 64) % 64) + "\n"
            data.append(contentsOf: [UInt8(padded.utf8.count & 0xFF), UInt8(padded.utf8.count >> 8)])
            data.append(contentsOf: Array(padded.utf8) + [UInt8](repeating: 0, count: 32))
            try data.write(to: dir.appendingPathComponent("d.npy"))
            expectRefusal(try cli.ecodyn(["analyze", "spec.toml"], in: dir), "model.delta")
        }
    }

    /// Under an address-space cap the budget shrinks with it: the request is refused, not aborted.
    @Test(.disabled(if: sanitized, "AddressSanitizer and ThreadSanitizer cannot run under ulimit -v"))
    func requestsBeyondAnAddressSpaceCapAreRefused() throws {
        let dir = try cli.folder(with: "[model]\nkind = \"community\"\nr = 1.0\nK = 1.0\nn = 20000\n[model.random]\nconnectance = 0.1\nsigma = 0.1\nseed = 1\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.smallGrid.replacingOccurrences(of: "shape = [32, 32]", with: "shape = [8192, 8192]")
            .write(to: dir.appendingPathComponent("grid.toml"), atomically: true, encoding: .utf8)
        let result = try shell("ulimit -v 3000000; \"$ECODYN\" analyze spec.toml", in: dir)
        expectRefusal(result, "model.n: a community of n = 20000 members")
        let grid = try shell("ulimit -v 3000000; \"$ECODYN\" run grid.toml --out g", in: dir)
        expectRefusal(grid, "grid.shape: a grid of 67108864 cells")
    }

    @Test func sweepSeedsAndParameterNamesAreChecked() throws {
        let base = SweepCommandTests.spec
        let cases: [(String, String, String)] = [
            ("seed = 3", "seed = -1", "model.random.seed"),
            ("seed = 3", "seed = \"abc\"", "model.random.seed"),
            ("seed = 3", "seed = nan", "model.random.seed"),
            ("seed = 3", "seed = true", "model.random.seed"),
            ("\"model.random.sigma\"", "\".\"", "sweep.parameters"),
            ("\"model.random.sigma\"", "\"..\"", "sweep.parameters"),
        ]
        for (from, to, key) in cases {
            let dir = try cli.folder(with: base.replacingOccurrences(of: from, with: to))
            defer { try? FileManager.default.removeItem(at: dir) }
            expectRefusal(try cli.ecodyn(["sweep", "spec.toml", "--out", "r.sqlite"], in: dir), key)
        }
        let grid = try cli.folder(with: Self.smallGrid + "\n[sweep]\n[sweep.parameters]\n\".\" = { values = [1.0] }\n")
        defer { try? FileManager.default.removeItem(at: grid) }
        expectRefusal(try cli.ecodyn(["sweep", "spec.toml", "--out", "r.sqlite"], in: grid), "sweep.parameters")
    }

    // MARK: pictures

    @Test func longColourBarLabelsAndTitlesNeverCrashAPicture() throws {
        // Gray–Scott with the default perturbation has field extremes such as -4.0575e-05.
        let dir = try cli.folder(with: """
            [model]
            kind = "gray-scott"
            F = 0.04
            k = 0.06
            diffusion = [0.2, 0.1]
            [grid]
            shape = [16, 16]
            [integrate]
            method = "euler"
            dt = 0.5
            t_end = 20
            """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try cli.ecodyn(["run", "spec.toml", "--out", "r"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("r/v.png").path))
        // A map of three columns is narrower than its title.
        try (Self.brusselatorSweep.replacingOccurrences(of: "0.5, 2.0, 20", with: "0.5, 2.0, 3"))
            .write(to: dir.appendingPathComponent("narrow.toml"), atomically: true, encoding: .utf8)
        #expect(try cli.ecodyn(["sweep", "narrow.toml", "--out", "n.sqlite", "--quiet"], in: dir).status == 0)
        let render = try cli.ecodyn(["render", "n.sqlite", "--x", "a", "--y", "b", "--color", "classification", "-o", "n.png"], in: dir)
        #expect(render.status == 0, "\(render.stderr)")
    }

    @Test func anOverflowingStateGivesAFinitePlot() throws {
        let dir = try cli.folder(with: Self.duo.replacingOccurrences(of: "x = 0.1", with: "x = 1e308"))
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try cli.ecodyn(["run", "spec.toml", "--out", "r"], in: dir)
        #expect(result.status == 0 && result.stdout.contains("diverged"), "\(result.stdout) \(result.stderr)")
        let svg = try String(contentsOf: dir.appendingPathComponent("r/trajectories.svg"), encoding: .utf8)
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    // MARK: injection and files

    @Test func slurmScriptsTakeNoControlCharactersOrShellWords() throws {
        let dir = try cli.folder(with: Self.brusselatorSweep)
        defer { try? FileManager.default.removeItem(at: dir) }
        for extra in [["--out", dir.path + "/evil\ntouch PWNED\n.sqlite"], ["--partition", "short\ntouch PWNED"], ["--time", "01:00:00 ; touch PWNED"]] {
            expectRefusal(try cli.ecodyn(["slurm", "spec.toml", "--tasks", "2"] + extra, in: dir), extra[0])
        }
        #expect(files(dir) == ["spec.toml"])
    }

    @Test func noCommandWritesThroughASymbolicLink() throws {
        let dir = try sweptFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.duo.write(to: dir.appendingPathComponent("duo.toml"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link").path, withDestinationPath: "target")
        for arguments in [["sweep", "spec.toml", "--out", "link"], ["run", "duo.toml", "--out", "link"], ["merge", "good.sqlite", "-o", "link"],
                          ["export", "good.sqlite", "--csv", "link"], ["render", "good.sqlite", "--x", "a", "--y", "b", "--color", "max_real", "-o", "link"]] {
            expectRefusal(try cli.ecodyn(arguments, in: dir), "is a symbolic link")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("target").path))
    }

    @Test func aNULByteOrAHeaderWithoutAKeyIsASyntaxError() throws {
        for text in ["[model]\nkind = \"community\u{0}\"\n", "[model]\nkind = \"community\"\n\u{0}r = 1\n",
                     "[\n[model]\nkind = \"community\"\n", "[=]\n", "[model]\nr = [1.0,}0.8]\n"] {
            let dir = try cli.folder(with: text)
            defer { try? FileManager.default.removeItem(at: dir) }
            expectRefusal(try cli.ecodyn(["analyze", "spec.toml"], in: dir), text.contains("\u{0}") ? "NUL byte" : "TOML syntax error")
        }
    }

    @Test func aSecondSweepIntoAFileInUseIsRefused() throws {
        let dir = try cli.folder(with: Self.brusselatorSweep)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("r.sqlite").path
        let holder = open(path, O_RDWR | O_CREAT, 0o644)
        defer { close(holder) }
        #expect(flock(holder, LOCK_EX | LOCK_NB) == 0)
        expectRefusal(try cli.ecodyn(["sweep", "spec.toml", "--out", "r.sqlite"], in: dir), "is being written by another ecodyn process")
        flock(holder, LOCK_UN)
        #expect(try cli.ecodyn(["sweep", "spec.toml", "--out", "r.sqlite", "--quiet"], in: dir).status == 0)
    }

    // MARK: silent acceptance

    @Test func analyzeChecksTheWholeFile() throws {
        let cases: [(String, String)] = [
            (Self.duo.replacingOccurrences(of: "t_end = 20", with: "t_end = nan"), "integrate.t_end"),
            (Self.duo.replacingOccurrences(of: "t_end = 20", with: "t_end = 20\nmethod = \"rk45\""), "integrate.method"),
            (Self.duo.replacingOccurrences(of: "x = 0.1", with: "x = -1"), "initial.x"),
            (Self.duo + "\n[sweep]\nmetrics = [\"nope\"]\n[sweep.parameters]\nK = { values = [1.0] }\n", "sweep.metrics"),
        ]
        for (spec, key) in cases {
            let dir = try cli.folder(with: spec)
            defer { try? FileManager.default.removeItem(at: dir) }
            expectRefusal(try cli.ecodyn(["analyze", "spec.toml"], in: dir), key)
        }
    }

    @Test func keysTheMethodDoesNotUseAreRefused() throws {
        for (spec, key) in [(Self.duo.replacingOccurrences(of: "t_end = 20", with: "t_end = 20\ndt = -1"), "integrate.dt"),
                            (Self.duo.replacingOccurrences(of: "t_end = 20", with: "t_end = 20\nmethod = \"rk4\"\ndt = 0.1\nrtol = 1e-3"), "integrate.rtol")] {
            let dir = try cli.folder(with: spec)
            defer { try? FileManager.default.removeItem(at: dir) }
            expectRefusal(try cli.ecodyn(["run", "spec.toml", "--out", "r"], in: dir), key)
        }
    }

    @Test func overflowsAndSingularMatricesNameTheirKey() throws {
        let cases: [(String, String, String)] = [
            ("[model]\nkind = \"community\"\nr = 1.0\nK = 1.0\ndelta = [[1, 1], [1, 1]]\n", "analyze", "model.delta: δ is singular"),
            ("[model]\nkind = \"brusselator\"\na = 1e308\nb = 2\n", "analyze", "model: the homogeneous steady state"),
            ("[model]\nkind = \"alliance\"\nK = 10\ngamma = 1\nc = 10\nbeta = 200\nb1 = 2\nb2 = 1\n[vertical]\ncoalition_values = [1e308, 1e308, 1600]\n",
             "alliance", "vertical.coalition_values"),
        ]
        for (spec, command, text) in cases {
            let dir = try cli.folder(with: spec)
            defer { try? FileManager.default.removeItem(at: dir) }
            expectRefusal(try cli.ecodyn([command, "spec.toml"], in: dir), text)
        }
    }
}

extension ReliabilityTests {
    /// A memory cgroup this test may make (root, cgroup v1 or v2 mounted writable), with the file
    /// that sets its limit: what a Slurm job with `--mem` or a container runs in.
    static let memoryCgroup: (folder: String, limitFile: String)? = {
        let v2 = FileManager.default.fileExists(atPath: "/sys/fs/cgroup/cgroup.controllers")
        let folder = (v2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/memory") + "/ecodyn-test-\(getpid())"
        guard mkdir(folder, 0o755) == 0 else { return nil }
        rmdir(folder)
        return (folder, v2 ? "memory.max" : "memory.limit_in_bytes")
    }()

    /// Inside a cgroup limited to 2 GiB on a machine with far more, the budget is the cgroup's.
    @Test(.enabled(if: memoryCgroup != nil && !sanitized, "needs root and a writable memory cgroup"))
    func aMemoryCgroupLimitIsTheBudget() throws {
        let (folder, limitFile) = try #require(Self.memoryCgroup)
        let dir = try cli.folder(with: "[model]\nkind = \"community\"\nr = 1.0\nK = 1.0\nn = 8000\n[model.random]\nconnectance = 0.1\nsigma = 0.1\nseed = 1\n")
        defer { try? FileManager.default.removeItem(at: dir); rmdir(folder) }
        #expect(mkdir(folder, 0o755) == 0)
        try "\(2 << 30)".write(toFile: "\(folder)/\(limitFile)", atomically: false, encoding: .utf8)
        let result = try shell("echo $$ > \(folder)/cgroup.procs; exec \"$ECODYN\" analyze spec.toml", in: dir)
        expectRefusal(result, "needs about 2.4 GB; 2.0 GB are available")
    }
}

extension ReliabilityTests {
    /// Counts on the command line and in Slurm's environment that would overflow are usage
    /// errors (or not a job array), never a trap.
    @Test func hugeOptionValuesAreUsageErrors() throws {
        let dir = try cli.folder(with: Self.brusselatorSweep)
        defer { try? FileManager.default.removeItem(at: dir) }
        let huge = "9223372036854775807"
        for arguments in [["sweep", "spec.toml", "--jobs", huge], ["sweep", "spec.toml", "--shard", "0/\(huge)"],
                          ["slurm", "spec.toml", "--tasks", huge], ["slurm", "spec.toml", "--tasks", "2", "--cpus-per-task", huge]] {
            let result = try cli.ecodyn(arguments, in: dir)
            #expect(result.status == 64 && result.stderr.hasPrefix("Error: "), "\(arguments): \(result.status) \(result.stderr)")
        }
        let task = try shell("SLURM_ARRAY_TASK_ID=\(huge) SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_MIN=-\(huge) \"$ECODYN\" sweep spec.toml --out r.sqlite --quiet", in: dir)
        #expect(task.status == 0, "\(task.stderr)")
    }
}
