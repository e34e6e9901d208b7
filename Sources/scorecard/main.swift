import ScorecardCLI

// The `scorecard` executable: everything lives in ScorecardCLI, so tests can run it in-process.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

exit(ScorecardTool.main(Array(CommandLine.arguments.dropFirst())))
