/// Finds, in eight bytes at once, the first that ends a field of a quote-free file: the
/// delimiter, a line feed, a carriage return, a NUL or a quote (the bytes ``QuoteFreeScan``
/// stops at). A word-at-a-time search ("SWAR"): a byte of `w ^ c` is zero exactly where `w` holds
/// `c`, and `(x - 0x01…01) & ~x & 0x80…80` marks the lowest zero byte of `x` exactly (a borrow
/// can mark bytes above it, never below), so the lowest mark of the five searches is the first
/// stop.
///
/// ```swift
/// let stops = StopBytes(delimiter: UInt8(ascii: ","))
/// // "smb,1\n..." read little-endian: the comma is byte 3.
/// stops.first(in: 0x2E2E_0A31_2C62_6D73) // 3
/// ```
struct StopBytes: Sendable {
    private let delimiter: UInt64

    init(delimiter: UInt8) { self.delimiter = UInt64(delimiter) &* Self.ones }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Marks (the high bit of each byte) from the lowest zero byte of `x` on.
    @inline(__always) private static func zeros(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }

    /// The index (0…7, lowest byte first) of the first stop byte in `w`, 8 when there is none.
    @inline(__always) func first(in w: UInt64) -> Int {
        let marks =
            Self.zeros(w ^ delimiter) | Self.zeros(w ^ (0x0A &* Self.ones)) | Self.zeros(w ^ (0x0D &* Self.ones))
            | Self.zeros(w) | Self.zeros(w ^ (0x22 &* Self.ones))
        return marks.trailingZeroBitCount >> 3
    }
}
