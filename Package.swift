// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ossimport",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ossimport", targets: ["ossimport"]),
        .executable(name: "oss-local", targets: ["oss-local"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.70.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.14.0"),
    ],
    targets: [
        // System libraries: libcurl (libcurl4-openssl-dev) and OpenSSL's libcrypto (libssl-dev).
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // PCLMULQDQ folding for CRC64 (runtime CPU check; the table code is the fallback).
        .target(name: "CCRC64", cSettings: [.unsafeFlags(["-O3"])]),
        // CRC-64/XZ as OSS computes it; optimised even in debug builds because every byte goes through it.
        .target(
            name: "CRC64",
            dependencies: ["CCRC64"],
            swiftSettings: strict + [.unsafeFlags(["-O", "-enforce-exclusivity=unchecked"])]
        ),
        // Pure OSS protocol pieces: signer V1/V4, hashes, percent-encoding, XML, errors, endpoints.
        .target(name: "OSSCore", dependencies: ["COpenSSL", "CRC64"], swiftSettings: strict),
        // HTTP over libcurl's multi interface, off the cooperative pool.
        .target(name: "CurlHTTP", dependencies: ["CCurl", "CRC64"], swiftSettings: strict),
        // The OSS object API client: requests, retries, rate limit, CRC verification.
        .target(name: "OSSClient", dependencies: ["OSSCore", "CurlHTTP", "CRC64"], swiftSettings: strict),
        // A local OSS-compatible server (SwiftNIO) for tests, first runs and benchmarks.
        .target(
            name: "OSSLocalServer",
            dependencies: [
                "OSSCore", "CRC64",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "oss-local",
            dependencies: ["OSSLocalServer", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        // The migration engine: config, state layout, master, workers, tracker.
        .target(
            name: "ImportKit",
            dependencies: ["OSSClient", "OSSCore", "CurlHTTP", "CRC64", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // Command line, kept in a library so tests can parse commands without running them.
        .target(
            name: "ImportCLI",
            dependencies: ["ImportKit", "OSSClient", "CurlHTTP", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ossimport",
            dependencies: ["ImportCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),

        // Helpers shared by the test targets: temporary directories, loopback servers, and the test bed (oss-local
        // plus a curl transport and clients, always shut down).
        .target(
            name: "TestSupport",
            dependencies: ["OSSLocalServer", "OSSClient", "OSSCore", "CurlHTTP"],
            path: "Tests/TestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "OSSCoreTests",
            dependencies: ["OSSCore", "CRC64"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CurlHTTPTests",
            dependencies: [
                "CurlHTTP", "CRC64", "TestSupport",
                // Loopback test server in Tests/CurlHTTPTests/Support.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OSSClientTests",
            dependencies: ["OSSClient", "OSSCore", "CRC64", "OSSLocalServer", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ImportKitTests",
            dependencies: [
                "ImportKit", "ImportCLI", "OSSLocalServer", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Parses every verb without running it.
        .testTarget(
            name: "ImportCLITests",
            dependencies: ["ImportCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        // Runs the real binaries and scripts; depends on the executables so `swift test` builds them.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["ossimport", "oss-local", "OSSLocalServer", "OSSCore", "CRC64", "TestSupport"],
            swiftSettings: strict
        ),
    ]
)
