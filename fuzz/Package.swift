// swift-tools-version: 6.1
//
// libFuzzer targets for ReceiptLog's parsers: one executable per parser, one folder per target
// under Sources/. Build and run them with tools/fuzz (it passes --sanitize=fuzzer); the seed
// corpus of target T is corpus/T.
import Foundation
import PackageDescription

/// Every folder under Sources/ is a fuzz target of the same name: adding a target is adding a
/// folder with one Swift file that defines LLVMFuzzerTestOneInput.
let targetNames = try FileManager.default
    .contentsOfDirectory(atPath: Context.packageDirectory + "/Sources")
    .filter { !$0.hasPrefix(".") }
    .sorted()

let package = Package(
    name: "ReceiptLogFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "ReceiptLog", path: "..")],
    targets: targetNames.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                .product(name: "Merkle", package: "ReceiptLog"),
                .product(name: "Notes", package: "ReceiptLog"),
                .product(name: "CBOR", package: "ReceiptLog"),
                .product(name: "COSE", package: "ReceiptLog"),
                .product(name: "Statements", package: "ReceiptLog"),
                .product(name: "Verification", package: "ReceiptLog"),
                .product(name: "Evidence", package: "ReceiptLog"),
                .product(name: "Appraisal", package: "ReceiptLog"),
            ],
            path: "Sources/\(name)",
            // The entry point is LLVMFuzzerTestOneInput, not top-level code.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])])
    }
)
