import Foundation
import Testing
@testable import Ecodyn
@testable import EcodynSpec

struct SpecTableTests {
    /// The error a read throws, for checking its key and wording.
    func failure(_ body: () throws -> Void) -> SpecError? {
        do { try body(); return nil } catch let e as SpecError { return e } catch { return nil }
    }

    @Test func scalarsBroadcastToVectors() throws {
        let model = try SpecTable.parse("[model]\nr = 0.5\nK = [1, 2, 3]").requireTable("model")
        #expect(try model.vector("r", count: 3) == [0.5, 0.5, 0.5])
        #expect(try model.vector("K", count: 3, constraint: .positive) == [1, 2, 3])
        #expect(try model.vector("absent", count: 3) == nil)
    }

    @Test func errorsNameTheKeyAndTheFix() throws {
        let model = try SpecTable.parse("[model]\nK = [1, -2]\nr = [1, 2, 3]\nn = 2.5\nkind = 3").requireTable("model")
        #expect(failure { _ = try model.vector("K", count: 2, constraint: .positive) }?.description == "model.K: must be > 0, got -2.0 at [1]")
        #expect(failure { _ = try model.vector("r", count: 2) }?.description == "model.r: expected a scalar or a list of 2 numbers, got 3")
        #expect(failure { _ = try model.int("n") }?.description == "model.n: expected an integer, got a number")
        #expect(failure { _ = try model.string("kind") }?.description == "model.kind: expected a string, got an integer")
        #expect(failure { _ = try model.required(model.double("mu"), "mu") }?.description == "model.mu: missing; this key is required")
    }

    @Test func matricesFromNestedListsWithShapeChecks() throws {
        let model = try SpecTable.parse("[model]\ndelta = [[1, 0.5, 0], [0.2, 1, 0], [0, 0, 1]]").requireTable("model")
        let delta = try #require(try model.matrix("delta", rows: 3, columns: 3))
        #expect(delta[0, 1] == 0.5 && delta[1, 0] == 0.2)
        #expect(failure { _ = try model.matrix("delta", rows: 3, columns: 2) }?.description == "model.delta: expected a 3×2 matrix, got 3×3")
    }

    @Test func matricesFromNPYFilesRelativeToTheSpec() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ecodyn-spec-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try NPYArray(shape: [2, 2], values: [1, 0.3, 0.4, 1]).write(to: folder.appendingPathComponent("delta.npy"))
        let specURL = folder.appendingPathComponent("spec.toml")
        try "[model]\ndelta = \"delta.npy\"\nother = \"missing.npy\"".write(to: specURL, atomically: true, encoding: .utf8)
        let model = try SpecTable.load(specURL.path).requireTable("model")
        #expect(try model.matrix("delta", rows: 2, columns: 2)?.rowArrays == [[1, 0.3], [0.4, 1]])
        let missing = failure { _ = try model.matrix("other", rows: 2, columns: 2) }
        #expect(missing?.key == "model.other")
        #expect(missing?.message.contains("does not exist") == true)
    }

    @Test func unknownKeysAreRejectedWithAHint() throws {
        let model = try SpecTable.parse("[model]\nkind = \"community\"\nmuu = 0.1").requireTable("model")
        let e = failure { try model.allowOnly(["kind", "r", "mu", "K"]) }
        #expect(e?.key == "model.muu")
        #expect(e?.message.contains("did you mean 'mu'?") == true)
    }

    @Test func choicesAreListed() throws {
        let spec = try SpecTable.parse("[model]\nkind = \"comunity\"")
        let e = failure { _ = try ModelKind.of(spec) }
        #expect(e?.key == "model.kind")
        #expect(e?.message.contains("\"community\"") == true)
    }

    @Test func syntaxErrorsGiveTheLine() {
        let e = failure { _ = try SpecTable.parse("[model]\nr = = 1") }
        #expect(e?.message.contains("line 2") == true)
    }

    @Test func missingFileIsAClearError() {
        let e = failure { _ = try SpecTable.load("/nonexistent/spec.toml") }
        #expect(e?.message.contains("cannot read the spec file") == true)
    }

    @Test func arraysOfTablesCarryTheirIndexInPaths() throws {
        let spec = try SpecTable.parse("[model]\n[[model.relation]]\ni = 0\n[[model.relation]]\ni = -1")
        let relations = try spec.requireTable("model").tables("relation")
        #expect(relations.count == 2)
        let e = failure { _ = try relations[1].int("i", minimum: 0) }
        #expect(e?.description == "model.relation[1].i: must be ≥ 0, got -1")
    }

    @Test func editDistanceCountsEdits() {
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(editDistance("", "abc") == 3)
        #expect(editDistance("mu", "mu") == 0)
    }

    @Test func aNULByteIsRefusedWhereTheParserWouldStopSilently() {
        #expect(failure { _ = try SpecTable.parse("[model]\nkind = \"community\u{0}\"\n") }?.description
                == "the spec contains a NUL byte at line 2, column 18; remove it")
    }

    /// Inputs on which toml++ (inside TOMLKit) asserts instead of reporting an error.
    @Test func headersWithoutAKeyAndBracesInArraysAreSyntaxErrors() throws {
        for text in ["[\n[model]\n", "[=]", "[#]", "[\t]", "[.a]", "[[ =]]", "x = [}]", "x = [1, }]", "x = [{ a = 1 }, }]"] {
            #expect(failure { _ = try SpecTable.parse(text) }?.message.hasPrefix("TOML syntax error at line") == true, "\(text)")
        }
        // Brackets inside strings, comments and multi-line arrays are not headers.
        let ok = try SpecTable.parse("x = [\n  [1, 2], # ] [=\n  [3]]\ns = \"[=}\"\nt = '''\n[=]\n'''\n[ model ]\nkind = \"c\"\n")
        #expect(ok.keys == ["model", "s", "t", "x"])
    }
}
