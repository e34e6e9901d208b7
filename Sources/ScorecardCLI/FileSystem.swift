import Foundation
import ScorecardKit

/// File input and atomic output for the commands.
enum FileSystem {
    /// For tests: fail the write of the second file to go under this directory, as a full disk
    /// would (only paths under it are affected, so other tests running at the same time are not).
    nonisolated(unsafe) static var simulateFullDiskUnder: String? = nil

    /// Reads a whole file as bytes.
    ///
    /// - Throws: ``CLIError/file(_:)`` naming the file when it is missing, a directory or unreadable.
    static func readBytes(_ path: String) throws -> [UInt8] {
        try checkReadable(path)
        do { return try FileBytes.read(path) } catch let e as FileBytes.ReadError { throw CLIError.file(e.description) }
    }

    /// Checks that `path` names a file (not a directory).
    ///
    /// - Throws: ``CLIError/file(_:)`` naming the file when it is missing or a directory.
    static func checkReadable(_ path: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw CLIError.file("\(path): no such file")
        }
        if isDir.boolValue { throw CLIError.file("\(path): is a directory, not a file") }
    }

    /// Reads a whole file as UTF-8 text.
    static func readText(_ path: String) throws -> String {
        let bytes = try readBytes(path)
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw CLIError.file("\(path): is not UTF-8 text")
        }
        return s
    }

    /// Writes several files so that either all of them are replaced or none is: each is written to a
    /// temporary file beside its target first, and only when every one is complete are they renamed
    /// into place (a rename within a directory is atomic).
    ///
    /// - Throws: ``CLIError/file(_:)`` naming the file that could not be written; nothing existing
    ///   is changed then.
    static func writeAtomically(_ files: [(path: String, contents: String)]) throws {
        let fm = FileManager.default
        var temps: [(temp: String, path: String)] = []
        defer { for t in temps { try? fm.removeItem(atPath: t.temp) } }
        // A destination that is a directory would fail at rename time, after other files were
        // already replaced: refuse before writing anything.
        for (path, _) in files {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                throw CLIError.file("\(path): is a directory; nothing was written")
            }
        }
        for (path, contents) in files {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty {
                do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                    throw CLIError.file("\(dir): cannot create the output directory (\(error.localizedDescription))")
                }
            }
            let temp =
                (dir.isEmpty ? "." : dir) + "/." + (path as NSString).lastPathComponent
                + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
            let diskFull = Self.simulateFullDiskUnder.map { path.hasPrefix($0) && temps.count == 1 } ?? false
            guard !diskFull, fm.createFile(atPath: temp, contents: Data(contents.utf8)) else {
                throw CLIError.file(
                    "\(path): cannot be written (is the directory writable, the disk full?); nothing was replaced")
            }
            temps.append((temp, path))
        }
        for (temp, path) in temps {
            if rename(temp, path) != 0 {
                throw CLIError.file("\(path): cannot be replaced (\(String(cString: strerror(errno))))")
            }
        }
        temps.removeAll()
    }
}
