import CBOR
import CryptoPrimitives
import Evidence
import Statements
import Testing

/// specs/statements.md step 17: evidence and collateral statements are checked at registration.
@Suite struct EvidenceRegistrationTests {
    let key = testKey(0x31)

    func policy() throws -> RegistrationPolicy {
        RegistrationPolicy(issuers: try IssuerList(keys: [try IssuerKey(name: "issuer.example", publicKey: key.publicKey)]))
    }

    func statement(_ contentType: String, _ payload: [UInt8]) throws -> [UInt8] {
        try SignedStatement.sign(
            issuer: "issuer.example", subject: "tee", contentType: .mediaType(contentType), payload: payload, key: key
        ).encoded()
    }

    @Test func wellFormedPayloadsRegister() throws {
        let evidence = try EvidenceStatementPayload(platform: "tdx", evidence: [1, 2, 3]).encoded()
        _ = try policy().check(try statement(EvidenceStatementPayload.contentType, evidence))
        let collateral = try CollateralStatementPayload(platform: "tdx", dcap: Array("{}".utf8)).encoded()
        _ = try policy().check(try statement(CollateralStatementPayload.contentType, collateral))
    }

    @Test func malformedPayloadsAreRefused() throws {
        let bad = CBOR.map([.text("platform"): .text("sgx"), .text("evidence"): .bytes([1])]).encoded()
        for type in [EvidenceStatementPayload.contentType, CollateralStatementPayload.contentType] {
            #expect(throws: StatementsError(.badEvidencePayload, "")) { try policy().check(try statement(type, bad)) }
            #expect(throws: StatementsError(.badEvidencePayload, "")) { try policy().check(try statement(type, [0xff])) }
        }
        // Another content type with the same payload is not checked.
        _ = try policy().check(try statement("application/octet-stream", bad))
    }
}
