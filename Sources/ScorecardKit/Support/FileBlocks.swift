#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read in blocks that end at line ends, so each block holds whole lines: the streaming
/// reader's view of a file, with memory of one block (16 MiB by default) whatever the file's size.
///
/// ```swift
/// var blocks = try FileBlocks(path: "deals.csv")
/// while let (bytes, offset) = try blocks.next() { … }   // bytes: whole lines from `offset` on
/// ```
struct FileBlocks: ~Copyable {
    private let fd: Int32
    private let path: String
    private let blockSize: Int
    private var buffer: [UInt8] = []
    /// File offset of `buffer[0]`.
    private var offset: Int
    private var atEnd = false

    /// The file's size and modification time when it was opened (to notice a change between
    /// two passes).
    let stamp: Stamp

    /// Size and modification time of a file.
    struct Stamp: Equatable {
        var size: Int
        var seconds: Int
        var nanoseconds: Int
    }

    /// Opens `path` and positions at byte `start`.
    ///
    /// - Throws: ``FileBytes/ReadError`` when it cannot be opened.
    init(path: String, start: Int = 0, blockSize: Int = 1 << 24) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileBytes.ReadError(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(fd, &info) == 0, lseek(fd, off_t(start), SEEK_SET) >= 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw FileBytes.ReadError(path: path, reason: reason)
        }
        self.fd = fd
        self.path = path
        self.blockSize = blockSize
        self.offset = start
        #if canImport(Darwin)
        stamp = Stamp(size: Int(info.st_size), seconds: Int(info.st_mtimespec.tv_sec), nanoseconds: Int(info.st_mtimespec.tv_nsec))
        #else
        stamp = Stamp(size: Int(info.st_size), seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec))
        #endif
    }

    deinit { close(fd) }

    /// The next block of whole lines (the last block ends where the file does), with the file
    /// offset of its first byte; `nil` after the end. A line longer than the block size makes
    /// the block grow to hold it.
    ///
    /// - Throws: ``FileBytes/ReadError`` on a read error.
    mutating func next() throws -> (bytes: [UInt8], offset: Int)? {
        while true {
            if let cut = atEnd ? (buffer.isEmpty ? nil : buffer.count) : lastLineEnd() {
                let block = Array(buffer[0..<cut])
                let blockOffset = offset
                buffer.removeFirst(cut)
                offset += cut
                return (block, blockOffset)
            }
            if atEnd { return nil }
            try fill(max(blockSize, buffer.count))
        }
    }

    /// The index after the last LF in the buffer, if the buffer has reached the block size (or
    /// holds a line end at all once the file is exhausted).
    private func lastLineEnd() -> Int? {
        guard buffer.count >= blockSize, let k = buffer.lastIndex(of: 0x0A) else { return nil }
        return k + 1
    }

    /// Reads up to `count` more bytes (no more than the file has left, plus one byte to see
    /// the end); marks the end of the file.
    private mutating func fill(_ count: Int) throws {
        let left = max(0, stamp.size - (offset + buffer.count))
        let want = max(1, min(count, left + 1))
        var failure: Int32 = 0
        var reachedEnd = false
        let fd = self.fd
        let chunk = [UInt8](unsafeUninitializedCapacity: want) { b, filled in
            var got = 0
            while got < want {
                let r = read(fd, b.baseAddress! + got, want - got)
                if r < 0 { if errno == EINTR { continue }; failure = errno; break }
                if r == 0 { reachedEnd = true; break }
                got += r
            }
            filled = got
        }
        if failure != 0 { throw FileBytes.ReadError(path: path, reason: String(cString: strerror(failure))) }
        buffer += chunk
        if reachedEnd { atEnd = true }
    }
}
