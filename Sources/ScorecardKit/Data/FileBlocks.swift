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
    /// The bytes read after the last block's final line end: the start of the next block.
    private var carry: [UInt8] = []
    /// File offset of `carry[0]`.
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
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw FileBytes.ReadError(path: path, reason: reason)
        }
        self.fd = fd
        self.path = path
        self.blockSize = blockSize
        self.offset = start
        #if canImport(Darwin)
            stamp = Stamp(
                size: Int(info.st_size), seconds: Int(info.st_mtimespec.tv_sec),
                nanoseconds: Int(info.st_mtimespec.tv_nsec))
        #else
            stamp = Stamp(
                size: Int(info.st_size), seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec))
        #endif
    }

    deinit { close(fd) }

    /// The next block of whole lines (the last block ends where the file does), with the file
    /// offset of its first byte; `nil` after the end. A line longer than the block size makes
    /// the block grow to hold it.
    ///
    /// The file is read straight into the block's own storage; only the part after its last
    /// line end (less than a line) is copied, to start the next block.
    ///
    /// - Throws: ``FileBytes/ReadError`` on a read error.
    mutating func next() throws -> (bytes: [UInt8], offset: Int)? {
        var size = blockSize
        while true {
            if atEnd {
                guard !carry.isEmpty else { return nil }
                defer {
                    offset += carry.count
                    carry = []
                }
                return (carry, offset)
            }
            var block = try readBlock(after: carry, upTo: size)
            if let k = atEnd ? block.count - 1 : block.lastIndex(of: 0x0A) {
                let cut = k + 1
                carry = Array(block[cut...])
                block.removeLast(block.count - cut)
                defer { offset += cut }
                if block.isEmpty { continue }
                return (block, offset)
            }
            // No line end in a whole block: a line longer than the block; read more.
            carry = block
            size = 2 * block.count
        }
    }

    /// `head` followed by up to `count − head.count` more bytes of the file (no more than it has
    /// left, plus one byte to see the end); marks the end of the file.
    private mutating func readBlock(after head: [UInt8], upTo count: Int) throws -> [UInt8] {
        let left = max(0, stamp.size - (offset + head.count))
        let want = max(1, min(max(count - head.count, 1), left + 1))
        var failure: Int32 = 0
        var reachedEnd = false
        let fd = self.fd
        let position = offset + head.count
        // A large read in one piece per core (the kernel's copy is most of its cost).
        let pieces = want >= 1 << 20 ? max(1, ParallelSettings.cores) : 1
        let block = [UInt8](unsafeUninitializedCapacity: head.count + want) { b, filled in
            head.withUnsafeBufferPointer { h in
                if let base = h.baseAddress { b.baseAddress!.initialize(from: base, count: h.count) }
            }
            // Per piece: bytes read, and errno if the read failed.
            let bounds = (0...pieces).map { want * $0 / pieces }
            nonisolated(unsafe) let destination = b.baseAddress! + head.count
            let results = parallelMap(count: pieces) { k -> (got: Int, failure: Int32) in
                let lo = bounds[k]
                let length = bounds[k + 1] - lo
                var got = 0
                while got < length {
                    let r = pread(fd, destination + lo + got, length - got, off_t(position + lo + got))
                    if r < 0 {
                        if errno == EINTR { continue }
                        return (got, errno)
                    }
                    if r == 0 { break }
                    got += r
                }
                return (got, 0)
            }
            // The bytes up to the first piece that came back short (the end of the file).
            var got = 0
            for k in 0..<pieces {
                let (n, f) = results[k]
                if f != 0 {
                    failure = f
                    break
                }
                got += n
                if n < bounds[k + 1] - bounds[k] {
                    reachedEnd = true
                    break
                }
            }
            filled = head.count + got
        }
        if failure != 0 { throw FileBytes.ReadError(path: path, reason: String(cString: strerror(failure))) }
        if reachedEnd { atEnd = true }
        return block
    }
}
