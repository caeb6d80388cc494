// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Cohort",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cohort", targets: ["cohort"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .target(
            name: "CohortCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        .target(
            name: "CohortStore",
            dependencies: [
                "CohortCore", "CLibPQ",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // libpq, PostgreSQL's own client: synchronous like GRDB, and it reads URLs, passfiles and sslmode as psql does.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(
            name: "CohortRender",
            dependencies: [
                "CohortCore", "CCmark",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // SHA-256 of what went out (libcrypto, which libcurl links already).
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "CohortDelivery",
            dependencies: ["CCurl", "CohortCore"]
        ),
        .target(
            name: "CohortKit",
            dependencies: [
                "CohortCore", "CohortStore", "CohortRender", "CohortDelivery", "CCrypto",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "cohort",
            dependencies: [
                "CohortKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // `feedback serve`: the judges' coding page on 127.0.0.1.
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .executableTarget(
            name: "cohort-mail-bench",
            dependencies: [
                "CohortKit", "CohortStore", "CohortRender",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/MailBench"
        ),
        .target(
            name: "CohortTestSupport",
            dependencies: ["CohortCore"],
            path: "Sources/CohortTestSupport"
        ),
        .testTarget(
            name: "CohortCoreTests",
            dependencies: [
                "CohortCore", "CohortTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            // Reference values and the script that computed them; the tests read them from the repository.
            exclude: ["Vectors"]),
        .testTarget(name: "CohortStoreTests", dependencies: ["CohortCore", "CohortStore", "CohortTestSupport"]),
        .testTarget(
            name: "CohortRenderTests", dependencies: ["CohortCore", "CohortRender", "CohortTestSupport"],
            exclude: ["Snapshots"]),
        .testTarget(name: "CohortDeliveryTests", dependencies: ["CohortCore", "CohortDelivery", "CohortTestSupport"]),
        .testTarget(
            name: "CohortKitTests",
            dependencies: [
                "CohortKit", "CohortStore", "CohortRender", "CohortDelivery", "CohortTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "cohort", "CohortCore", "CohortKit", "CohortStore", "CohortTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
