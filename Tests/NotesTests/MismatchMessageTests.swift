import Foundation
import Notes
import Testing

/// A note no trusted key signed, and a witness policy whose quorum is above its witnesses: each
/// message names both sides.
@Suite struct MismatchMessageTests {
    static func ref(_ key: SignerKey) -> String { "\(key.name)+\(String(format: "%08x", key.keyID))" }

    @Test func anUnverifiedNoteNamesTheKnownKeysAndTheSigners() throws {
        let log = TestKeys.signer("log.example/a", seed: 1)
        let other = TestKeys.signer("log.example/b", seed: 2)
        let note = try Note(parsing: TestKeys.signedNote("hello\n", by: [log]))
        do {
            _ = try note.verify(with: [other.verifierKey])
            Issue.record("verified with a key that did not sign")
        } catch {
            #expect(error.code == .unverifiedNote)
            #expect(
                error.message
                    == "no signature on the note is from a known key (known: \(Self.ref(other)); signed by: \(Self.ref(log)))")
        }
        do {
            _ = try note.verify(with: [])
        } catch {
            #expect(error.message.contains("(known: none; signed by: \(Self.ref(log)))"), "\(error.message)")
        }
    }

    @Test func aQuorumAboveTheWitnessesNamesBothNumbers() {
        let keys = (1...3).map { TestKeys.signer("w\($0).example", .cosignatureV1, seed: UInt8($0)).verifierKey }
        do {
            _ = try WitnessPolicy(witnesses: keys, threshold: 4)
            Issue.record("accepted quorum 4 of 3")
        } catch {
            #expect(error.code == .badPolicy)
            #expect(error.message == "quorum 4 needs at least 4 witnesses; this policy lists 3")
        }
    }
}
