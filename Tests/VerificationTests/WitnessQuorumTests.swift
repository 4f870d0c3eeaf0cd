import Notes
import Testing
import Verification

/// The `witness-quorum` layer, counted by Notes' `WitnessPolicy` (c2sp.org/tlog-cosignature).
@Suite struct WitnessQuorumTests {
    let log = TestLog(statement: [1, 2, 3], at: 0)

    func quorumLine(_ note: Note, quorum: Int = 2) -> ClaimCheck {
        Verifier(policy: Fixtures.policy(quorum: quorum)).verify(log.bundle(note: note), inputs: Fixtures.inputs())
            .check(.witnessQuorum)!
    }

    @Test func countsDistinctPolicyWitnesses() throws {
        let line = quorumLine(log.note(cosigners: Fixtures.witnesses, timestamp: 100))
        #expect(line.verdict == .verified)
        let at = "1970-01-01T00:01:40Z (Unix 100)"
        #expect(line.reason.hasPrefix("3 of 3 policy witnesses cosigned (quorum 2): witness1.example at \(at), witness2.example at \(at), witness3.example at \(at)"))
        #expect(!line.reason.contains("ignored"), "the log's own signature is not an unknown key")
    }

    @Test func aWitnessSigningTwiceCountsOnce() throws {
        let note = log.note(cosigners: [Fixtures.witnesses[0]], timestamp: 100)
        let checkpoint = try Checkpoint(text: note.text)
        let again = try note.adding(try Fixtures.witnesses[0].cosign(checkpoint, timestamp: 200).noteSignature)
        let line = quorumLine(again)
        #expect(line.verdict == .failed && line.code == "QUORUM_NOT_MET")
        #expect(line.reason.hasPrefix("1 of the policy's 3 witnesses cosigned (witness1.example)"))
        #expect(quorumLine(again, quorum: 1).verdict == .verified)
    }

    @Test func unknownWitnessesAreIgnored() throws {
        let none = quorumLine(log.note(cosigners: [Fixtures.unknownWitness]))
        #expect(none.verdict == .notChecked && none.code == "NO_COSIGNATURES" && none.reason.contains("1 signature line(s) from keys not in the policy ignored"))
        let one = quorumLine(log.note(cosigners: [Fixtures.witnesses[2], Fixtures.unknownWitness]))
        #expect(one.verdict == .failed && one.code == "QUORUM_NOT_MET")
        let two = quorumLine(log.note(cosigners: [Fixtures.unknownWitness] + Fixtures.witnesses.prefix(2)))
        #expect(two.verdict == .verified && two.reason.contains("2 of 3") && two.reason.contains("1 signature line(s) from keys not in the policy ignored"))
    }

    /// witness1's cosignature of tree size 1 copied onto the checkpoint of size 2 is not counted
    /// and is reported; whether the layer passes depends only on the lines that verify.
    @Test func aCosignatureOnAnotherCheckpointIsReportedNotCounted() throws {
        var bigger = log
        bigger.append([4])
        let small = log.note(cosigners: [Fixtures.witnesses[0]])
        let moved = try bigger.note(cosigners: [Fixtures.witnesses[1]]).adding(small.signatures[1])
        let short = Verifier(policy: Fixtures.policy()).verify(bigger.bundle(note: moved), inputs: Fixtures.inputs()).check(.witnessQuorum)!
        #expect(short.verdict == .failed && short.code == "QUORUM_NOT_MET")
        #expect(short.reason.contains("1 cosignature line(s) of policy witnesses did not verify and were not counted (witness1.example)"))
        let enough = try bigger.note(cosigners: Array(Fixtures.witnesses[1...2])).adding(small.signatures[1])
        let passing = Verifier(policy: Fixtures.policy()).verify(bigger.bundle(note: enough), inputs: Fixtures.inputs()).check(.witnessQuorum)!
        #expect(passing.verdict == .verified && passing.reason.hasPrefix("2 of 3"))
        #expect(passing.reason.contains("did not verify and were not counted (witness1.example)"))
    }

    /// With 2 of 3, the checkpoint is known to be witnessed by the time of the second counted
    /// cosignature, not the first: one witness's early timestamp alone does not bound `iat`.
    @Test func iatIsBoundedByTheQuorumsTimeNotTheEarliestCosignature() throws {
        let iat = Fixtures.now - 60  // the receipt's issued-at (Fixtures.claims)
        let log = TestLog(statement: Fixtures.statement())
        let policy = Fixtures.policy { $0.maximumAge = nil }
        func workload(_ timestamps: [UInt64]) throws -> (line: ClaimCheck, report: VerificationReport) {
            var note = log.note(cosigners: [])
            let checkpoint = try Checkpoint(text: note.text)
            for (witness, t) in zip(Fixtures.witnesses, timestamps) {
                note = try note.adding(try witness.cosign(checkpoint, timestamp: t).noteSignature)
            }
            let report = Verifier(policy: policy).verify(log.bundle(note: note), inputs: Fixtures.inputs())
            #expect(report.check(.witnessQuorum)?.verdict == .verified)
            return (try #require(report.check(.workloadIdentity)), report)
        }
        // witness1 cosigned an hour before iat, the other two after it: the quorum of two held
        // only at witness2's time, after iat.
        let early = try workload([iat - 3600, iat + 30, iat + 40])
        #expect(early.line.verdict == .policyMatch, "\(early.report.text)")
        // Fixtures.now is 2026-01-01T00:00:00Z; iat + 30 is 30 s before it.
        #expect(iat + 30 == 1_767_225_570)
        #expect(
            early.line.reason.contains("issued before witnessed at 2025-12-31T23:59:30Z (Unix 1767225570)"), "\(early.line.reason)")
        // Two cosignatures before iat: the quorum held before the receipt was issued.
        let late = try workload([iat - 3600, iat - 1000, iat + 40])
        #expect(late.line.verdict == .failed && late.line.code == "ISSUED_AFTER_WITNESSED", "\(late.report.text)")
        #expect(late.line.reason.contains("witness quorum's time, 2025-12-31T23:42:20Z (Unix \(iat - 1000))"), "\(late.line.reason)")
    }

    /// The policy file takes a quorum of 1…n distinct cosignature/v1 keys.
    @Test func quorumMustBeOneToN() {
        let log = "log \(Fixtures.logSigner.verifierKey.encoded)\n"
        let issuer = "issuer \(Fixtures.issuerKey.verifierKey)\n"
        let keys = Fixtures.witnesses.map { "witness \($0.verifierKey.encoded)\n" }
        for (witnesses, k) in [(keys, 0), (keys, 4), (keys + [keys[0]], 1), (["witness \(Fixtures.logSigner.verifierKey.encoded)\n"], 1)] {
            let file = log + witnesses.joined() + "quorum \(k)\n" + issuer
            #expect(throws: VerificationError(.badPolicy, "")) { try TrustPolicy(file: Array(file.utf8)) }
        }
        #expect(throws: Never.self) { try TrustPolicy(file: Array((log + keys.joined() + "quorum 3\n" + issuer).utf8)) }
    }
}
