import Merkle
import Notes
import Statements
import Testing
import Verification

@Suite struct TrustPolicyTests {
    static let file = """
        # Receipts of inference.example, logged at log.example/receipts.
        log \(Fixtures.logSigner.verifierKey.encoded)
        witness \(Fixtures.witnesses[0].verifierKey.encoded)
        witness \(Fixtures.witnesses[1].verifierKey.encoded)
        witness \(Fixtures.witnesses[2].verifierKey.encoded)
        quorum 2

        issuer \(Fixtures.issuerKey.verifierKey)
        model-hash \(Fixtures.modelDigest.hex)
        model-id llama-7b
        image-digest \(Fixtures.image)
        platform tdx-mrtd-rtmr
        nonce deadbeefcafebabe
        max-age 3600
        evidence tdx-quote

        """

    @Test func parsesTheExampleAndEqualsTheFixturePolicy() throws {
        let policy = try TrustPolicy(file: Array(Self.file.utf8))
        #expect(policy == Fixtures.policy())
        #expect(policy.origin == Fixtures.origin)
        #expect(policy.witnessPolicy?.threshold == 2)
    }

    @Test func canonicalFormRoundTrips() throws {
        let policy = try TrustPolicy(file: Array(Self.file.utf8))
        let canonical = policy.file
        #expect(!canonical.contains("#"))
        let again = try TrustPolicy(file: Array(canonical.utf8))
        #expect(again == policy)
        #expect(again.file == canonical)
        // An origin other than the key name, and a clock skew, survive too.
        let other = try TrustPolicy(file: Array((canonical + "origin log.example/other\nclock-skew 60\n").utf8))
        #expect(other.origin == "log.example/other" && other.expectations.clockSkew == 60)
        #expect(try TrustPolicy(file: Array(other.file.utf8)).file == other.file)
    }

    @Test func minimalPolicy() throws {
        let policy = try TrustPolicy(
            file: Array("log \(Fixtures.logSigner.verifierKey.encoded)\nissuer \(Fixtures.issuerKey.verifierKey)\n".utf8))
        #expect(policy.witnessPolicy == nil)
        #expect(policy.expectations == TrustPolicy.Expectations())
    }

    @Test func badFilesAreRefused() {
        let log = "log \(Fixtures.logSigner.verifierKey.encoded)\n"
        let issuer = "issuer \(Fixtures.issuerKey.verifierKey)\n"
        let witness = "witness \(Fixtures.witnesses[0].verifierKey.encoded)\n"
        let cases = [
            "",  // no log, no issuer
            log,  // no issuer
            issuer,  // no log
            log + log + issuer,  // log twice
            log + issuer + "colour blue\n",  // unknown keyword
            log + issuer + "max-age\n",  // no value
            log + issuer + "max-age  60\n",  // two spaces
            log + issuer + "max-age 60 \n",  // trailing space
            log + issuer + "max-age 060\n",  // leading zero
            log + issuer.replacingOccurrences(of: "\n", with: "\r\n"),  // CR
            log + issuer + " # an indented comment\n",
            log + issuer + "model-hash \(Fixtures.modelDigest.hex.uppercased())\n",
            log + issuer + "model-hash abcd\n",
            log + issuer + "nonce dead\n",  // too short
            log + issuer + "platform sgx\n",
            log + issuer + "evidence tpm-quote\nevidence tpm-quote\n",
            log + issuer + "evidence magic-quote\n",
            log + issuer + "image-digest sha1:abc\n",
            log + issuer + witness,  // witnesses without quorum
            log + issuer + "quorum 1\n",  // quorum without witnesses
            log + issuer + witness + "quorum 2\n",  // quorum above n
            log + issuer + witness + witness + "quorum 1\n",  // a witness twice
            log + issuer + issuer,  // an issuer key twice
            "log \(Fixtures.witnesses[0].verifierKey.encoded)\n" + issuer,  // a cosignature key as the log key
            log + "witness \(Fixtures.logSigner.verifierKey.encoded)\nquorum 1\n" + issuer,  // a note key as a witness
            log + "issuer \(Fixtures.witnesses[0].verifierKey.encoded)\n",  // a cosignature key as an issuer
        ]
        for text in cases {
            #expect(throws: VerificationError(.badPolicy, ""), "\(text)") { try TrustPolicy(file: Array(text.utf8)) }
        }
        #expect(throws: VerificationError(.badPolicy, "")) { try TrustPolicy(file: [0xFF, 0x0A]) }
    }

    @Test func errorsNameTheLine() throws {
        let text = "log \(Fixtures.logSigner.verifierKey.encoded)\n# comment\n\ncolour blue\n"
        do {
            _ = try TrustPolicy(file: Array(text.utf8))
            Issue.record("accepted an unknown keyword")
        } catch {
            #expect(error.message.hasPrefix("line 4: "))
        }
    }
}
