import Merkle
import Notes
import Statements
import Testing
import Verification

/// specs/verify.md, "Receipt bundle" v2: entry and witnessed lines.
@Suite struct ReceiptBundleV2Tests {
    let log = TestLog(statement: Fixtures.statement())

    /// The bundle of entry 5 with entries 1 and 3, and the witnessed checkpoint of size 4.
    func v2() throws -> ReceiptBundle {
        let base = log.bundle()
        let size = log.entries.count
        let entries = try [1, 3].map { try BundleEntry(index: UInt64($0), statement: log.entries[$0], inclusionProof: log.path($0, size: size)) }
        let proof = ConsistencyProof(oldSize: 4, newSize: UInt64(size), hashes: consistency(4, size))
        let witnessed = try WitnessedCheckpoint(note: log.note(size: 4), consistencyProof: proof.hashes)
        return try ReceiptBundle(statement: base.statement, proof: base.proof, coseReceipt: base.coseReceipt, entries: entries, witnessed: [witnessed])
    }

    func consistency(_ old: Int, _ new: Int) -> [Hash] {
        var reader: [Hash] = []
        for (i, e) in log.entries.enumerated() { reader += try! storedHashes(index: UInt64(i), entry: e, reader: reader) }
        return try! ConsistencyProof(oldSize: UInt64(old), newSize: UInt64(new), reader: reader).hashes
    }

    @Test func encodingRoundTripsAndProofsHold() throws {
        let bundle = try v2()
        let text = String(decoding: bundle.encoded, as: UTF8.self)
        #expect(text.hasPrefix("receiptlog.dev/receipt-bundle@v2\nstatement "))
        #expect(text.contains("\nentry 1 ") && text.contains("\nentry 3 ") && text.contains("\nwitnessed "))
        let parsed = try ReceiptBundle(parsing: bundle.encoded)
        #expect(parsed == bundle && parsed.encoded == bundle.encoded)
        let checkpoint = parsed.checkpoint
        #expect(parsed.entries.allSatisfy { $0.isIncluded(treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash) })
        #expect(parsed.witnessed.allSatisfy { $0.isConsistent(with: checkpoint) })
        // A v1 bundle is still v1.
        #expect(String(decoding: log.bundle().encoded, as: UTF8.self).hasPrefix("receiptlog.dev/receipt-bundle@v1\n"))
    }

    @Test func aWrongProofDoesNotHold() throws {
        let bundle = try v2()
        let checkpoint = bundle.checkpoint
        let moved = try BundleEntry(index: 2, statement: log.entries[1], inclusionProof: bundle.entries[0].inclusionProof)
        #expect(!moved.isIncluded(treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash))
        let other = TestLog(entries: (0..<13).map { Array("other \($0)".utf8) })
        let foreign = try WitnessedCheckpoint(note: other.note(size: 4), consistencyProof: bundle.witnessed[0].consistencyProof)
        #expect(!foreign.isConsistent(with: checkpoint))
    }

    @Test func malformedV2BundlesAreRefused() throws {
        let good = String(decoding: try v2().encoded, as: UTF8.self)
        let entryLine = try #require(good.split(separator: "\n").first { $0.hasPrefix("entry 1 ") })
        let parts = entryLine.split(separator: " ")
        let cases: [String] = [
            // v2 lines under a v1 header.
            good.replacingOccurrences(of: "receipt-bundle@v2", with: "receipt-bundle@v1"),
            // A v2 header without entry or witnessed lines.
            String(decoding: log.bundle().encoded, as: UTF8.self).replacingOccurrences(of: "receipt-bundle@v1", with: "receipt-bundle@v2"),
            // A leading zero in the index; a missing proof; a bad proof hash; entries out of order.
            good.replacingOccurrences(of: "entry 1 ", with: "entry 01 "),
            good.replacingOccurrences(of: String(entryLine), with: "entry 1 \(parts[2])"),
            good.replacingOccurrences(of: String(entryLine), with: "entry 1 \(parts[2]) AAAA"),
            good.replacingOccurrences(of: "entry 3 ", with: "entry 0 "),
            // An empty proof is '-', not nothing.
            good.replacingOccurrences(of: String(entryLine), with: "entry 1 \(parts[2]) "),
        ]
        for text in cases {
            #expect(throws: VerificationError(.badBundle, "")) { try ReceiptBundle(parsing: Array(text.utf8)) }
        }
    }
}
