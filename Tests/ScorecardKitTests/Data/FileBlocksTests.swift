import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// The streaming reader's blocks, checked against the file they come from.
@Suite struct FileBlocksTests {
    /// Property: for any block size, the blocks put together are the file byte for byte, each
    /// block starts at the offset it reports, and every block but the last ends at a line end
    /// (so a line longer than the block size comes whole, in a bigger block).
    @Test func blocksAreTheFileCutAtLineEnds() throws {
        var rng = SplitMix64(seed: 11)
        for trial in 0..<40 {
            var text = ""
            for _ in 0..<rng.nextInt(below: 60) {
                text +=
                    String(repeating: "x", count: rng.nextInt(below: trial % 3 == 0 ? 200 : 20))
                    + (rng.nextUnit() < 0.2 ? "\r\n" : "\n")
            }
            if trial % 2 == 1 { text += "no line end at the end" }
            let bytes = Array(text.utf8)
            let path = NSTemporaryDirectory() + "file-blocks-\(trial).csv"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let blockSize = 1 + rng.nextInt(below: 64)
            var blocks = try FileBlocks(path: path, blockSize: blockSize)
            var joined: [UInt8] = []
            var got: [[UInt8]] = []
            while let (block, offset) = try blocks.next() {
                #expect(offset == joined.count)
                #expect(!block.isEmpty)
                joined += block
                got.append(block)
            }
            #expect(joined == bytes, "trial \(trial), block size \(blockSize)")
            for block in got.dropLast() { #expect(block.last == 0x0A) }
        }
    }
}
