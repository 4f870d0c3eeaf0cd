import Foundation
import Notes
import Statements
import Testing
import Verification

/// specs/verify.md, "Verification", step 1: a bundle from another log is reported as
/// ORIGIN_MISMATCH, and a checkpoint signed by another key as CHECKPOINT_UNVERIFIED, each naming
/// what the policy expects and what the bundle carries.
@Suite struct OriginMismatchTests {
    let log = TestLog(statement: Fixtures.statement())
    /// Another log: its own origin and its own key.
    static let otherLog = try! SignerKey(name: "log.example/other", type: .ed25519, privateKey: Fixtures.seed(0x24))

    static func keyID(_ key: SignerKey) -> String { String(format: "%08x", key.keyID) }

    @Test func aBundleFromAnotherLogIsAnOriginMismatchNamingBothOrigins() throws {
        let note = log.note(signer: Self.otherLog, cosigners: [])
        let report = Verifier(policy: Fixtures.policy()).verify(log.bundle(note: note), inputs: Fixtures.inputs())
        let line = try #require(report.check(.logInclusion))
        #expect(line.verdict == .failed && line.code == "ORIGIN_MISMATCH", "\(report.text)")
        #expect(
            line.reason.hasPrefix(
                "the bundle's checkpoint is from origin \"log.example/other\"; the trust policy's log is \"log.example/receipts\""),
            "\(line.reason)")
        #expect(line.reason.contains("signed by log.example/other+\(Self.keyID(Self.otherLog))"), "\(line.reason)")
        #expect(report.outcome == .failed)
        #expect(report.text.contains("log-inclusion"))
        #expect(report.text.contains("ORIGIN_MISMATCH: the bundle's checkpoint is from origin"))
    }

    @Test func aPolicyOriginOtherThanTheKeyNameIsComparedFirst() throws {
        // The log's own key signed it, but the policy pins another origin: the origin is named.
        let policy = try TrustPolicy(
            logKey: Fixtures.logSigner.verifierKey, origin: "log.example/pinned", issuers: try IssuerList(keys: [Fixtures.issuerKey]))
        let line = try #require(Verifier(policy: policy).verify(log.bundle(), inputs: Fixtures.inputs()).check(.logInclusion))
        #expect(line.code == "ORIGIN_MISMATCH")
        #expect(line.reason.contains("from origin \"log.example/receipts\"; the trust policy's log is \"log.example/pinned\""), "\(line.reason)")
    }

    @Test func aCheckpointSignedByAnotherKeyNamesBothKeys() throws {
        // The same origin, another key: the policy's key and the signer's key, each with its ID.
        let note = log.note(signer: Fixtures.otherLogSigner, cosigners: [])
        let line = try #require(
            Verifier(policy: Fixtures.policy()).verify(log.bundle(note: note, withCOSEReceipt: false), inputs: Fixtures.inputs())
                .check(.logInclusion))
        #expect(line.verdict == .failed && line.code == "CHECKPOINT_UNVERIFIED")
        let found = "log.example/receipts+\(Self.keyID(Fixtures.otherLogSigner))"
        let expected = "log.example/receipts+\(Self.keyID(Fixtures.logSigner))"
        #expect(found != expected)
        #expect(
            line.reason == "the checkpoint is signed by \(found), not by the trust policy's log key \(expected)", "\(line.reason)")
    }
}
