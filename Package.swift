// swift-tools-version: 6.1
//
// ReceiptLog: a transparency log for AI inference receipts.
//
// Targets are layered as in DESIGN.md §4 and the folders under Sources/ say which layer each
// belongs to. A target imports only targets of its own or a lower layer:
//
//   System/      C libraries (OpenSSL libcrypto, RocksDB), each wrapped by exactly one Swift target
//   Primitives/  CryptoPrimitives: SHA-256 (OpenSSL EVP), Ed25519 and HMAC (swift-crypto);
//                LocalFiles: durable local files (synced with their directory) and private key reads
//   Core/        Merkle: RFC 6962 hashing, proofs, tlog-tiles maths (pure, synchronous)
//   Formats/     Notes (signed notes, checkpoints, cosignatures, tlog-proof), CBOR, COSE, Statements,
//                LogAPI (the JSON and text bodies of the log's HTTP API, shared by server and client),
//                Evidence (hardware attestation evidence and its X.509 and DCAP collateral, parsed),
//                PolicyText (the lexer of the line-based policy files)
//   Storage/     RocksDB (the only target that touches the RocksDB C API); LogStorage (the
//                storage protocol, its in-memory and RocksDB implementations)
//   Engine/      LogEngine: the sequencer (one owner of tree state), registration, checkpoint
//                signing, reads for the API; Verification (offline receipt bundle verification
//                against a trust policy); WitnessEngine: the tlog-witness checks, state and
//                cosigning; Appraisal (offline appraisal of hardware evidence against pinned vendor
//                roots, an explicit instant and a policy). No HTTP.
//   HTTP/        LogHTTP and WitnessHTTP: Hummingbird routes over the engines; HTTPServing: what both
//                servers share (connection limits and deadlines, request metrics)
//   Client/      LogClient: the HTTP client of a log (AsyncHTTPClient), for the CLI and tools
//   CLI/         the `receiptlog` executable
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "ReceiptLog",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "receiptlog", targets: ["receiptlog"]),
        .library(name: "Merkle", targets: ["Merkle"]),
        .library(name: "Notes", targets: ["Notes"]),
        .library(name: "CBOR", targets: ["CBOR"]),
        .library(name: "COSE", targets: ["COSE"]),
        .library(name: "Statements", targets: ["Statements"]),
        .library(name: "ModelDirectory", targets: ["ModelDirectory"]),
        .library(name: "RocksDB", targets: ["RocksDB"]),
        .library(name: "CryptoPrimitives", targets: ["CryptoPrimitives"]),
        .library(name: "Verification", targets: ["Verification"]),
        .library(name: "Evidence", targets: ["Evidence"]),
        .library(name: "Appraisal", targets: ["Appraisal"]),
        .library(name: "WitnessEngine", targets: ["WitnessEngine"]),
        .library(name: "WitnessHTTP", targets: ["WitnessHTTP"]),
        .library(name: "LogStorage", targets: ["LogStorage"]),
        .library(name: "LogEngine", targets: ["LogEngine"]),
        .library(name: "LogHTTP", targets: ["LogHTTP"]),
        // An LD_PRELOAD library that injects disk and clock faults into the real binaries for
        // Tests/LogCrashTests/SystemFaultTests; never linked into anything.
        .library(name: "FaultShim", type: .dynamic, targets: ["FaultShim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // System/
        .systemLibrary(
            name: "COpenSSL", path: "Sources/System/COpenSSL", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CRocksDB", path: "Sources/System/CRocksDB", pkgConfig: "rocksdb",
            providers: [.apt(["librocksdb-dev"])]),

        // Primitives/
        .target(
            name: "CryptoPrimitives",
            dependencies: ["COpenSSL", "CodedError", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Primitives/CryptoPrimitives", swiftSettings: strict),
        .target(name: "CodedError", path: "Sources/Primitives/CodedError", swiftSettings: strict),
        .target(name: "LocalFiles", dependencies: ["CodedError"], path: "Sources/Primitives/LocalFiles", swiftSettings: strict),

        // Core/
        .target(
            name: "Merkle", dependencies: ["CryptoPrimitives", "CodedError"],
            path: "Sources/Core/Merkle", swiftSettings: strict),

        // Formats/
        .target(
            name: "Notes", dependencies: ["Merkle", "CryptoPrimitives", "CodedError"],
            path: "Sources/Formats/Notes", swiftSettings: strict),
        .target(name: "CBOR", dependencies: ["CodedError"], path: "Sources/Formats/CBOR", swiftSettings: strict),
        .target(name: "PolicyText", path: "Sources/Formats/PolicyText", swiftSettings: strict),
        .target(
            name: "COSE", dependencies: ["CBOR", "CryptoPrimitives", "CodedError"],
            path: "Sources/Formats/COSE", swiftSettings: strict),
        .target(
            name: "Statements", dependencies: ["CBOR", "COSE", "Merkle", "Notes", "CryptoPrimitives", "Evidence", "PolicyText", "CodedError"],
            path: "Sources/Formats/Statements", swiftSettings: strict),
        .target(
            name: "LogAPI", dependencies: ["Merkle", "Notes", "CBOR", "CodedError"],
            path: "Sources/Formats/LogAPI", swiftSettings: strict),
        .target(
            name: "Evidence",
            dependencies: [
                "CBOR", "COSE", "CryptoPrimitives", "CodedError",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Sources/Formats/Evidence", swiftSettings: strict),

        // Storage/
        .target(
            name: "RocksDB", dependencies: ["CRocksDB", "CodedError"],
            path: "Sources/Storage/RocksDB", swiftSettings: strict),
        .target(
            name: "LogStorage", dependencies: ["Merkle", "RocksDB", "LocalFiles", "CodedError"],
            path: "Sources/Storage/LogStorage", swiftSettings: strict),
        .target(
            name: "ObjectStore", dependencies: ["CryptoPrimitives", "CodedError"],
            path: "Sources/Storage/ObjectStore", swiftSettings: strict),

        // Engine/
        .target(
            name: "LogEngine",
            dependencies: [
                "Merkle", "Notes", "Statements", "LogStorage", "CryptoPrimitives", "WitnessEngine", "PolicyText", "CodedError",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Sources/Engine/LogEngine", swiftSettings: strict),
        .target(
            name: "ModelDirectory", dependencies: ["Statements", "Merkle", "CryptoPrimitives"],
            path: "Sources/Engine/ModelDirectory", swiftSettings: strict),
        .target(
            name: "Issuance",
            dependencies: ["Statements", "Evidence", "ModelDirectory", "Notes", "CryptoPrimitives", "Merkle", "LocalFiles", "CodedError"],
            path: "Sources/Engine/Issuance", swiftSettings: strict),
        .target(
            name: "Verification",
            dependencies: [
                "Notes", "Merkle", "Statements", "COSE", "CBOR", "CryptoPrimitives", "Evidence", "Appraisal", "PolicyText", "CodedError",
            ],
            path: "Sources/Engine/Verification", swiftSettings: strict),
        .target(
            name: "Appraisal",
            dependencies: [
                "Evidence", "CryptoPrimitives", "PolicyText",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Sources/Engine/Appraisal", swiftSettings: strict),
        .target(
            name: "WitnessEngine", dependencies: ["Notes", "Merkle", "RocksDB", "CryptoPrimitives", "LocalFiles", "PolicyText", "CodedError"],
            path: "Sources/Engine/WitnessEngine", swiftSettings: strict),

        // HTTP/
        .target(
            name: "HTTPServing",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Sources/HTTP/HTTPServing", swiftSettings: strict),
        .target(
            name: "HTMLPages",
            dependencies: [
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Sources/HTTP/HTMLPages", swiftSettings: strict),
        .target(
            name: "LogHTTP",
            dependencies: [
                "LogEngine", "LogAPI", "LogStorage", "Merkle", "Notes", "Statements", "HTTPServing", "CryptoPrimitives",
                "HTMLPages", "Verification", "CodedError", "LocalFiles",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Sources/HTTP/LogHTTP", swiftSettings: strict),
        .target(
            name: "WitnessHTTP",
            dependencies: [
                "WitnessEngine", "Notes", "HTTPServing", "HTMLPages", "CodedError",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/HTTP/WitnessHTTP", swiftSettings: strict),

        // Client/
        .target(
            name: "LogClient",
            dependencies: [
                "LogAPI", "Merkle", "Notes", "Statements", "CodedError", "CryptoPrimitives", "LocalFiles", "Verification",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/Client/LogClient", swiftSettings: strict),

        // CLI/
        .executableTarget(
            name: "receiptlog",
            dependencies: [
                "CryptoPrimitives", "LocalFiles", "Merkle", "Notes", "CBOR", "COSE", "Statements", "ModelDirectory", "Verification",
                "Issuance",
                "Evidence", "Appraisal",
                "WitnessEngine", "WitnessHTTP", "LogEngine", "LogHTTP", "LogClient", "LogStorage", "LogAPI",
                "HTTPServing",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Sources/CLI/receiptlog", swiftSettings: strict),

        // Tests/
        .target(name: "FaultShim", path: "Tests/FaultShim"),
        .testTarget(
            name: "CryptoPrimitivesTests", dependencies: ["CryptoPrimitives"],
            path: "Tests/CryptoPrimitivesTests"),
        .testTarget(name: "LocalFilesTests", dependencies: ["LocalFiles"], path: "Tests/LocalFilesTests"),
        .testTarget(
            name: "MerkleTests",
            dependencies: [
                "Merkle", "CryptoPrimitives",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/MerkleTests"),
        .testTarget(
            name: "NotesTests",
            dependencies: [
                "Notes", "Merkle", "CryptoPrimitives",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/NotesTests"),
        .testTarget(
            name: "CBORTests",
            dependencies: ["CBOR", "CodedError", .product(name: "PropertyBased", package: "swift-property-based")],
            path: "Tests/CBORTests"),
        .testTarget(name: "PolicyTextTests", dependencies: ["PolicyText"], path: "Tests/PolicyTextTests"),
        .testTarget(
            name: "COSETests", dependencies: ["COSE", "CBOR", "CryptoPrimitives"],
            path: "Tests/COSETests"),
        .testTarget(
            name: "StatementsTests",
            dependencies: ["Statements", "COSE", "CBOR", "Merkle", "CryptoPrimitives", "Evidence", "HTTPTestSupport", "ModelDirectory"],
            path: "Tests/StatementsTests"),
        .testTarget(
            name: "EvidenceTests",
            dependencies: [
                "Evidence", "CBOR", "COSE", "EvidenceTestSupport",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/EvidenceTests"),
        .target(
            name: "EvidenceTestSupport",
            dependencies: [
                "Evidence", "CBOR", "COSE", "CryptoPrimitives",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Tests/EvidenceTestSupport"),
        .testTarget(
            name: "AppraisalTests",
            dependencies: [
                "Appraisal", "Evidence", "EvidenceTestSupport", "CBOR", "COSE", "CryptoPrimitives",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Tests/AppraisalTests"),
        .testTarget(name: "RocksDBTests", dependencies: ["RocksDB"], path: "Tests/RocksDBTests"),
        .testTarget(
            name: "LogStorageTests", dependencies: ["LogStorage", "Merkle"],
            path: "Tests/LogStorageTests"),
        .testTarget(
            name: "ObjectStoreTests", dependencies: ["ObjectStore", "CryptoPrimitives"],
            path: "Tests/ObjectStoreTests", exclude: ["Vectors"]),
        .testTarget(
            name: "IssuanceTests",
            dependencies: ["Issuance", "Statements", "Notes", "Merkle", "CryptoPrimitives", "Evidence", "ModelDirectory"],
            path: "Tests/IssuanceTests"),
        .testTarget(
            name: "VerificationTests",
            dependencies: ["Verification", "Statements", "Notes", "Merkle", "CryptoPrimitives", "COSE", "ModelDirectory"],
            path: "Tests/VerificationTests"),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "receiptlog", "Verification", "Statements", "Notes", "Merkle", "CryptoPrimitives", "LogClient",
                "LogAPI", "HTTPTestSupport", "ModelDirectory",
            ],
            path: "Tests/CLITests"),
        .testTarget(
            name: "LogEngineTests",
            dependencies: [
                "LogEngine", "LogStorage", "RocksDB", "Merkle", "Notes", "Statements", "CryptoPrimitives",
                "WitnessEngine", "WitnessHTTP",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Tests/LogEngineTests"),
        .testTarget(
            name: "LogHTTPTests",
            dependencies: [
                "LogHTTP", "LogEngine", "LogStorage", "LogClient", "LogAPI", "Merkle", "Notes", "Statements",
                "CryptoPrimitives", "WitnessEngine", "WitnessHTTP", "receiptlog", "Verification",
                "HTTPServing", "HTTPTestSupport", "Evidence", "EvidenceTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Tests/LogHTTPTests"),
        .testTarget(
            name: "LogCrashTests",
            dependencies: [
                "receiptlog", "LogClient", "LogAPI", "Merkle", "Notes", "Statements", "CryptoPrimitives", "LocalFiles",
                "HTTPTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Tests/LogCrashTests"),
        .target(
            name: "HTTPTestSupport",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/HTTPTestSupport"),
        .target(
            name: "WitnessTestSupport", dependencies: ["WitnessEngine", "Notes", "Merkle", "CryptoPrimitives"],
            path: "Tests/WitnessTestSupport"),
        .testTarget(
            name: "WitnessEngineTests",
            dependencies: [
                "WitnessEngine", "WitnessTestSupport", "Notes", "Merkle", "CryptoPrimitives",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/WitnessEngineTests"),
        .testTarget(
            name: "WitnessHTTPTests",
            dependencies: [
                "WitnessHTTP", "WitnessEngine", "WitnessTestSupport", "Notes", "Merkle", "receiptlog",
                "HTTPServing", "HTTPTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Tests/WitnessHTTPTests"),
    ]
)
