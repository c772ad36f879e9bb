import Foundation
import Testing
@testable import Ecodyn

/// Outputs that appear whole or not at all, the output-path rules and the memory budget.
struct FilesTests {
    func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecodyn-files-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func names(_ dir: URL) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted() }

    @Test func anAtomicWriteReplacesTheFileAndLeavesNoTemporary() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("a.txt").path
        try FileIO.write("one", to: path)
        try FileIO.write("two", to: path)
        #expect(String(decoding: try FileIO.read(path), as: UTF8.self) == "two")
        #expect(names(dir) == ["a.txt"])
        #expect(throws: FileError.self) { try FileIO.write("x", to: dir.appendingPathComponent("missing/b.txt").path) }
        #expect(names(dir) == ["a.txt"])
    }

    @Test func readingAFolderOrAMissingFileIsAFileErrorInWords() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: FileError(path: dir.path, "is not a regular file")) { try FileIO.read(dir.path) }
        #expect(throws: FileError(path: dir.path + "/none", "cannot read: No such file or directory")) { try FileIO.read(dir.path + "/none") }
    }

    @Test func aStagedFolderAppearsOnlyWhenCommitted() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("results").path
        do {
            let folder = try StagedFolder(target, option: "--out")
            try folder.write("1", as: "u.npy")
            #expect(names(dir).count == 1 && names(dir)[0].hasPrefix(".results.partial-"))
        }   // released without commit: as if the run failed
        #expect(names(dir) == [])
        let folder = try StagedFolder(target, option: "--out")
        try folder.write("1", as: "u.npy")
        try folder.write("{}", as: "summary.json")
        try folder.commit()
        #expect(names(dir) == ["results"] && names(URL(fileURLWithPath: target)) == ["summary.json", "u.npy"])
    }

    @Test func committingIntoAnExistingFolderKeepsOtherFilesAndDropsStaleOnes() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileIO.write("mine", to: dir.appendingPathComponent("notes.txt").path)
        try FileIO.write("old", to: dir.appendingPathComponent("frames_u.npy").path)
        try FileIO.write("old", to: dir.appendingPathComponent("u.npy").path)
        let folder = try StagedFolder(dir.path, option: "--out")
        try folder.write("new", as: "u.npy")
        #expect(String(decoding: try FileIO.read(dir.appendingPathComponent("u.npy").path), as: UTF8.self) == "old")
        try folder.commit(replacing: ["frames_u.npy"])
        #expect(names(dir) == ["notes.txt", "u.npy"])
        #expect(String(decoding: try FileIO.read(dir.appendingPathComponent("u.npy").path), as: UTF8.self) == "new")
    }

    @Test func outputPathsFollowOneRule() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let link = dir.appendingPathComponent("link").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "nowhere")
        try FileIO.write("x", to: dir.appendingPathComponent("file").path)
        #expect(throws: OutputPathError.self) { try OutputPath.checkFile("", option: "--out", example: "r.sqlite") }
        #expect(throws: OutputPathError.self) { try OutputPath.checkFile(link, option: "--out", example: "r.sqlite") }
        #expect(throws: OutputPathError.self) { try OutputPath.checkFile(dir.path, option: "--out", example: "r.sqlite") }
        #expect(throws: OutputPathError.self) { try OutputPath.checkFile(dir.path + "/no/r.sqlite", option: "--out", example: "r.sqlite") }
        #expect(throws: OutputPathError.self) { try OutputPath.checkFile(dir.path + "/a\nb", option: "--out", example: "r.sqlite") }
        #expect(throws: OutputPathError.self) { try OutputPath.checkFolder(dir.path + "/file", option: "--out", example: "r") }
        #expect(throws: OutputPathError.self) { try OutputPath.checkFolder(link, option: "--out", example: "r") }
        try OutputPath.checkFile(dir.path + "/file", option: "--out", example: "r.sqlite")
        try OutputPath.checkFolder(dir.path + "/new/deeper", option: "--out", example: "r")
    }

    @Test func byteCountsThatOverflowAreNil() {
        #expect(CheckedCount.product(1 << 31, 1 << 31, 8) == nil)
        #expect(CheckedCount.product(3, 5, 8) == 120)
        #expect(CheckedCount.product(-1, 8) == nil)
        #expect(MemoryBudget.available > 0)
        #expect(throws: SpecError.self) { try MemoryBudget.check(nil, for: "x", key: "k", fix: "f") }
        #expect(throws: SpecError.self) { try MemoryBudget.check(Int.max, for: "x", key: "k", fix: "f") }
    }
}
