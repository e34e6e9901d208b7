#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

/// Writes text to standard output or standard error, unbuffered.
func writeStandard(_ s: String, error: Bool) {
    var bytes = Array(s.utf8)
    let fd: Int32 = error ? 2 : 1
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
        if n <= 0 { return }
        offset += n
    }
}

/// Writes UTF-8 bytes to standard output or standard error, unbuffered.
func writeStandard(bytes: UnsafeBufferPointer<UInt8>, error: Bool) {
    guard let base = bytes.baseAddress else { return }
    let fd: Int32 = error ? 2 : 1
    var offset = 0
    while offset < bytes.count {
        let n = write(fd, base + offset, bytes.count - offset)
        if n <= 0 { return }
        offset += n
    }
}

/// Whether standard error is a terminal (isatty(2)).
func standardErrorIsTerminal() -> Bool { isatty(2) == 1 }
