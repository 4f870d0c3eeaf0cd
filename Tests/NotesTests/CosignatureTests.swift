import Testing
import Merkle
@testable import Notes

@Suite struct CosignatureTests {
    static let witness = TestKeys.signer("witness.example/w1", .cosignatureV1, seed: 4)
    static let checkpoint = try! Checkpoint(origin: "example.com/behind-the-sofa", treeSize: 20_852_163, rootHash: Hash.leaf([9]))

    @Test func signedMessageMatchesTheSpec() throws {
        let example = try Checkpoint(text: "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")
        let message = Cosignature.signedMessage(checkpoint: example, timestamp: 1_679_315_147)
        #expect(
            String(decoding: message, as: UTF8.self)
                == "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")
    }

    @Test func cosignThenVerify() throws {
        let cosignature = try Self.witness.cosign(Self.checkpoint, timestamp: 1_700_000_000)
        #expect(cosignature.timestamp == 1_700_000_000)
        #expect(cosignature.signature.count == 64)
        let line = cosignature.noteSignature
        #expect(line.signature.count == 72)
        #expect(Array(line.signature.prefix(8)) == [0, 0, 0, 0, 0x65, 0x53, 0xF1, 0x00])
        let key = Self.witness.verifierKey
        #expect(try key.verifyCosignature(line, on: Self.checkpoint) == 1_700_000_000)
        #expect(try Cosignature(line) == cosignature)

        // As part of a note, next to the log's signature.
        let log = TestKeys.signer("example.com/behind-the-sofa")
        let note = try log.sign(Self.checkpoint).adding(line)
        let reparsed = try Note(parsing: note.encoded)
        #expect(try reparsed.verify(with: [key]).map(\.name) == ["witness.example/w1"])
        #expect(try reparsed.verify(with: [key, log.verifierKey]).count == 2)
    }

    @Test func badCosignaturesAreRejected() throws {
        let key = Self.witness.verifierKey
        let good = try Self.witness.cosign(Self.checkpoint, timestamp: 1_700_000_000).noteSignature
        func line(_ signature: [UInt8], name: String = "witness.example/w1", id: UInt32? = nil) throws -> NoteSignature {
            try NoteSignature(name: name, keyID: id ?? key.keyID, signature: signature)
        }
        var otherTime = good.signature
        otherTime[7] ^= 1
        var flipped = good.signature
        flipped[40] ^= 0x80
        var huge = good.signature
        huge[0] = 0x80
        let cases: [(String, NoteSignature, NotesError.Code)] = [
            ("71 bytes", try line(Array(good.signature.dropLast())), .malformedCosignature),
            ("73 bytes", try line(good.signature + [0]), .malformedCosignature),
            ("64 bytes, no timestamp", try line(Array(good.signature.dropFirst(8))), .malformedCosignature),
            ("timestamp changed", try line(otherTime), .badSignature),
            ("signature bit flipped", try line(flipped), .badSignature),
            ("timestamp above 2^63 - 1", try line(huge), .badTimestamp),
            ("other name", try line(good.signature, name: "witness.example/w2"), .badSignature),
            ("other key ID", try line(good.signature, id: key.keyID ^ 1), .badSignature),
        ]
        for (name, signature, code) in cases {
            #expect(throws: NotesError(code, ""), "\(name)") { try key.verifyCosignature(signature, on: Self.checkpoint) }
        }
        // Through Note.verify, a failing cosignature from a known witness rejects the note.
        let log = TestKeys.signer("example.com/behind-the-sofa")
        let note = try log.sign(Self.checkpoint).adding(try line(flipped))
        #expect(throws: NotesError(.badSignature, "")) { try note.verify(with: [log.verifierKey, key]) }
        let malformed = try log.sign(Self.checkpoint).adding(try line(Array(good.signature.dropLast())))
        #expect(throws: NotesError(.badSignature, "")) { try malformed.verify(with: [log.verifierKey, key]) }
    }

    @Test func keyTypesAndTimestampsAreEnforced() throws {
        let noteKey = TestKeys.signer("witness.example/w1", .ed25519, seed: 4)
        #expect(throws: NotesError(.wrongKeyType, "")) { try noteKey.cosign(Self.checkpoint, timestamp: 1) }
        #expect(throws: NotesError(.badTimestamp, "")) { try Self.witness.cosign(Self.checkpoint, timestamp: 0) }
        #expect(throws: NotesError(.badTimestamp, "")) {
            try Self.witness.cosign(Self.checkpoint, timestamp: Cosignature.maxTimestamp + 1)
        }
        let last = try Self.witness.cosign(Self.checkpoint, timestamp: Cosignature.maxTimestamp)
        #expect(try Self.witness.verifierKey.verifyCosignature(last.noteSignature, on: Self.checkpoint) == UInt64(Int64.max))
        let line = try Self.witness.cosign(Self.checkpoint, timestamp: 5).noteSignature
        #expect(throws: NotesError(.wrongKeyType, "")) { try noteKey.verifierKey.verifyCosignature(line, on: Self.checkpoint) }
        // An Ed25519 note signature by the same key pair is not a cosignature (other ID, other message).
        let sameKeyAsNoteKey = noteKey.verifierKey
        #expect(sameKeyAsNoteKey.keyID != Self.witness.verifierKey.keyID)
    }
}
