// swift-tools-version: 6.1
//
// Benchmarks for ReceiptLog, a separate package so the main build never pulls them in.
// Build and run everything with `bench/run`; build alone with
// `swift build -c release --package-path bench`.
//
//   BenchSupport   timing helpers shared by every benchmark (wall and CPU time, medians)
//   merkle-bench   the Merkle core: SHA-256 limit, integration, Go reference, proofs
//   cbor-bench     CBOR encode and decode throughput
//   statements-bench  registration checks: statements verified per second against raw Ed25519
//   model-digest-bench  model digest throughput against coreutils sha256sum
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its directory, which depends on where the repository is
// checked out; work it out from this file's location.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent

let package = Package(
    name: "ReceiptLogBench",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The root package (ReceiptLog).
        .package(path: "..")
    ],
    targets: [
        .target(name: "BenchSupport", path: "Sources/BenchSupport"),
        .executableTarget(
            name: "merkle-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "Merkle", package: root),
                .product(name: "CryptoPrimitives", package: root),
            ],
            path: "Sources/merkle-bench"),
        .executableTarget(
            name: "cbor-bench",
            dependencies: ["BenchSupport", .product(name: "CBOR", package: root)],
            path: "Sources/cbor-bench"),
        .executableTarget(
            name: "statements-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "Statements", package: root),
                .product(name: "CBOR", package: root),
                .product(name: "COSE", package: root),
                .product(name: "Merkle", package: root),
                .product(name: "CryptoPrimitives", package: root),
            ],
            path: "Sources/statements-bench"),
        .executableTarget(
            name: "model-digest-bench",
            dependencies: ["BenchSupport", .product(name: "Statements", package: root)],
            path: "Sources/model-digest-bench"),
    ]
)
