import CBOR
import Merkle
import Testing
@testable import Statements

@Suite struct AIRVectorTests {
    // Both valid vectors pass all four layers, and every claim equals the vector's `claims`.
    @Test(arguments: AIRVector.valid)
    func validVectorVerifies(vector: AIRVector) throws {
        let claims = try AIRReceipt.verify(vector.receipt, key: vector.verificationKey, now: vector.now)
        let want = try #require(vector.claims)
        #expect(claims.issuer == want.iss)
        #expect(claims.issuedAt == want.iat)
        #expect(hex(claims.cwtID) == want.cti_hex)
        #expect(claims.nonce.map(hex) == want.eat_nonce_hex)
        #expect(want.eat_profile == AIRClaims.profile)
        #expect(claims.modelID == want.model_id)
        #expect(claims.modelVersion == want.model_version)
        #expect(claims.modelHash.hex == want.model_hash_hex)
        #expect(claims.requestHash.hex == want.request_hash_hex)
        #expect(claims.responseHash.hex == want.response_hash_hex)
        #expect(claims.attestationDocHash.hex == want.attestation_doc_hash_hex)
        #expect(claims.measurements.platform.rawValue == want.enclave_measurements.measurement_type)
        #expect(hex(claims.measurements.pcr0) == want.enclave_measurements.pcr0_hex)
        #expect(hex(claims.measurements.pcr1) == want.enclave_measurements.pcr1_hex)
        #expect(hex(claims.measurements.pcr2) == want.enclave_measurements.pcr2_hex)
        #expect(claims.measurements.pcr8.map(hex) == want.enclave_measurements.pcr8_hex)
        #expect(claims.policyVersion == want.policy_version)
        #expect(claims.sequenceNumber == want.sequence_number)
        #expect(claims.executionTimeMilliseconds == want.execution_time_ms)
        #expect(claims.memoryPeakMegabytes == want.memory_peak_mb)
        #expect(claims.securityMode == want.security_mode)
        #expect(claims.modelHashScheme == nil)
        // The payload is the vector's payload, byte for byte.
        let receipt = try AIRReceipt(parsing: vector.receipt)
        #expect(hex(receipt.payload) == vector.payload_hex)
        #expect(receipt.issuer == want.iss)
    }

    // Encoding the parsed claims deterministically and signing them with the vectors' seed gives
    // the golden bytes back: our encoder and the reference agree exactly.
    @Test(arguments: AIRVector.valid)
    func signingTheClaimsReproducesTheVector(vector: AIRVector) throws {
        #expect(vector.signing_key_seed_hex == hex(airVectorKey.seed))
        let claims = try AIRReceipt(parsing: vector.receipt).validateClaims()
        #expect(hex(claims.cbor.encoded()) == vector.payload_hex)
        #expect(try AIRReceipt.sign(claims: claims, key: airVectorKey).encoded() == vector.receipt)
    }

    @Test func tdxVectorPassesItsNoncePolicy() throws {
        let vector = AIRVector.load("valid/v1-tdx-with-nonce.json")
        let policy = AIRVerifyPolicy(expectedNonce: unhex("deadbeefcafebabe"), requireNonce: true)
        _ = try AIRReceipt.verify(vector.receipt, key: vector.verificationKey, policy: policy, now: vector.now)
    }

    // Each invalid vector fails with its expected code, in its expected layer.
    @Test(arguments: AIRVector.invalid)
    func invalidVectorFails(vector: AIRVector) throws {
        let want = try #require(vector.expected_failure)
        do {
            _ = try AIRReceipt.verify(vector.receipt, key: vector.verificationKey, policy: vector.policy, now: vector.now)
            Issue.record("\(vector.name) verified; expected \(want.code)")
        } catch {
            #expect(error.code.description == want.code, "\(vector.name): \(error)")
            #expect(AIRLayer(code: error.code)?.rawValue == want.layer, "\(vector.name): \(error)")
            print("AIR verdict \(vector.name): \(error.code) (layer \(AIRLayer(code: error.code)!.rawValue)): \(error.message)")
        }
    }

    // The layer-4 vectors are valid receipts: without their policy they pass layers 1–3.
    @Test(arguments: AIRVector.invalid.filter { $0.expected_failure?.layer == 4 })
    func policyVectorsPassWithoutPolicy(vector: AIRVector) throws {
        _ = try AIRReceipt.verify(vector.receipt, key: vector.verificationKey, now: vector.now)
    }

    @Test func staleDependsOnTheInjectedNow() throws {
        let vector = AIRVector.load("invalid/v1-stale-iat.json")
        let iat: UInt64 = 1_740_500_000
        // Exactly max_age old passes; one second more is stale.
        _ = try AIRReceipt.verify(vector.receipt, key: vector.verificationKey, policy: vector.policy, now: iat + 3600)
        #expect(throws: StatementsError(.timestampStale, "")) {
            try AIRReceipt.verify(vector.receipt, key: vector.verificationKey, policy: vector.policy, now: iat + 3601)
        }
        // In the future beyond the clock skew.
        let skewed = AIRVerifyPolicy(maximumAge: 3600, clockSkew: 60)
        _ = try AIRReceipt.verify(vector.receipt, key: vector.verificationKey, policy: skewed, now: iat - 60)
        #expect(throws: StatementsError(.timestampFuture, "")) {
            try AIRReceipt.verify(vector.receipt, key: vector.verificationKey, policy: skewed, now: iat - 61)
        }
    }

    @Test func otherPolicyFailures() throws {
        let nitro = AIRVector.load("valid/v1-nitro-no-nonce.json")
        let key = nitro.verificationKey
        #expect(throws: StatementsError(.nonceMissing, "")) {
            try AIRReceipt.verify(nitro.receipt, key: key, policy: AIRVerifyPolicy(requireNonce: true), now: nitro.now)
        }
        #expect(throws: StatementsError(.nonceMissing, "")) {
            try AIRReceipt.verify(nitro.receipt, key: key, policy: AIRVerifyPolicy(expectedNonce: [1, 2, 3, 4, 5, 6, 7, 8]), now: nitro.now)
        }
        #expect(throws: StatementsError(.modelIDMismatch, "")) {
            try AIRReceipt.verify(nitro.receipt, key: key, policy: AIRVerifyPolicy(expectedModelID: "llama-7b"), now: nitro.now)
        }
        let matching = AIRVerifyPolicy(
            expectedModelHash: try Hash(hex: String(repeating: "aa", count: 32)), expectedModelID: "minilm-l6-v2",
            expectedPlatform: .nitro)
        _ = try AIRReceipt.verify(nitro.receipt, key: key, policy: matching, now: nitro.now)
    }
}
