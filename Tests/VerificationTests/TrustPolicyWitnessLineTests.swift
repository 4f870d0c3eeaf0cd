import Notes
import Statements
import Testing
import Verification

/// specs/verify.md, "Trust policy": a witness line is `witness VERIFIER-KEY` or the log's
/// witness-file form `witness NAME VERIFIER-KEY URL`; a quorum above the number of witnesses, or
/// of 0, is refused with a message that says why.
@Suite struct TrustPolicyWitnessLineTests {
    static let log = "log \(Fixtures.logSigner.verifierKey.encoded)\n"
    static let issuer = "issuer \(Fixtures.issuerKey.verifierKey)\n"
    static let keys = Fixtures.witnesses.map(\.verifierKey.encoded)

    static func message(_ text: String) -> String? {
        do {
            _ = try TrustPolicy(file: Array(text.utf8))
            return nil
        } catch {
            #expect(error.code == .badPolicy)
            return error.message
        }
    }

    @Test func theLogsWitnessFileLinesAreAcceptedAsTheyAre() throws {
        let keyOnly = try TrustPolicy(
            file: Array((Self.log + Self.keys.map { "witness \($0)\n" }.joined() + "quorum 2\n" + Self.issuer).utf8))
        // The lines of a log's witness file, copied: NAME and URL are the log's, not the verifier's.
        let copied = try TrustPolicy(
            file: Array(
                (Self.log + "witness w1 \(Self.keys[0]) https://w1.example/\n" + "witness w2 \(Self.keys[1]) http://127.0.0.1:8081\n"
                    + "witness w3 \(Self.keys[2])\n" + "quorum 2\n" + Self.issuer).utf8))
        #expect(copied == keyOnly)
        #expect(copied.witnessPolicy?.witnesses == Fixtures.witnesses.map(\.verifierKey))
        // The canonical form keeps the key-only lines.
        #expect(copied.file == keyOnly.file)
    }

    @Test func aWitnessLineOfAnotherShapeSaysWhatTheGrammarIs() {
        let withoutName = Self.message(Self.log + "witness \(Self.keys[0]) https://w1.example\nquorum 1\n" + Self.issuer)
        #expect(
            withoutName == "line 2: a witness line with a URL names the witness first: `witness NAME VERIFIER-KEY URL`",
            "\(withoutName ?? "accepted")")
        let four = Self.message(Self.log + "witness w1 \(Self.keys[0]) https://w1.example extra\nquorum 1\n" + Self.issuer)
        #expect(four?.hasPrefix("line 2: a witness line is `witness NAME VERIFIER-KEY URL (or witness VERIFIER-KEY)`") == true, "\(four ?? "accepted")")
        let ftp = Self.message(Self.log + "witness w1 \(Self.keys[0]) ftp://w1.example\nquorum 1\n" + Self.issuer)
        #expect(ftp?.hasPrefix("line 2: ftp://w1.example is not an http(s) URL") == true, "\(ftp ?? "accepted")")
        let notAKey = Self.message(Self.log + "witness w1 w1.example https://w1.example\nquorum 1\n" + Self.issuer)
        #expect(notAKey?.hasPrefix("line 2: a witness key is not a verifier key") == true, "\(notAKey ?? "accepted")")
    }

    @Test func aQuorumAboveTheWitnessesNamesBothNumbers() {
        let text = Self.log + Self.keys.map { "witness \($0)\n" }.joined() + "quorum 4\n" + Self.issuer
        #expect(Self.message(text) == "quorum 4 needs at least 4 witnesses; this file lists 3")
    }

    @Test func aQuorumOfZeroIsExplained() {
        let text = Self.log + Self.keys.map { "witness \($0)\n" }.joined() + "quorum 0\n" + Self.issuer
        let message = Self.message(text)
        #expect(message?.hasPrefix("quorum 0 would accept a checkpoint that no witness cosigned; a quorum is 1…3") == true, "\(message ?? "accepted")")
        #expect(message?.contains("remove the witness and quorum lines") == true)
        // The same rule holds for a policy made in code.
        #expect(throws: VerificationError(.badPolicy, "")) {
            try TrustPolicy(
                logKey: Fixtures.logSigner.verifierKey,
                witnessPolicy: try WitnessPolicy(witnesses: Fixtures.witnesses.map(\.verifierKey), threshold: 0),
                issuers: try IssuerList(keys: [Fixtures.issuerKey]))
        }
    }
}
