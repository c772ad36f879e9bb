import Foundation

/// A results folder that appears whole or not at all. Files are written into a hidden staging
/// folder (`.NAME.partial-PID` beside a new destination, or `.ecodyn.partial-PID` inside an
/// existing one); nothing at the destination changes until ``commit(replacing:)``, which renames
/// the staging folder into place, or moves its files into the existing folder in the order they
/// were written (write the summary last). A failure or an interrupt before the commit removes
/// the staging folder, so a failed run leaves nothing that looks finished.
public final class StagedFolder {
    /// Where the results go.
    public let destination: String
    let staging: String
    let destinationExists: Bool
    private var names = [String]()
    private let token: Int
    private var committed = false

    /// Checks `destination` (given with `option`) and makes the staging folder.
    public init(_ destination: String, option: String) throws {
        try OutputPath.checkFolder(destination, option: option, example: "results")
        self.destination = destination
        destinationExists = OutputPath.existing(destination) == .folder
        let url = URL(fileURLWithPath: destination).standardizedFileURL
        if destinationExists {
            staging = url.appendingPathComponent(".ecodyn.partial-\(getpid())").path
        } else {
            let parent = url.deletingLastPathComponent().path
            do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
                throw FileError(path: parent, "cannot create the folder")
            }
            staging = FileIO.temporaryPath(beside: url.path)
        }
        try? FileManager.default.removeItem(atPath: staging)
        token = Interruption.register(staging)
        guard mkdir(staging, 0o755) == 0 else {
            Interruption.done(token)
            throw FileError.system(destinationExists ? destination : staging, "cannot create the results folder")
        }
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(atPath: staging) }
        Interruption.done(token)
    }

    /// Writes one file of the results.
    public func write(_ data: Data, as name: String) throws(FileError) {
        do { try FileIO.writeNew(data, to: "\(staging)/\(name)") } catch {
            throw FileError(path: "\(destination)/\(name)", error.message)
        }
        names.append(name)
    }

    /// Writes one text file of the results.
    public func write(_ text: String, as name: String) throws(FileError) { try write(Data(text.utf8), as: name) }

    /// Makes the results visible; files named in `stale` that this run did not write (left by
    /// an earlier run into the same folder) are removed from it.
    public func commit(replacing stale: [String] = []) throws(FileError) {
        if !destinationExists {
            guard rename(staging, destination) == 0 else { throw .system(destination, "cannot create the results folder") }
        } else {
            for name in stale where !names.contains(name) { unlink("\(destination)/\(name)") }
            for name in names {
                guard rename("\(staging)/\(name)", "\(destination)/\(name)") == 0 else { throw .system("\(destination)/\(name)", "cannot write") }
            }
            rmdir(staging)
        }
        committed = true
    }
}
