import CBOR
import CryptoPrimitives
import Merkle
import Statements
import Testing

@Suite struct InferenceReceiptStatementTests {
    let key = try! Ed25519PrivateKey(seed: [UInt8](repeating: 0x07, count: 32))

    @Test func signsAndReadsBackAsASignedStatement() throws {
        let claims = InferenceReceiptClaimsTests.full()
        let statement = try claims.signedStatement(key: key)
        let parsed = try SignedStatement(parsing: statement.encoded())
        #expect(parsed.issuer == claims.issuer)
        #expect(parsed.subject == claims.subject)
        #expect(parsed.contentType == InferenceReceiptClaims.contentType)
        #expect("\(InferenceReceiptClaims.contentType)"
            == "application/eat-ucs+cbor; eat_profile=\"https://receiptlog.dev/profile/inference-receipt/v1\"")
        try parsed.verifySignature(with: IssuerKey(name: claims.issuer, publicKey: key.publicKey))
        #expect(try InferenceReceiptClaims(statement: parsed) == claims)
    }

    @Test func refusesOtherContentTypesAndMismatchedIdentities() throws {
        let claims = InferenceReceiptClaimsTests.minimal()
        let payload = try claims.encoded()
        let json = try SignedStatement.sign(
            issuer: claims.issuer, subject: claims.subject, contentType: .mediaType("application/json"),
            payload: payload, key: key)
        #expect(throws: StatementsError(.wrongReceiptProfile, "")) { try InferenceReceiptClaims(statement: json) }
        let none = try SignedStatement.sign(
            issuer: claims.issuer, subject: claims.subject, contentType: nil, payload: payload, key: key)
        #expect(throws: StatementsError(.wrongReceiptProfile, "")) { try InferenceReceiptClaims(statement: none) }
        for (issuer, subject) in [("other.example", claims.subject), (claims.issuer, "other-subject")] {
            let statement = try SignedStatement.sign(
                issuer: issuer, subject: subject, contentType: InferenceReceiptClaims.contentType, payload: payload, key: key)
            #expect(throws: StatementsError(.badReceiptClaims, "")) { try InferenceReceiptClaims(statement: statement) }
        }
    }

    @Test func airOutputVerifiesAsAIRv1AndCarriesTheCommitments() throws {
        let claims = InferenceReceiptClaimsTests.full()
        let air = try claims.airClaims()
        let receipt = try AIRReceipt.sign(claims: air, key: key)
        let verified = try AIRReceipt.verify(receipt.encoded(), key: key.publicKey, now: claims.issuedAt)
        #expect(verified.requestHash.bytes == claims.commitment(for: .request)!.value)
        #expect(verified.responseHash.bytes == claims.commitment(for: .response)!.value)
        #expect(verified.modelHash == claims.modelHash)
        #expect(verified.modelHashScheme == .sha256Manifest)
        #expect(verified.nonce == claims.nonce)
        #expect(verified.measurements == claims.measurements)
        // An AIR v1 receipt is not an inference receipt: its profile differs.
        #expect(throws: StatementsError(.wrongReceiptProfile, "")) { try InferenceReceiptClaims(encoded: receipt.payload) }
    }

    @Test func airOutputNamesWhatIsMissing() {
        #expect {
            try InferenceReceiptClaimsTests.minimal().airClaims()
        } throws: { error in
            let e = error as! StatementsError
            return e.code == .badReceiptClaims && e.message.contains("attestation_doc_hash")
                && e.message.contains("enclave_measurements") && e.message.contains("security_mode")
        }
    }
}
