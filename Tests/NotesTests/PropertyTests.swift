import Testing
import PropertyBased
import CryptoPrimitives
import Merkle
@testable import Notes

/// Round-trip and sign-then-verify properties over generated notes, checkpoints and proofs.
@Suite struct PropertyTests {
    static let text = Gen.letterOrNumber.string(of: 0...24).array(of: 1...4).map { $0.joined(separator: "\n") + "\n" }
    static let name = Gen.letterOrNumber.string(of: 1...20).map { "log.example/" + $0 }
    static let bytes32 = Gen.uint8().array(of: 32)

    @Test func base64RoundTrips() async {
        await propertyCheck(input: Gen.uint8().array(of: 0...80)) { bytes throws in
            let encoded = Base64.encode(bytes)
            #expect(try Base64.decode(encoded) == bytes)
            #expect(encoded.utf8.count % 4 == 0)
        }
    }

    @Test func signThenVerifyAndRoundTrip() async {
        await propertyCheck(count: 50, input: Self.text, Self.name, Self.bytes32, Gen.uint8().array(of: 5...80)) {
            text, name, seed, unknownSignature throws in
            let key = try SignerKey(name: name, type: .ed25519, privateKey: Ed25519PrivateKey(seed: seed))
            let unknown = try NoteSignature(name: "other.example", keyID: 7, signature: unknownSignature)
            let note = try Note(text: text, signatures: [unknown, key.sign(text: text)])
            let parsed = try Note(parsing: note.encoded)
            #expect(parsed == note)
            #expect(parsed.encoded == note.encoded)
            #expect(try parsed.verify(with: [key.verifierKey]).map(\.name) == [name])
            // The key survives its text form.
            let reparsedKey = try SignerKey(parsing: key.encoded)
            #expect(try reparsedKey.sign(text: text) == note.signatures[1])
        }
    }

    @Test func checkpointRoundTripsAndCosignaturesVerify() async {
        await propertyCheck(count: 50, input: Self.name, Gen.uint64(), Self.bytes32, Gen.uint64(in: 1...UInt64(Int64.max))) {
            origin, size, root, timestamp throws in
            let checkpoint = try Checkpoint(origin: origin, treeSize: size, rootHash: Hash(bytes: root))
            #expect(try Checkpoint(text: checkpoint.text) == checkpoint)
            let witness = try SignerKey(name: "w." + origin, type: .cosignatureV1, privateKey: Ed25519PrivateKey(seed: root))
            let cosignature = try witness.cosign(checkpoint, timestamp: timestamp)
            let note = try Note(parsing: Note(text: checkpoint.text, signatures: [cosignature.noteSignature]).encoded)
            #expect(try witness.verifierKey.verifyCosignature(note.signatures[0], on: checkpoint) == timestamp)
            #expect(try note.verify(with: [witness.verifierKey]).count == 1)
        }
    }

    @Test func tlogProofRoundTrips() async {
        await propertyCheck(
            count: 50, input: Gen.uint8().array(of: 0...64), Gen.uint64(), Self.bytes32.array(of: 0...12), Gen.uint64()
        ) { extra, index, proof, size throws in
            let log = TestKeys.signer("log.example/p")
            let note = try log.sign(Checkpoint(origin: "log.example/p", treeSize: size, rootHash: Hash.leaf(extra)))
            let hashes = try proof.map { try Hash(bytes: $0) }
            let value = try TlogProof(extra: extra, index: index, inclusionProof: hashes, note: note)
            let parsed = try TlogProof(parsing: value.encoded)
            #expect(parsed == value)
            #expect(parsed.encoded == value.encoded)
        }
    }
}
