import Merkle
import Statements
import Testing
import Verification

/// The AIR v1 golden vectors registered in a log and verified from bundles: the policy failures
/// come out as FAILED with their AIR v1 codes, on the layer each check belongs to.
@Suite struct AIRVectorVerificationTests {
    /// The policy of a vector: the log, its issuer key (cyntrisec.com) and its `verify_policy`.
    static func policy(_ vector: AIRVector) -> TrustPolicy {
        let p = vector.verify_policy
        let expectations = TrustPolicy.Expectations(
            modelHash: p?.expected_model_hash_hex.map { try! Hash(hex: $0) },
            platform: p?.expected_platform.map { AIRPlatform(rawValue: $0)! },
            nonce: p?.expected_nonce_hex.map(unhex), maximumAge: p?.max_age_secs)
        return try! TrustPolicy(
            logKey: Fixtures.logSigner.verifierKey,
            issuers: try! IssuerList(keys: [IssuerKey(name: "cyntrisec.com", publicKey: vector.verificationKey)]),
            expectations: expectations)
    }

    static func report(_ vector: AIRVector) -> VerificationReport {
        let log = TestLog(count: 4, statement: vector.receipt, at: 2)
        return Verifier(policy: policy(vector)).verify(log.bundle(2), inputs: VerificationInputs(now: vector.now))
    }

    /// The layer a vector's failure is reported on.
    static func layer(_ failure: AIRVector.Failure) -> ClaimLayer {
        switch failure.code {
        case "TIMESTAMP_STALE", "NONCE_MISMATCH": .workloadIdentity
        case "MODEL_HASH_MISMATCH": .modelIdentity
        case "PLATFORM_MISMATCH": .environment
        default: .issuerSignature  // layers 1–3: parse, signature, claims
        }
    }

    @Test(arguments: AIRVector.invalid)
    func invalidVectorFailsWithItsCode(vector: AIRVector) throws {
        let failure = try #require(vector.expected_failure)
        let report = Self.report(vector)
        let layer = Self.layer(failure)
        expect(report, [layer: Expected(.failed, failure.code), .logInclusion: Expected(.verified)], .failed)
        // Exactly one layer fails; a layer-4 failure leaves the signature verified.
        #expect(report.checks.filter { $0.verdict == .failed }.map(\.layer) == [layer])
        if failure.layer == 4 { #expect(report.check(.issuerSignature)?.verdict == .verified) }
    }

    @Test(arguments: AIRVector.valid)
    func validVectorVerifies(vector: AIRVector) {
        let report = Self.report(vector)
        expect(
            report,
            [
                .logInclusion: Expected(.verified), .issuerSignature: Expected(.verified),
                .commitment(.request): Expected(.notChecked, "NOT_REQUESTED"),
                .commitment(.response): Expected(.notChecked, "NOT_REQUESTED"),
            ], .verified)
    }

    @Test func tdxVectorMatchesANoncePlatformAndModelPolicy() {
        let vector = AIRVector.load("valid/v1-tdx-with-nonce.json")
        let receipt = try! AIRReceipt(parsing: vector.receipt).validateClaims()
        let policy = try! TrustPolicy(
            logKey: Fixtures.logSigner.verifierKey,
            issuers: try! IssuerList(keys: [IssuerKey(name: "cyntrisec.com", publicKey: vector.verificationKey)]),
            expectations: .init(
                modelHash: receipt.modelHash, modelID: receipt.modelID, platform: .tdx, nonce: unhex("deadbeefcafebabe"),
                maximumAge: 86_400 * 365))
        let log = TestLog(count: 4, statement: vector.receipt, at: 2)
        let report = Verifier(policy: policy).verify(log.bundle(2), inputs: VerificationInputs(now: vector.now))
        expect(
            report,
            [
                .environment: Expected(.policyMatch), .workloadIdentity: Expected(.policyMatch),
                .modelIdentity: Expected(.policyMatch),
            ], .verified)
    }
}
