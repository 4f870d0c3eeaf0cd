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
//   witness-bench  add-checkpoint requests per second, engine and HTTP on loopback
//   verify-bench  time to verify one receipt bundle offline (median and p99)
//   quorum-bench  time from a new checkpoint to a quorum-cosigned one: one log, three witnesses
//   evidence-bench  hardware-evidence appraisal against its signature verifications, a bundle with
//                 SEV-SNP evidence, registration with evidence references, swift-crypto vs OpenSSL
//   presign       distinct signed statements for bench/log-server/registration-wrk, and the CPU
//                 cost of one Ed25519 verification
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
        .package(path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
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
            dependencies: [
                "BenchSupport", .product(name: "Statements", package: root), .product(name: "ModelDirectory", package: root),
            ],
            path: "Sources/model-digest-bench"),
        .executableTarget(
            name: "witness-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "WitnessEngine", package: root),
                .product(name: "WitnessHTTP", package: root),
                .product(name: "Notes", package: root),
                .product(name: "Merkle", package: root),
                .product(name: "CryptoPrimitives", package: root),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/witness-bench"),
        .executableTarget(
            name: "verify-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "Verification", package: root),
                .product(name: "Statements", package: root),
                .product(name: "Notes", package: root),
                .product(name: "Merkle", package: root),
                .product(name: "CryptoPrimitives", package: root),
            ],
            path: "Sources/verify-bench"),
        .executableTarget(
            name: "quorum-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "LogEngine", package: root),
                .product(name: "LogHTTP", package: root),
                .product(name: "LogStorage", package: root),
                .product(name: "WitnessEngine", package: root),
                .product(name: "WitnessHTTP", package: root),
                .product(name: "Notes", package: root),
                .product(name: "Statements", package: root),
                .product(name: "CryptoPrimitives", package: root),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Sources/quorum-bench"),
        .executableTarget(
            name: "evidence-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "Appraisal", package: root),
                .product(name: "Evidence", package: root),
                .product(name: "Verification", package: root),
                .product(name: "Statements", package: root),
                .product(name: "Notes", package: root),
                .product(name: "Merkle", package: root),
                .product(name: "CryptoPrimitives", package: root),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            path: "Sources/evidence-bench"),
        .executableTarget(
            name: "presign",
            dependencies: [
                "BenchSupport",
                .product(name: "Statements", package: root),
                .product(name: "Notes", package: root),
                .product(name: "CryptoPrimitives", package: root),
            ],
            path: "Sources/presign"),
    ]
)
