// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ScorecardKit",
    products: [
        .library(name: "ScorecardKit", targets: ["ScorecardKit"]),
        .executable(name: "scorecard", targets: ["scorecard"]),
    ],
    dependencies: [],
    targets: [
        // MARK: - Public API
        .target(name: "ScorecardKit"),
        .target(name: "ScorecardCLI", dependencies: ["ScorecardKit"]),
        .executableTarget(name: "scorecard", dependencies: ["ScorecardCLI"]),
        // MARK: - Implementation details
        .executableTarget(name: "ScorecardBench", dependencies: ["ScorecardKit"]),
        .executableTarget(name: "ScorecardFuzz", dependencies: ["ScorecardKit", "ScorecardTestSupport"]),
        // Test-only code (the fuzz corpus, shared fixtures), shared by the fuzz executable and the tests.
        .target(name: "ScorecardTestSupport", dependencies: ["ScorecardKit"]),
        // MARK: - Unit test bundles
        .testTarget(name: "ScorecardKitTests", dependencies: ["ScorecardKit", "ScorecardTestSupport"],
                    exclude: ["References"]),
        .testTarget(name: "ScorecardCLITests", dependencies: ["ScorecardCLI", "ScorecardKit", "ScorecardTestSupport"],
                    exclude: ["Goldens"]),
    ]
)
