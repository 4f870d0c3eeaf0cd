import CryptoPrimitives
import Merkle
import Testing
@testable import Notes

/// The k-of-n witness policy the log uses to check its witnesses' cosignatures.
@Suite struct WitnessPolicyTests {
    /// The real checkpoint of Tests/Vectors/c2sp/real-cosigned-checkpoint.txt: three public
    /// witnesses running different implementations cosigned it.
    @Test func realCosignaturesMeetAThreeOfThreePolicy() throws {
        let vector = try C2SPVector.load("real-cosigned-checkpoint.txt")
        let keys = try vector.witnessVkeys.map { try VerifierKey(parsing: $0) }
        #expect(keys.count == 3)
        let note = try Note(parsing: vector.note)
        let policy = try WitnessPolicy(witnesses: keys, threshold: 3)
        let verified = try policy.check(note)
        #expect(verified.map(\.witness) == keys)
        #expect(verified.allSatisfy { $0.timestamp == 0x6a12_2120 })
        #expect(policy.isSatisfied(by: note))
        // witness.stagemole.eu and the log's own signatures are unknown: ignored, not counted.
        #expect(note.signatures.count == 6)
    }

    @Test func changedCheckpointFailsEveryCosignature() throws {
        let vector = try C2SPVector.load("real-cosigned-checkpoint.txt")
        let keys = try vector.witnessVkeys.map { try VerifierKey(parsing: $0) }
        let note = try Note(parsing: vector.note)
        let policy = try WitnessPolicy(witnesses: keys, threshold: 1)
        var text = Array(note.text.utf8)
        for index in [0, text.count / 2, text.count - 2] {
            let original = text[index]
            text[index] = original == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            let changed = try Note(text: String(decoding: text, as: UTF8.self), signatures: note.signatures)
            #expect(policy.verifiedCosignatures(on: changed).isEmpty)
            #expect(throws: NotesError(.quorumNotMet, "")) { try policy.check(changed) }
            text[index] = original
        }
    }

    static let checkpoint = try! Checkpoint(origin: "log.example/p", treeSize: 42, rootHash: Hash.leaf([42]))
    static let witnesses = (1...3).map { TestKeys.signer("w\($0).example", .cosignatureV1, seed: UInt8($0)) }

    /// The checkpoint cosigned by `signers`.
    static func note(_ signers: [SignerKey], extra: [NoteSignature] = []) throws -> Note {
        let log = TestKeys.signer("log.example/p")
        let lines = try [log.sign(text: checkpoint.text)] + signers.map { try $0.cosign(checkpoint, timestamp: 1_700_000_000).noteSignature }
        return try Note(text: checkpoint.text, signatures: lines + extra)
    }

    @Test func countsDistinctValidKnownWitnessesOnly() throws {
        let policy = try WitnessPolicy(witnesses: Self.witnesses.map(\.verifierKey), threshold: 2)
        #expect(!policy.isSatisfied(by: try Self.note([Self.witnesses[0]])))
        #expect(policy.isSatisfied(by: try Self.note([Self.witnesses[0], Self.witnesses[2]])))
        // One witness twice is still one witness.
        let twice = try Self.note([Self.witnesses[0], Self.witnesses[0]])
        #expect(policy.verifiedCosignatures(on: twice).count == 1)
        #expect(!policy.isSatisfied(by: twice))
        // An unknown witness is not counted.
        let stranger = TestKeys.signer("stranger.example", .cosignatureV1, seed: 9)
        #expect(!policy.isSatisfied(by: try Self.note([Self.witnesses[1], stranger])))
        // A known witness's bad cosignature is not counted (here: its cosignature of another
        // checkpoint, moved onto this one).
        let other = try Checkpoint(origin: "log.example/p", treeSize: 43, rootHash: Hash.leaf([43]))
        let moved = try Self.witnesses[2].cosign(other, timestamp: 1_700_000_000).noteSignature
        let withMoved = try Self.note([Self.witnesses[1]], extra: [moved])
        #expect(policy.verifiedCosignatures(on: withMoved).map(\.witness.name) == ["w2.example"])
        // A witness key's plain Ed25519 note signature is not a cosignature.
        let plain = try TestKeys.signer("w1.example", .ed25519, seed: 1).sign(text: Self.checkpoint.text)
        #expect(policy.verifiedCosignatures(on: try Self.note([], extra: [plain])).isEmpty)
    }

    @Test func thresholdZeroIsAlwaysMet() throws {
        let policy = try WitnessPolicy(witnesses: Self.witnesses.map(\.verifierKey), threshold: 0)
        #expect(policy.isSatisfied(by: try Self.note([])))
    }

    @Test func refusesBadPolicies() throws {
        let keys = Self.witnesses.map(\.verifierKey)
        #expect(throws: NotesError(.badPolicy, "")) { try WitnessPolicy(witnesses: keys, threshold: 4) }
        #expect(throws: NotesError(.badPolicy, "")) { try WitnessPolicy(witnesses: keys, threshold: -1) }
        #expect(throws: NotesError(.ambiguousKey, "")) { try WitnessPolicy(witnesses: keys + [keys[0]], threshold: 1) }
        let noteKey = TestKeys.signer("log.example/p").verifierKey
        #expect(throws: NotesError(.wrongKeyType, "")) { try WitnessPolicy(witnesses: [noteKey], threshold: 1) }
    }
}
