#if canImport(Glibc)
    import Glibc
#endif

/// How freed memory goes back to the system while a large history is reviewed.
///
/// glibc's allocator raises its threshold for serving a block from fresh pages (`mmap`) each time
/// such a block is freed, up to 32 MB, and keeps the freed blocks below the threshold for reuse:
/// fast for a history of a million deals, whose arrays of a few MB are reused from stage to
/// stage, but on ten million deals the blocks it keeps add about 0.4 GB to the peak without
/// holding anything. For a file of ``largeFileBytes`` or more the thresholds are fixed at
/// glibc's defaults (128 KiB for `mmap`, 128 KiB of free memory at the top of the heap before it
/// is returned), which stops that growth: every large array is then given back when it is freed,
/// so the peak is what the review holds (see `mallopt(3)`, "M_MMAP_THRESHOLD"). Smaller files
/// keep the allocator as it is. Nothing is computed differently: only where memory comes from.
/// On systems without glibc this does nothing.
enum MemoryReturn {
    /// The file size from which the thresholds are fixed: about 2.5 million deals of 40 flags.
    static let largeFileBytes = 256 << 20

    /// Fixes the allocator's thresholds when `path` is a file of at least ``largeFileBytes``.
    static func prepare(forFile path: String) {
        #if canImport(Glibc)
            var info = stat()
            guard stat(path, &info) == 0, Int(info.st_size) >= largeFileBytes else { return }
            // mallopt is declared in <malloc.h>, which the Glibc module does not export: looked up by name.
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
            let trimThreshold: Int32 = -1  // M_TRIM_THRESHOLD
            let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
            _ = mallopt(mmapThreshold, 128 << 10)
            _ = mallopt(trimThreshold, 128 << 10)
        #endif
    }
}
