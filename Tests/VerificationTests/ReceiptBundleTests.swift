import Merkle
import Notes
import Statements
import Testing
import Verification

@Suite struct ReceiptBundleTests {
    let log = TestLog(statement: Fixtures.statement())

    @Test func encodingRoundTrips() throws {
        for bundle in [log.bundle(), log.bundle(withCOSEReceipt: false), log.bundle(0, size: 1)] {
            let bytes = bundle.encoded
            let parsed = try ReceiptBundle(parsing: bytes)
            #expect(parsed == bundle)
            #expect(parsed.encoded == bytes)
            try parsed.checkInclusion()
        }
    }

    @Test func theTlogProofIsCarriedVerbatim() throws {
        let bundle = log.bundle()
        let text = String(decoding: bundle.encoded, as: UTF8.self)
        #expect(text.hasPrefix("receiptlog.dev/receipt-bundle@v1\nstatement "))
        let proof = try #require(text.range(of: "\n\nc2sp.org/tlog-proof@v1\n"))
        let tail = Array(text[text.index(proof.lowerBound, offsetBy: 2)...].utf8)
        #expect(try TlogProof(parsing: tail) == bundle.proof)
        #expect(tail == bundle.proof.encoded)
    }

    /// Replaces the first occurrence of `old` in the encoded bundle.
    func mutated(_ old: String, _ new: String) -> [UInt8] {
        let text = String(decoding: log.bundle().encoded, as: UTF8.self)
        return Array(text.replacingOccurrences(of: old, with: new, options: [], range: text.range(of: old)).utf8)
    }

    @Test func malformedBundlesAreRefused() throws {
        let good = String(decoding: log.bundle().encoded, as: UTF8.self)
        let statementLine = try #require(good.split(separator: "\n").dropFirst().first)
        let receiptLine = try #require(good.split(separator: "\n").dropFirst(2).first)
        let cases: [[UInt8]] = [
            [],
            mutated("receipt-bundle@v1", "receipt-bundle@v2"),
            mutated("statement ", "statement  "),
            mutated("statement ", "Statement "),
            mutated(String(statementLine), "statement "),  // empty statement
            mutated(String(statementLine), String(statementLine.dropLast(2))),  // not canonical base64
            mutated(String(receiptLine), "cose-receipt AAA"),  // not canonical base64
            mutated(String(receiptLine) + "\n\n", String(receiptLine) + "\n"),  // no empty line
            mutated("c2sp.org/tlog-proof@v1\n", "c2sp.org/tlog-proof@v1\nextra AQ==\n"),  // extra line
            mutated("index 5", "index 05"),
            Array(good.utf8) + [0x0A],  // trailing bytes
            Array(good.utf8.dropLast()),
            [UInt8](repeating: 0x41, count: ReceiptBundle.maxCount + 1),
        ]
        for input in cases {
            #expect(throws: VerificationError(.badBundle, "")) { try ReceiptBundle(parsing: input) }
        }
    }

    @Test func builderRefusesBadParts() throws {
        let note = log.note()
        #expect(throws: VerificationError(.badBundle, "")) {
            try ReceiptBundle(statement: [], index: 0, inclusionProof: [], note: note)
        }
        #expect(throws: VerificationError(.badBundle, "")) {
            try ReceiptBundle(statement: [UInt8](repeating: 1, count: 65_536), index: 0, inclusionProof: [], note: note)
        }
        #expect(throws: VerificationError(.badBundle, "")) {
            try ReceiptBundle(statement: [1], index: 0, inclusionProof: [Hash](repeating: .zero, count: 65), note: note)
        }
        let withExtra = try TlogProof(extra: [1], index: 5, inclusionProof: log.path(5, size: 13), note: note)
        #expect(throws: VerificationError(.badBundle, "")) { try ReceiptBundle(statement: [1], proof: withExtra) }
        // A 65,535-byte statement is the largest and fits.
        let big = try ReceiptBundle(statement: [UInt8](repeating: 1, count: 65_535), index: 0, inclusionProof: [], note: note)
        #expect(try ReceiptBundle(parsing: big.encoded) == big)
    }

    @Test func checkInclusionCatchesAWrongPath() throws {
        let good = log.bundle()
        try good.checkInclusion()
        let wrong = try good.replacingCheckpoint(good.note, inclusionProof: log.path(4, size: 13))
        #expect(throws: VerificationError(.inclusionFailed, "")) { try wrong.checkInclusion() }
        let outside = try ReceiptBundle(statement: good.statement, index: 13, inclusionProof: [], note: good.note)
        #expect(throws: VerificationError(.inclusionFailed, "")) { try outside.checkInclusion() }
        #expect(good.leafHash == Hash.leaf(good.statement))
        #expect(good.checkpoint.treeSize == 13)
    }
}
