import Testing
import Merkle
@testable import Notes

/// The C2SP signed-note example, the Go x/mod note example and a real cosigned checkpoint.
@Suite struct VectorTests {
    @Test func c2spExampleVerifies() throws {
        let vector = try C2SPVector.load("signed-note-c2sp-example.txt")
        let key = try VerifierKey(parsing: vector.vkeys[0])
        #expect(key.encoded == vector.vkeys[0])
        let note = try Note(parsing: vector.note)
        #expect(note.text == "This is an example message.\n")
        #expect(note.encoded == vector.note)
        let verified = try note.verify(with: [key])
        #expect(verified.map(\.name) == ["example.com/foo"])
        #expect(verified[0].keyID == 0x530d_903a)
    }

    @Test func xmodExampleVerifiesAndResigns() throws {
        let vector = try C2SPVector.load("signed-note-xmod-example.txt")
        let keys = try vector.vkeys.map { try VerifierKey(parsing: $0) }
        let note = try Note(parsing: vector.note)
        #expect(note.encoded == vector.note)
        #expect(try note.verify(with: keys).map(\.name) == ["PeterNeumann", "EnochRoot"])
        // Either key alone opens the note; the other's signature is then unknown and ignored.
        #expect(try note.verify(with: [keys[1]]).map(\.name) == ["EnochRoot"])

        let signer = try SignerKey(parsing: vector.skeys[0])
        #expect(signer.encoded == vector.skeys[0])
        #expect(signer.verifierKey == keys[0])
        let resigned = try signer.sign(text: note.text)
        #expect(resigned == note.signatures[0])
        #expect(resigned.line == Array(vector.note.split(separator: 0x0A, omittingEmptySubsequences: false)[3]) + [0x0A])
    }

    @Test func badVkeysAreRejected() throws {
        let vector = try C2SPVector.load("signed-note-xmod-example.txt")
        #expect(vector.badVkeys.count == 2)
        #expect(throws: NotesError(.malformedKey, "")) { try VerifierKey(parsing: vector.badVkeys[0]) }
        #expect(throws: NotesError(.unknownKeyType, "")) { try VerifierKey(parsing: vector.badVkeys[1]) }
    }

    @Test func realCheckpointCosignaturesVerify() throws {
        let vector = try C2SPVector.load("real-cosigned-checkpoint.txt")
        let witnesses = try vector.witnessVkeys.map { try VerifierKey(parsing: $0) }
        #expect(witnesses.count == 3)
        #expect(witnesses.allSatisfy { $0.type == .cosignatureV1 })
        let note = try Note(parsing: vector.note)
        #expect(note.encoded == vector.note)
        let checkpoint = try Checkpoint(text: note.text)
        #expect(checkpoint.origin == "arche2025h1.staging.ct.transparency.dev")
        #expect(checkpoint.treeSize == 1_432_088_532)
        #expect(checkpoint.text == note.text)

        var timestamps = [String: UInt64]()
        for witness in witnesses {
            let lines = note.signatures.filter { $0.name == witness.name && $0.keyID == witness.keyID }
            #expect(lines.count == 1)
            timestamps[witness.name] = try witness.verifyCosignature(lines[0], on: checkpoint)
        }
        #expect(timestamps["remora.n621.de"] == 0x6a12_2120)

        // The two log signatures (ECDSA and an RFC 6962 tree-head signature) and the fourth,
        // unconfigured witness are unknown and ignored; the three configured witnesses verify.
        let verified = try note.verify(with: witnesses)
        #expect(Set(verified.map(\.name)) == Set(witnesses.map(\.name)))
        #expect(note.signatures.count == 6)
        let logLines = note.signatures.filter { $0.name == checkpoint.origin }
        #expect(logLines.count == 2)
        #expect(logLines.allSatisfy { line in !verified.contains(line) })
        // A note key under the log's name with any ID still leaves those lines unknown.
        let logNameKey = TestKeys.signer(checkpoint.origin).verifierKey
        #expect(try note.verify(with: witnesses + [logNameKey]).count == 3)
    }

    @Test func cosignaturesFailAfterAnyChangeToTheCheckpoint() throws {
        let vector = try C2SPVector.load("real-cosigned-checkpoint.txt")
        let witnesses = try vector.witnessVkeys.map { try VerifierKey(parsing: $0) }
        let note = try Note(parsing: vector.note)
        let checkpoint = try Checkpoint(text: note.text)
        var flipped = checkpoint.rootHash.bytes
        flipped[31] ^= 1
        let changed = [
            try Checkpoint(origin: checkpoint.origin + "x", treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash),
            try Checkpoint(origin: "arche2025h1.staging.ct.transparency.deV", treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash),
            try Checkpoint(origin: checkpoint.origin, treeSize: checkpoint.treeSize + 1, rootHash: checkpoint.rootHash),
            try Checkpoint(origin: checkpoint.origin, treeSize: checkpoint.treeSize - 1, rootHash: checkpoint.rootHash),
            try Checkpoint(origin: checkpoint.origin, treeSize: checkpoint.treeSize, rootHash: Hash(bytes: flipped)),
            try Checkpoint(text: checkpoint.text + "extension\n"),
        ]
        for witness in witnesses {
            let line = note.signatures.first { $0.name == witness.name }!
            for other in changed {
                #expect(throws: NotesError(.badSignature, "")) { try witness.verifyCosignature(line, on: other) }
            }
        }
        // Every single-byte change of the note text, seen through Note.verify, rejects the note.
        let text = Array(note.text.utf8)
        var rejected = 0
        for i in text.indices where text[i] != 0x0A {
            var bytes = text
            bytes[i] = bytes[i] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            let edited = try Note(text: String(decoding: bytes, as: UTF8.self), signatures: note.signatures)
            #expect(throws: NotesError(.badSignature, "")) { try edited.verify(with: witnesses) }
            rejected += 1
        }
        #expect(rejected == text.count - 3)
    }
}
