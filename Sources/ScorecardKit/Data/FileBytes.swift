#if canImport(Glibc)
    import Glibc
    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    import Darwin
    private let systemRead = Darwin.read
#endif

/// Reading a whole file straight into a byte array: one allocation the size of the file and
/// `read(2)` into it, without the intermediate `Data` (and its copy) of `FileManager`.
///
/// ```swift
/// let bytes = try FileBytes.read("deals.csv")
/// let deals = try DealTable(bytes: bytes, file: "deals.csv")
/// ```
public enum FileBytes {
    /// Why a file could not be read.
    public struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The path.
        public var path: String
        /// The system's reason (`strerror`).
        public var reason: String
        public var description: String { "\(path): cannot be read (\(reason))" }
    }

    /// The bytes of the file at `path`.
    ///
    /// - Throws: ``ReadError`` with the system's reason when it cannot be opened or read.
    public static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ReadError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ReadError(path: path, reason: String(cString: strerror(errno))) }
        let size = max(Int(info.st_size), 0)
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var got = 0
            while got < size {
                let r = systemRead(fd, buffer.baseAddress! + got, size - got)
                if r < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if r == 0 { break }
                got += r
            }
            count = got
        }
        // A file that grew while it was read (or reports no size, as a pipe does): the rest.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while failure == 0 {
            let r = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress!, $0.count) }
            if r < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            if r == 0 { break }
            bytes += chunk[0..<r]
        }
        if failure != 0 { throw ReadError(path: path, reason: String(cString: strerror(failure))) }
        return bytes
    }
}
