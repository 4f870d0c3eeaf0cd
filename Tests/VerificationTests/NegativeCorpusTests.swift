import COSE
import Foundation
import Merkle
import Notes
import Statements
import Testing
import Verification

/// The expected verdict (and code) of one report line.
struct Expected {
    let verdict: Verdict
    let code: String?
    init(_ verdict: Verdict, _ code: String? = nil) {
        self.verdict = verdict
        self.code = code
    }
}

/// Checks every given line of `report`, and the outcome with its exit code.
func expect(
    _ report: VerificationReport, _ lines: [ClaimLayer: Expected], _ outcome: VerificationReport.Outcome,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    for (layer, want) in lines {
        guard let line = report.check(layer) else {
            Issue.record("no \(layer) line in\n\(report.text)", sourceLocation: sourceLocation)
            continue
        }
        #expect(line.verdict == want.verdict, "\(layer): \(line.reason)", sourceLocation: sourceLocation)
        if let code = want.code {
            #expect(line.code == code, "\(layer): \(line.code ?? "no code"): \(line.reason)", sourceLocation: sourceLocation)
        }
    }
    #expect(report.outcome == outcome, "\n\(report.text)", sourceLocation: sourceLocation)
    #expect(report.outcome.exitCode == [.verified: 0, .failed: 1, .notChecked: 2][outcome], sourceLocation: sourceLocation)
}

/// The negative corpus of issue 6: each case with its expected verdict per layer and exit code.
@Suite struct NegativeCorpusTests {
    let log = TestLog(statement: Fixtures.statement())
    let verifier = Verifier(policy: Fixtures.policy())

    /// Every later layer is refused once the statement's signature fails.
    let unauthenticated: [ClaimLayer: Expected] = [
        .environment: Expected(.notChecked, "UNAUTHENTICATED_CLAIMS"),
        .workloadIdentity: Expected(.notChecked, "UNAUTHENTICATED_CLAIMS"),
        .modelIdentity: Expected(.notChecked, "UNAUTHENTICATED_CLAIMS"),
        .commitment(.request): Expected(.notChecked, "UNAUTHENTICATED_CLAIMS"),
    ]

    @Test func validBundleVerifiesEveryLayer() {
        let report = verifier.verify(log.bundle(), inputs: Fixtures.inputs())
        expect(
            report,
            [
                .logInclusion: Expected(.verified), .witnessQuorum: Expected(.verified), .coseReceipt: Expected(.verified),
                .issuerSignature: Expected(.verified), .environment: Expected(.policyMatch),
                .workloadIdentity: Expected(.policyMatch), .modelIdentity: Expected(.verified),
                .commitment(.request): Expected(.verified), .commitment(.response): Expected(.verified),
            ], .verified)
        #expect(report.checks.count == 9)
        #expect(report.checks.allSatisfy(\.required) == false)  // the COSE receipt is optional
        let names = report.assumptions.map(\.name)
        #expect(names.contains("vendor-roots") && names.contains("tee-correctness"))
        #expect(names.contains("issuer-measured-code") && names.contains("output-correctness"))
        #expect(names.contains("host-clock") && !names.contains("log-consistency"))
    }

    /// The bundle of entry 5 with `receipt` as its COSE receipt bytes.
    func bundle(coseReceipt receipt: [UInt8]) throws -> ReceiptBundle {
        let good = log.bundle()
        return try ReceiptBundle(statement: good.statement, proof: good.proof, coseReceiptBytes: receipt)
    }

    /// The layers other than the COSE receipt, all decided as for the valid bundle.
    let otherLayersVerified: [ClaimLayer: Expected] = [
        .logInclusion: Expected(.verified), .witnessQuorum: Expected(.verified), .issuerSignature: Expected(.verified),
        .modelIdentity: Expected(.verified), .commitment(.request): Expected(.verified),
    ]

    /// A COSE receipt the verifier cannot use fails its own layer and no other.
    @Test func aBadCOSEReceiptFailsOnlyItsLayer() throws {
        let good = try #require(log.bundle().coseReceipt)
        var otherLeaf = try #require(log.bundle(4).coseReceipt).encoded()
        otherLeaf = Array(otherLeaf)
        var flipped = good.message
        flipped.signature[0] ^= 1
        for bytes in [[0x00, 0x01, 0x02], Array("not cbor".utf8), otherLeaf, flipped.encoded()] {
            var lines = otherLayersVerified
            lines[.coseReceipt] = Expected(.failed, "COSE_RECEIPT_INVALID")
            expect(verifier.verify(try bundle(coseReceipt: bytes), inputs: Fixtures.inputs()), lines, .failed)
        }
    }

    /// A receipt as another RFC 9942 issuer could make it, signed by the log key: extra protected
    /// and unprotected parameters, no `kid`, no signed tree size. It verifies; one naming another
    /// issuer in its CWT claims fails the layer.
    @Test func aStandardCOSEReceiptVerifiesAndItsIssuerIsChecked() throws {
        let proof = InclusionProof(leafIndex: 5, treeSize: UInt64(log.entries.count), hashes: log.path(5, size: log.entries.count))
        func receipt(issuer: String) -> [UInt8] {
            COSESign1.sign(
                protectedHeader: [
                    .unsigned(1): .int(-8), .unsigned(395): .unsigned(1), .unsigned(3): .text("application/cose"),
                    .unsigned(15): .map([.unsigned(1): .text(issuer), .unsigned(6): .unsigned(1_800_000_000)]),
                ],
                unprotectedHeader: [.unsigned(396): .map([.int(-1): .array([.bytes(proof.receiptEncoding())])]), .unsigned(33): .null],
                payload: log.root(size: log.entries.count).bytes, detached: true, key: Fixtures.logSigner.privateKey
            ).encoded()
        }
        var lines = otherLayersVerified
        lines[.coseReceipt] = Expected(.verified)
        let standard = verifier.verify(try bundle(coseReceipt: receipt(issuer: Fixtures.origin)), inputs: Fixtures.inputs())
        expect(standard, lines, .verified)
        lines[.coseReceipt] = Expected(.failed, "COSE_RECEIPT_INVALID")
        let other = verifier.verify(try bundle(coseReceipt: receipt(issuer: "other.example/log")), inputs: Fixtures.inputs())
        expect(other, lines, .failed)
        #expect(other.check(.coseReceipt)?.reason.contains("other.example/log") == true)
    }

    @Test func tamperedStatement() throws {
        var statement = log.entries[5]
        let at = try #require(findSubsequence(Array("llama-7b".utf8), in: statement))
        statement[at + 6] = UInt8(ascii: "8")
        let bundle = try ReceiptBundle(statement: statement, proof: log.bundle().proof, coseReceipt: log.bundle().coseReceipt)
        var lines = unauthenticated
        lines[.logInclusion] = Expected(.failed, "INCLUSION_FAILED")
        lines[.coseReceipt] = Expected(.failed, "COSE_RECEIPT_INVALID")
        lines[.issuerSignature] = Expected(.failed, "SIG_FAILED")
        lines[.witnessQuorum] = Expected(.verified)
        expect(verifier.verify(bundle, inputs: Fixtures.inputs()), lines, .failed)
    }

    @Test func unreadableClaimsGiveTheFixedLinesAndOneLinePerOpening() {
        let stranger = TestLog(statement: Fixtures.statement(key: Fixtures.strangerPrivateKey))
        let none = verifier.verify(stranger.bundle(), inputs: Fixtures.inputs(openings: [:]))
        #expect(none.checks.map(\.layer.description) == [
            "log-inclusion", "witness-quorum", "cose-receipt", "issuer-signature", "environment", "workload-identity",
            "model-identity",
        ])
        let opened = verifier.verify(stranger.bundle(), inputs: Fixtures.inputs())
        #expect(opened.checks.count == 9)
        #expect(opened.checks.suffix(2).allSatisfy { $0.verdict == .notChecked && $0.required })
    }

    @Test func wrongIndex() throws {
        let good = log.bundle()
        let bundle = try ReceiptBundle(
            statement: good.statement, index: 6, inclusionProof: good.proof.inclusionProof, note: good.note,
            coseReceipt: good.coseReceipt)
        expect(
            verifier.verify(bundle, inputs: Fixtures.inputs()),
            [
                .logInclusion: Expected(.failed, "INCLUSION_FAILED"), .coseReceipt: Expected(.failed, "COSE_RECEIPT_INVALID"),
                .issuerSignature: Expected(.verified), .modelIdentity: Expected(.verified),
            ], .failed)
    }

    @Test func shortenedPath() throws {
        let good = log.bundle()
        let bundle = try ReceiptBundle(
            statement: good.statement, index: 5, inclusionProof: Array(good.proof.inclusionProof.dropLast()),
            note: good.note, coseReceipt: good.coseReceipt)
        expect(
            verifier.verify(bundle, inputs: Fixtures.inputs()),
            [.logInclusion: Expected(.failed, "INCLUSION_FAILED"), .coseReceipt: Expected(.verified)], .failed)
    }

    @Test func checkpointSignedByAnotherKey() {
        let note = log.note(signer: Fixtures.otherLogSigner, cosigners: [])
        expect(
            verifier.verify(log.bundle(note: note, withCOSEReceipt: false), inputs: Fixtures.inputs()),
            [
                .logInclusion: Expected(.failed, "CHECKPOINT_UNVERIFIED"),
                .witnessQuorum: Expected(.notChecked, "NO_COSIGNATURES"), .coseReceipt: Expected(.notChecked),
            ], .failed)
    }

    @Test func checkpointOfAnotherOrigin() {
        let policy = try! TrustPolicy(
            logKey: Fixtures.logSigner.verifierKey, origin: "log.example/other",
            issuers: try! IssuerList(keys: [Fixtures.issuerKey]))
        expect(
            Verifier(policy: policy).verify(log.bundle(), inputs: Fixtures.inputs()),
            [.logInclusion: Expected(.failed, "ORIGIN_MISMATCH")], .failed)
    }

    @Test func tooFewCosignatures() {
        let note = log.note(cosigners: [Fixtures.witnesses[0]])
        expect(
            verifier.verify(log.bundle(note: note), inputs: Fixtures.inputs()),
            [.logInclusion: Expected(.verified), .witnessQuorum: Expected(.failed, "QUORUM_NOT_MET")], .failed)
    }

    @Test func cosignatureOfAnUnknownWitnessIsNotCounted() {
        // One policy witness and one unknown: 1 of 2 required.
        let note = log.note(cosigners: [Fixtures.witnesses[0], Fixtures.unknownWitness])
        let report = verifier.verify(log.bundle(note: note), inputs: Fixtures.inputs())
        expect(report, [.witnessQuorum: Expected(.failed, "QUORUM_NOT_MET")], .failed)
        #expect(report.check(.witnessQuorum)!.reason.contains("1 of the policy's 3 witnesses"))
        // Only unknown witnesses, quorum 1: nothing is counted, so nothing is verified.
        let one = Verifier(policy: Fixtures.policy(quorum: 1))
        let onlyUnknown = log.note(cosigners: [Fixtures.unknownWitness])
        expect(
            one.verify(log.bundle(note: onlyUnknown), inputs: Fixtures.inputs()),
            [.witnessQuorum: Expected(.notChecked, "NO_COSIGNATURES")], .notChecked)
        // Beside a quorum it is ignored and said so.
        let enough = log.note(cosigners: Fixtures.witnesses.prefix(2) + [Fixtures.unknownWitness])
        let passing = verifier.verify(log.bundle(note: enough), inputs: Fixtures.inputs())
        expect(passing, [.witnessQuorum: Expected(.verified)], .verified)
        #expect(passing.check(.witnessQuorum)!.reason.contains("ignored"))
    }

    /// The bad line is not counted (c2sp.org/tlog-cosignature), which leaves 1 of the 2 required.
    @Test func badCosignatureOfAPolicyWitnessFails() throws {
        let note = log.note()
        var signatures = note.signatures
        var raw = signatures[1].signature
        raw[raw.count - 1] ^= 1
        signatures[1] = try NoteSignature(name: signatures[1].name, keyID: signatures[1].keyID, signature: raw)
        let bad = try Note(text: note.text, signatures: signatures)
        expect(
            verifier.verify(log.bundle(note: bad), inputs: Fixtures.inputs()),
            [.witnessQuorum: Expected(.failed, "QUORUM_NOT_MET"), .logInclusion: Expected(.verified)], .failed)
    }

    @Test func issuerKeyNotInThePolicy() {
        // Another key under the policy issuer's name: its kid is unknown.
        let otherKey = TestLog(statement: Fixtures.statement(key: Fixtures.strangerPrivateKey))
        var lines = unauthenticated
        lines[.logInclusion] = Expected(.verified)
        lines[.issuerSignature] = Expected(.failed, "UNKNOWN_KID")
        expect(verifier.verify(otherKey.bundle(), inputs: Fixtures.inputs()), lines, .failed)
        // Another issuer altogether.
        let stranger = Fixtures.claims {
            $0.issuer = "stranger.example"
        }
        let otherIssuer = TestLog(statement: Fixtures.statement(stranger, key: Fixtures.strangerPrivateKey))
        lines[.issuerSignature] = Expected(.failed, "UNKNOWN_ISSUER")
        expect(verifier.verify(otherIssuer.bundle(), inputs: Fixtures.inputs()), lines, .failed)
    }

    @Test func wrongModelDirectory() {
        let other = Fixtures.temporaryDirectory("other-model")
        Fixtures.write(Array("{\"layers\":3}\n".utf8), "config.json", other)
        expect(
            verifier.verify(log.bundle(), inputs: Fixtures.inputs(model: other)),
            [.modelIdentity: Expected(.failed, "MODEL_HASH_MISMATCH")], .failed)
    }

    @Test func renamedWeightFile() throws {
        let copy = Fixtures.temporaryDirectory("renamed")
        try FileManager.default.removeItem(at: copy)
        try FileManager.default.copyItem(at: Fixtures.modelDirectory, to: copy)
        try FileManager.default.moveItem(
            at: copy.appendingPathComponent("weights/model-00002.bin"),
            to: copy.appendingPathComponent("weights/model-00003.bin"))
        expect(
            verifier.verify(log.bundle(), inputs: Fixtures.inputs(model: copy)),
            [.modelIdentity: Expected(.failed, "MODEL_HASH_MISMATCH")], .failed)
    }

    @Test func unreadableModelDirectoryIsNotChecked() {
        let missing = Fixtures.modelDirectory.appendingPathComponent("no-such-directory")
        expect(
            verifier.verify(log.bundle(), inputs: Fixtures.inputs(model: missing)),
            [.modelIdentity: Expected(.notChecked, "MODEL_DIRECTORY_UNREADABLE")], .notChecked)
    }

    @Test func staleReceipt() {
        let stale = TestLog(statement: Fixtures.statement(Fixtures.claims { $0.issuedAt = Fixtures.now - 7200 }))
        expect(
            verifier.verify(stale.bundle(), inputs: Fixtures.inputs()),
            [.workloadIdentity: Expected(.failed, "TIMESTAMP_STALE"), .modelIdentity: Expected(.verified)], .failed)
    }

    @Test func receiptIssuedAfterTheWitnessesSawIt() {
        // No maximum age in the policy: the witnesses' timestamps bound iat by themselves.
        let late = TestLog(statement: Fixtures.statement(Fixtures.claims { $0.issuedAt = Fixtures.now + 600 }))
        let policy = Fixtures.policy { $0.maximumAge = nil }
        expect(
            Verifier(policy: policy).verify(late.bundle(), inputs: Fixtures.inputs()),
            [.workloadIdentity: Expected(.failed, "ISSUED_AFTER_WITNESSED")], .failed)
    }

    @Test func nonceMismatch() {
        let other = TestLog(statement: Fixtures.statement(Fixtures.claims { $0.nonce = [UInt8](repeating: 0, count: 8) }))
        expect(
            verifier.verify(other.bundle(), inputs: Fixtures.inputs()),
            [.workloadIdentity: Expected(.failed, "NONCE_MISMATCH")], .failed)
        let none = TestLog(statement: Fixtures.statement(Fixtures.claims { $0.nonce = nil }))
        expect(
            verifier.verify(none.bundle(), inputs: Fixtures.inputs()),
            [.workloadIdentity: Expected(.failed, "NONCE_MISSING")], .failed)
    }

    @Test func wrongSalt() {
        var salt = Fixtures.requestSalt
        salt[0] ^= 1
        expect(
            verifier.verify(log.bundle(), inputs: Fixtures.inputs(openings: Fixtures.openings(requestSalt: salt))),
            [
                .commitment(.request): Expected(.failed, "commitmentMismatch"),
                .commitment(.response): Expected(.verified),
            ], .failed)
    }

    @Test func missingOptionalPartsAreNotChecked() {
        // A log-only checkpoint, no COSE receipt, no model directory, nothing opened, and a policy
        // with witnesses but no expectations.
        let bundle = log.bundle(note: log.note(cosigners: []), withCOSEReceipt: false)
        let policy = Fixtures.policy { $0 = TrustPolicy.Expectations() }
        let report = Verifier(policy: policy).verify(bundle, inputs: Fixtures.inputs(model: nil, openings: [:]))
        expect(
            report,
            [
                .logInclusion: Expected(.verified), .issuerSignature: Expected(.verified),
                .witnessQuorum: Expected(.notChecked, "NO_COSIGNATURES"),
                .coseReceipt: Expected(.notChecked, "COSE_RECEIPT_MISSING"),
                .environment: Expected(.notChecked, "NOT_REQUESTED"),
                .workloadIdentity: Expected(.notChecked, "NOT_REQUESTED"),
                .modelIdentity: Expected(.notChecked, "NOT_REQUESTED"),
                .commitment(.request): Expected(.notChecked, "NOT_REQUESTED"),
                .commitment(.response): Expected(.notChecked, "NOT_REQUESTED"),
            ], .notChecked)
        let verified = report.checks.filter { $0.verdict == .verified }.map(\.layer)
        #expect(verified == [.logInclusion, .issuerSignature])
        #expect(report.assumptions.map(\.name).contains("log-consistency"))
        // Without witnesses in the policy the same bundle passes, and says what it rests on.
        let noWitnesses = Fixtures.policy(witnesses: nil) { $0 = TrustPolicy.Expectations() }
        let passing = Verifier(policy: noWitnesses).verify(bundle, inputs: Fixtures.inputs(model: nil, openings: [:]))
        expect(passing, [.witnessQuorum: Expected(.notChecked, "NOT_REQUESTED")], .verified)
        #expect(passing.assumptions.map(\.name).contains("log-consistency"))
    }

    @Test func openingAFieldTheReceiptDoesNotCommitToIsNotChecked() {
        var openings = Fixtures.openings()
        openings[.parameters] = .init(salt: Fixtures.requestSalt, data: [1])
        expect(
            verifier.verify(log.bundle(), inputs: Fixtures.inputs(openings: openings)),
            [.commitment(.parameters): Expected(.notChecked, "NO_SUCH_COMMITMENT")], .notChecked)
    }

    @Test func environmentExpectations() {
        let gpu = Verifier(policy: Fixtures.policy { $0.evidenceKinds = ["tdx-quote", "nvidia-gpu-evidence"] })
        expect(
            gpu.verify(log.bundle(), inputs: Fixtures.inputs()),
            [.environment: Expected(.failed, "EVIDENCE_MISSING")], .failed)
        let nitro = Verifier(policy: Fixtures.policy { $0.platform = .nitro })
        expect(
            nitro.verify(log.bundle(), inputs: Fixtures.inputs()),
            [.environment: Expected(.failed, "PLATFORM_MISMATCH")], .failed)
        let image = Verifier(policy: Fixtures.policy { $0.imageDigest = try! InferenceReceiptDigest("sha256:" + String(repeating: "cd", count: 32)) })
        expect(
            image.verify(log.bundle(), inputs: Fixtures.inputs()),
            [.workloadIdentity: Expected(.failed, "IMAGE_DIGEST_MISMATCH")], .failed)
    }

    @Test func refreshedBundleVerifies() throws {
        // A bundle cut at tree size 6 with a log-only checkpoint, refreshed to the witnessed 13.
        let early = log.bundle(size: 6, note: log.note(size: 6, cosigners: []), withCOSEReceipt: false)
        expect(verifier.verify(early, inputs: Fixtures.inputs()), [.witnessQuorum: Expected(.notChecked)], .notChecked)
        let refreshed = try early.replacingCheckpoint(log.note(), inclusionProof: log.path(5, size: 13))
        try refreshed.checkInclusion()
        #expect(refreshed.statement == early.statement && refreshed.index == early.index)
        expect(verifier.verify(refreshed, inputs: Fixtures.inputs()), [.witnessQuorum: Expected(.verified)], .verified)
    }
}

func findSubsequence(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard needle.count <= haystack.count else { return nil }
    return (0...(haystack.count - needle.count)).first { Array(haystack[$0..<$0 + needle.count]) == needle }
}
