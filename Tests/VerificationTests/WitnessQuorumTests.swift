import Notes
import Testing
import Verification

@Suite struct WitnessQuorumTests {
    let log = TestLog(statement: [1, 2, 3], at: 0)
    let quorum = try! WitnessQuorum(witnesses: Fixtures.witnesses.map(\.verifierKey), threshold: 2)

    @Test func countsDistinctPolicyWitnesses() throws {
        let result = try quorum.check(log.note(cosigners: Fixtures.witnesses, timestamp: 100))
        #expect(result.cosigners.map(\.witness.name) == ["witness1.example", "witness2.example", "witness3.example"])
        #expect(result.ignored == 1)  // the log's own signature
        #expect(result.latestTimestamp == 100)
    }

    @Test func aWitnessSigningTwiceCountsOnce() throws {
        let note = log.note(cosigners: [Fixtures.witnesses[0]], timestamp: 100)
        let checkpoint = try Checkpoint(text: note.text)
        let again = try note.adding(try Fixtures.witnesses[0].cosign(checkpoint, timestamp: 200).noteSignature)
        #expect(throws: VerificationError(.quorumNotMet, "")) { try quorum.check(again) }
        let one = try WitnessQuorum(witnesses: Fixtures.witnesses.map(\.verifierKey), threshold: 1)
        let result = try one.check(again)
        #expect(result.cosigners.count == 1 && result.latestTimestamp == 200)
    }

    @Test func unknownWitnessesAreIgnored() throws {
        #expect(throws: VerificationError(.noCosignatures, "")) {
            try quorum.check(log.note(cosigners: [Fixtures.unknownWitness]))
        }
        #expect(throws: VerificationError(.quorumNotMet, "")) {
            try quorum.check(log.note(cosigners: [Fixtures.witnesses[2], Fixtures.unknownWitness]))
        }
        let result = try quorum.check(log.note(cosigners: [Fixtures.unknownWitness] + Fixtures.witnesses.prefix(2)))
        #expect(result.cosigners.count == 2 && result.ignored == 2)
    }

    @Test func aCosignatureOnAnotherCheckpointFails() throws {
        // witness1's cosignature of tree size 1 copied onto the checkpoint of size 2.
        var bigger = log
        bigger.append([4])
        let small = log.note(cosigners: [Fixtures.witnesses[0]])
        let large = bigger.note(cosigners: [Fixtures.witnesses[1]])
        let moved = try large.adding(small.signatures[1])
        #expect(throws: VerificationError(.cosignatureInvalid, "")) { try quorum.check(moved) }
    }

    @Test func quorumMustBeOneToN() {
        let keys = Fixtures.witnesses.map(\.verifierKey)
        for k in [0, 4, -1] {
            #expect(throws: VerificationError(.badQuorum, "")) { try WitnessQuorum(witnesses: keys, threshold: k) }
        }
        #expect(throws: VerificationError(.badQuorum, "")) { try WitnessQuorum(witnesses: [], threshold: 1) }
        #expect(throws: VerificationError(.badQuorum, "")) {
            try WitnessQuorum(witnesses: keys + [keys[0]], threshold: 1)
        }
        #expect(throws: VerificationError(.badQuorum, "")) {
            try WitnessQuorum(witnesses: [Fixtures.logSigner.verifierKey], threshold: 1)
        }
    }
}
