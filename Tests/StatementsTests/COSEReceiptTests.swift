import CBOR
import COSE
import CryptoPrimitives
import Merkle
import Testing
import Statements

/// RFC 9942 receipts of inclusion for RFC9162_SHA256: issue, parse, verify, and every kind of
/// tampering.
@Suite struct COSEReceiptTests {
    static let logKey = try! Ed25519PrivateKey(seed: [UInt8](repeating: 0x11, count: 32))
    static let otherKey = try! Ed25519PrivateKey(seed: [UInt8](repeating: 0x22, count: 32))
    static let keyID: [UInt8] = Array("log-key-1".utf8)
    static let origin = "log.example/receipts"

    /// A log of `size` entries in memory, built with Merkle's own stored-hash maths.
    struct Log {
        var entries: [[UInt8]] = []
        var stored: [Hash] = []

        init(size: Int) throws {
            for i in 0..<size {
                let entry = Array("entry \(i)".utf8)
                let snapshot = stored
                let reader = HashReaderFunction { indexes in indexes.map { snapshot[Int($0)] } }
                stored += try storedHashes(index: UInt64(i), entry: entry, reader: reader)
                entries.append(entry)
            }
        }

        var reader: HashReaderFunction {
            let snapshot = stored
            return HashReaderFunction { indexes in indexes.map { snapshot[Int($0)] } }
        }

        func receipt(for index: UInt64, key: Ed25519PrivateKey = COSEReceiptTests.logKey) throws -> COSEReceipt {
            let size = UInt64(entries.count)
            let proof = try InclusionProof(leafIndex: index, treeSize: size, reader: reader)
            return COSEReceipt.issue(
                proof: proof, rootHash: try treeHash(size: size, reader: reader), issuer: COSEReceiptTests.origin,
                keyID: COSEReceiptTests.keyID, key: key)
        }
    }

    @Test(arguments: [1, 2, 3, 7, 8, 13])
    func everyEntryOfATreeVerifies(_ size: Int) throws {
        let log = try Log(size: size)
        for index in 0..<size {
            let receipt = try log.receipt(for: UInt64(index))
            let bytes = receipt.encoded()
            let parsed = try COSEReceipt.parse(bytes)
            #expect(parsed == receipt)
            #expect(parsed.encoded() == bytes)
            try parsed.verify(entry: log.entries[index], key: Self.logKey.publicKey)
            try parsed.verify(leafHash: Hash.leaf(log.entries[index]), key: Self.logKey.publicKey)
            // Another entry of the same log does not verify at this index.
            let other = log.entries[(index + 1) % size] + (size == 1 ? [0] : [])
            #expect(throws: StatementsError(.receiptNotVerified, "")) {
                try parsed.verify(entry: other, key: Self.logKey.publicKey)
            }
        }
    }

    @Test func layoutFollowsRFC9942() throws {
        let log = try Log(size: 5)
        let receipt = try log.receipt(for: 3)
        let item = try CBOR.decode(receipt.encoded(), requireDeterministic: true)
        let (tag, body) = try #require(item.tagged)
        #expect(tag == 18)
        let elements = try #require(body.array)
        let protected = try CBOR.decode(try #require(elements[0].byteString))
        #expect(
            protected == .map([
                .unsigned(1): .int(-8), .unsigned(4): .bytes(Self.keyID), .unsigned(15): .map([.unsigned(1): .text(Self.origin), .unsigned(2): .text(Self.origin)]),
                .unsigned(395): .unsigned(1), .int(COSEReceipt.treeSizeLabel): .unsigned(5),
            ]))
        #expect(elements[2] == .null)
        let proofs = try #require(elements[1][.unsigned(396)]?[.int(-1)]?.array)
        #expect(proofs.count == 1)
        let proof = try CBOR.decode(try #require(proofs[0].byteString))
        #expect(proof.array?[0] == .unsigned(5))
        #expect(proof.array?[1] == .unsigned(3))
        #expect(proof.array?[2].array?.count == receipt.proof.hashes.count)
        #expect(receipt.keyID == Self.keyID)
        #expect(receipt.issuer == Self.origin)
        #expect(receipt.signedTreeSize == 5)
        // The detached payload is the tree root.
        try receipt.message.verify(
            key: Self.logKey.publicKey, detachedPayload: try treeHash(size: 5, reader: log.reader).bytes)
    }

    /// Re-signs nothing: replaces the proof in a receipt's unprotected header (which the signature
    /// does not cover), as an attacker could.
    static func withProof(_ receipt: COSEReceipt, _ fields: [CBOR]) throws -> [UInt8] {
        var message = receipt.message
        message.unprotectedHeader = [.unsigned(396): .map([.int(-1): .array([.bytes(CBOR.array(fields).encoded())])])]
        return message.encoded()
    }

    static func fields(_ proof: InclusionProof) -> [CBOR] {
        [.unsigned(proof.treeSize), .unsigned(proof.leafIndex), .array(proof.hashes.map { .bytes($0.bytes) })]
    }

    @Test func tamperedPathFails() throws {
        let log = try Log(size: 7)
        let receipt = try log.receipt(for: 2)
        for position in receipt.proof.hashes.indices {
            var hashes = receipt.proof.hashes
            var bytes = hashes[position].bytes
            bytes[0] ^= 1
            hashes[position] = try Hash(bytes: bytes)
            let tampered = InclusionProof(leafIndex: 2, treeSize: 7, hashes: hashes)
            let parsed = try COSEReceipt.parse(Self.withProof(receipt, Self.fields(tampered)))
            #expect(throws: StatementsError(.receiptNotVerified, "")) {
                try parsed.verify(entry: log.entries[2], key: Self.logKey.publicKey)
            }
        }
        // A path one hash short, or one too long.
        for hashes in [Array(receipt.proof.hashes.dropLast()), receipt.proof.hashes + [receipt.proof.hashes[0]]] {
            let parsed = try COSEReceipt.parse(
                Self.withProof(receipt, Self.fields(InclusionProof(leafIndex: 2, treeSize: 7, hashes: hashes))))
            #expect(throws: StatementsError(.receiptNotVerified, "")) {
                try parsed.verify(entry: log.entries[2], key: Self.logKey.publicKey)
            }
        }
    }

    @Test func wrongIndexFails() throws {
        let log = try Log(size: 8)
        let receipt = try log.receipt(for: 5)
        for index: UInt64 in [0, 4, 6, 7] {
            let moved = InclusionProof(leafIndex: index, treeSize: 8, hashes: receipt.proof.hashes)
            let parsed = try COSEReceipt.parse(Self.withProof(receipt, Self.fields(moved)))
            #expect(throws: StatementsError(.receiptNotVerified, "")) {
                try parsed.verify(entry: log.entries[5], key: Self.logKey.publicKey)
            }
        }
    }

    /// Re-signs nothing either: changes the signed tree size in the protected header as well,
    /// which the signature covers.
    static func withSignedTreeSize(_ receipt: COSEReceipt, _ size: UInt64, _ fields: [CBOR]) throws -> [UInt8] {
        var message = try COSESign1.parse(Self.withProof(receipt, fields))
        message.protectedHeader[.int(COSEReceipt.treeSizeLabel)] = .unsigned(size)
        message.protectedBytes = CBOR.map(message.protectedHeader).encoded()
        return message.encoded()
    }

    @Test func wrongTreeSizeFails() throws {
        let log = try Log(size: 6)
        let receipt = try log.receipt(for: 1)
        // Sizes 5, 7 and 8 give index 1 a path of the same shape, so the same root: only the
        // signed tree size tells them apart. Sizes 2 and 2^40 need paths of other lengths.
        for size: UInt64 in [2, 5, 7, 8, 1 << 40] {
            let fields = Self.fields(InclusionProof(leafIndex: 1, treeSize: size, hashes: receipt.proof.hashes))
            #expect(throws: StatementsError(.receiptBadProof, "")) { try COSEReceipt.parse(Self.withProof(receipt, fields)) }
            let relabelled = try COSEReceipt.parse(Self.withSignedTreeSize(receipt, size, fields))
            #expect(throws: StatementsError(.receiptNotVerified, "")) {
                try relabelled.verify(entry: log.entries[1], key: Self.logKey.publicKey)
            }
        }
    }

    @Test func movingIndexAndSizeTogetherFails() throws {
        // Leaf 6 of 7 and leaf 3 of 4 combine a two-hash path the same way, so without the
        // signed tree size the receipt for leaf 6 of 7 would also pass as one for leaf 3 of 4.
        let log = try Log(size: 7)
        let receipt = try log.receipt(for: 6)
        #expect(receipt.proof.hashes.count == 2)
        let fields = Self.fields(InclusionProof(leafIndex: 3, treeSize: 4, hashes: receipt.proof.hashes))
        #expect(throws: StatementsError(.receiptBadProof, "")) { try COSEReceipt.parse(Self.withProof(receipt, fields)) }
        let relabelled = try COSEReceipt.parse(Self.withSignedTreeSize(receipt, 4, fields))
        #expect(throws: StatementsError(.receiptNotVerified, "")) {
            try relabelled.verify(entry: log.entries[6], key: Self.logKey.publicKey)
        }
    }

    @Test func indexNotBelowTreeSizeIsRefused() throws {
        let log = try Log(size: 4)
        let receipt = try log.receipt(for: 3)
        for (index, size): (UInt64, UInt64) in [(4, 4), (5, 4), (0, 0), (UInt64.max, UInt64.max)] {
            let fields: [CBOR] = [.unsigned(size), .unsigned(index), .array(receipt.proof.hashes.map { .bytes($0.bytes) })]
            #expect(throws: StatementsError(.receiptIndexOutOfRange, "")) {
                try COSEReceipt.parse(Self.withProof(receipt, fields))
            }
        }
    }

    @Test func wrongKeyFails() throws {
        let log = try Log(size: 3)
        let receipt = try log.receipt(for: 1)
        #expect(throws: StatementsError(.receiptNotVerified, "")) {
            try receipt.verify(entry: log.entries[1], key: Self.otherKey.publicKey)
        }
        let forged = try log.receipt(for: 1, key: Self.otherKey)
        #expect(throws: StatementsError(.receiptNotVerified, "")) {
            try forged.verify(entry: log.entries[1], key: Self.logKey.publicKey)
        }
    }

    @Test func tamperedSignatureOrProtectedHeaderFails() throws {
        let log = try Log(size: 3)
        let receipt = try log.receipt(for: 0)
        var message = receipt.message
        message.signature[10] ^= 0x80
        let parsed = try COSEReceipt.parse(message.encoded())
        #expect(throws: StatementsError(.receiptNotVerified, "")) {
            try parsed.verify(entry: log.entries[0], key: Self.logKey.publicKey)
        }
        var rekeyed = receipt.message
        rekeyed.protectedHeader[.unsigned(4)] = .bytes(Array("log-key-2".utf8))
        rekeyed.protectedBytes = CBOR.map(rekeyed.protectedHeader).encoded()
        #expect(throws: StatementsError(.receiptNotVerified, "")) {
            try COSEReceipt.parse(rekeyed.encoded()).verify(entry: log.entries[0], key: Self.logKey.publicKey)
        }
    }

    /// A receipt another RFC 9942 issuer could produce for the same tree head: other protected
    /// parameters, no `kid`, no signed tree size, several proofs. Signed by the log key, it
    /// verifies for each entry it carries a proof of, and for no other.
    @Test func standardReceiptFromAnotherIssuerVerifies() throws {
        let log = try Log(size: 9)
        let root = try treeHash(size: 9, reader: log.reader)
        let proofs = try [2, 7].map { try InclusionProof(leafIndex: $0, treeSize: 9, reader: log.reader) }
        let message = COSESign1.sign(
            protectedHeader: [
                .unsigned(1): .int(-8), .unsigned(395): .unsigned(1), .unsigned(3): .text("application/cbor"),
                .unsigned(15): .map([.unsigned(1): .text("ts.example"), .unsigned(2): .text("some subject")]),
            ],
            unprotectedHeader: [
                .unsigned(396): .map([.int(-1): .array(proofs.map { .bytes($0.receiptEncoding()) })]),
                .unsigned(33): .text("ignored"),
            ],
            payload: root.bytes, detached: true, key: Self.logKey)
        let receipt = try COSEReceipt.parse(message.encoded())
        try receipt.verify(entry: log.entries[2], key: Self.logKey.publicKey)
        try receipt.verify(entry: log.entries[7], key: Self.logKey.publicKey, leafIndex: 7)
        #expect(throws: StatementsError(.receiptNotVerified, "")) {
            try receipt.verify(entry: log.entries[2], key: Self.logKey.publicKey, leafIndex: 7)
        }
        #expect(throws: StatementsError(.receiptNotVerified, "")) {
            try receipt.verify(entry: log.entries[3], key: Self.logKey.publicKey)
        }
    }
}
