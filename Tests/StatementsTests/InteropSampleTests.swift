import CBOR
import COSE
import CryptoPrimitives
import Foundation
import Merkle
import Testing
import Statements

/// Writes COSE_Sign1 statements and COSE receipts for tools/interop-cose, which verifies them with
/// pycose and cbor2. Runs only when RECEIPTLOG_INTEROP_DIR names a directory; every sample is
/// first verified here, so a sample the script rejects is a disagreement between implementations.
@Suite struct InteropSampleTests {
    static let directory = ProcessInfo.processInfo.environment["RECEIPTLOG_INTEROP_DIR"]

    @Test(.enabled(if: directory != nil, "set RECEIPTLOG_INTEROP_DIR to write interop samples"))
    func writeSamples() throws {
        let out = URL(fileURLWithPath: try #require(Self.directory))
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        func write(_ name: String, _ bytes: [UInt8]) throws {
            try Data(bytes).write(to: out.appendingPathComponent(name))
        }
        let issuer = try Ed25519PrivateKey(seed: [UInt8](repeating: 0x41, count: 32))
        let log = try Ed25519PrivateKey(seed: [UInt8](repeating: 0x4c, count: 32))
        try write("issuer.pub", issuer.publicKey.bytes)
        try write("log.pub", log.publicKey.bytes)

        // A signed statement: CWT claims (RFC 9597) with iss and sub, kid, content type.
        let payload = Array(#"{"model":"minilm-l6-v2","response_sha256":"cc"}"#.utf8)
        let header: [CBOR: CBOR] = [
            .unsigned(3): .text("application/json"), .unsigned(4): .bytes(Array("issuer-key-1".utf8)),
            .unsigned(15): .map([.unsigned(1): .text("https://issuer.example"), .unsigned(2): .text("inference/42")]),
        ]
        let statement = COSESign1.sign(protectedHeader: header, payload: payload, key: issuer)
        try statement.verify(key: issuer.publicKey)
        try write("statement.cbor", statement.encoded())
        try write("statement.payload", payload)

        let detached = COSESign1.sign(
            protectedHeader: header, unprotectedHeader: [.text("note"): .text("unprotected")], payload: payload,
            detached: true, key: issuer, externalAAD: Array("aad".utf8))
        try detached.verify(key: issuer.publicKey, detachedPayload: payload, externalAAD: Array("aad".utf8))
        try write("statement-detached.cbor", detached.encoded())
        try write("statement-detached.aad", Array("aad".utf8))

        // Receipts for entries of a 13-entry log; entry 0 is the statement with an empty
        // unprotected header, as it enters the log.
        var leaf = statement
        leaf.unprotectedHeader = [:]
        var entries = [leaf.encoded()]
        for i in 1..<13 { entries.append(Array("entry \(i)".utf8)) }
        var stored: [Hash] = []
        for (i, entry) in entries.enumerated() {
            let snapshot = stored
            stored += try storedHashes(
                index: UInt64(i), entry: entry, reader: HashReaderFunction { $0.map { snapshot[Int($0)] } })
        }
        let reader = HashReaderFunction { [stored] in $0.map { stored[Int($0)] } }
        let root = try treeHash(size: 13, reader: reader)
        try write("root.bin", root.bytes)
        for index: UInt64 in [0, 5, 12] {
            let proof = try InclusionProof(leafIndex: index, treeSize: 13, reader: reader)
            let receipt = COSEReceipt.issue(proof: proof, rootHash: root, issuer: "log.example/receipts", keyID: Array("log-key-1".utf8), key: log)
            try receipt.verify(entry: entries[Int(index)], key: log.publicKey)
            try write("receipt-\(index).cbor", receipt.encoded())
            try write("receipt-\(index).entry", entries[Int(index)])
        }
        // A one-entry log: the inclusion path is empty.
        let single = Array("the only entry".utf8)
        let singleReceipt = COSEReceipt.issue(
            proof: InclusionProof(leafIndex: 0, treeSize: 1, hashes: []), rootHash: Hash.leaf(single),
            issuer: "log.example/receipts", keyID: Array("log-key-1".utf8), key: log)
        try singleReceipt.verify(entry: single, key: log.publicKey)
        try write("receipt-single.cbor", singleReceipt.encoded())
        try write("receipt-single.entry", single)

        // Deterministic CBOR samples for cbor2 to decode and compare.
        let sample = CBOR.map([
            .unsigned(1): .int(-8), .text("a"): .array([.float(1.5), .float(100000.0), .float(1.1), .null, .bool(true)]),
            .int(-1): .bytes([0, 1, 2]), .unsigned(1000): .tagged(32767, .unsigned(1_363_896_240)),
            .text("ü"): .negative(UInt64.max), .unsigned(UInt64.max): .text("max"),
        ])
        try write("sample.cbor", sample.encoded())
    }
}
