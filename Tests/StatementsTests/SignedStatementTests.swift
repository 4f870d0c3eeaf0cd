import CBOR
import COSE
import CryptoPrimitives
import Testing
@testable import Statements

@Suite struct SignedStatementTests {
    let key = testKey(0x11)
    let issuer = "example.com/inference"

    @Test func signParseAndLeafRoundTrip() throws {
        let statement = try SignedStatement.sign(
            issuer: issuer, subject: "model:minilm-l6-v2", contentType: .mediaType("application/json"),
            payload: Array(#"{"ok":true}"#.utf8), key: key, additionalClaims: [.unsigned(6): .unsigned(1_740_500_000)])
        #expect(statement.issuer == issuer)
        #expect(statement.subject == "model:minilm-l6-v2")
        #expect(statement.contentType == .mediaType("application/json"))
        #expect(statement.payload == Array(#"{"ok":true}"#.utf8))
        #expect(statement.claims[.unsigned(6)] == .unsigned(1_740_500_000))
        #expect(statement.keyID == IssuerKey.keyID(name: issuer, publicKey: key.publicKey))
        // Without an unprotected header the statement is its own leaf.
        #expect(statement.encoded() == statement.leaf)
        let reparsed = try SignedStatement(parsing: statement.leaf)
        #expect(reparsed == statement)
        #expect(reparsed.encoded() == statement.leaf)
        try statement.verifySignature(with: IssuerKey(name: issuer, publicKey: key.publicKey))
    }

    @Test func leafDropsTheUnprotectedHeader() throws {
        let unprotected: [CBOR: CBOR] = [.text("note"): .text("not signed"), .unsigned(33): .bytes([1, 2, 3])]
        let with = try SignedStatement.sign(
            issuer: issuer, subject: "s", contentType: nil, payload: [1, 2, 3], key: key, unprotectedHeader: unprotected)
        let without = try SignedStatement.sign(issuer: issuer, subject: "s", contentType: nil, payload: [1, 2, 3], key: key)
        #expect(with.message.unprotectedHeader == unprotected)
        #expect(with.encoded() != with.leaf)
        #expect(with.leaf == without.leaf)
        #expect(with.contentType == nil)
        // encode(parse(leaf)) == leaf
        #expect(try SignedStatement(parsing: with.leaf).encoded() == with.leaf)
    }

    @Test func contentFormatNumbersAreKept() throws {
        let statement = try SignedStatement.sign(
            issuer: issuer, subject: "s", contentType: .contentFormat(60), payload: [0xA0], key: key)
        #expect(statement.contentType == .contentFormat(60))
        #expect(statement.contentType?.description == "60")
    }

    @Test func verifySignatureChecksNameKeyIDAndSignature() throws {
        let statement = try SignedStatement.sign(issuer: issuer, subject: "s", contentType: nil, payload: [1], key: key)
        let otherName = try IssuerKey(name: "other.example", publicKey: key.publicKey)
        #expect(throws: StatementsError(.unknownIssuer, "")) { try statement.verifySignature(with: otherName) }
        let otherKey = try IssuerKey(name: issuer, publicKey: testKey(0x12).publicKey)
        #expect(throws: StatementsError(.unknownKeyID, "")) { try statement.verifySignature(with: otherKey) }
    }

    @Test func signRefusesClaimsItSetsItself() {
        #expect(throws: StatementsError(.badCWTClaims, "")) {
            try SignedStatement.sign(
                issuer: issuer, subject: "s", contentType: nil, payload: [1], key: key,
                additionalClaims: [.unsigned(1): .text("someone else")])
        }
    }

    // The worked example of specs/statements.md: a fixed key and payload give these exact bytes
    // (Ed25519 signatures are deterministic), with and without an unprotected header.
    @Test func workedExampleOfTheSpec() throws {
        let statement = try SignedStatement.sign(
            issuer: "example.com/inference", subject: "model:minilm-l6-v2",
            contentType: .mediaType("application/json"), payload: Array(#"{"request":"sha256:bb"}"#.utf8),
            key: testKey(0x11), unprotectedHeader: [.text("note"): .text("dropped")])
        #expect(hex(statement.encoded()) == WorkedExample.statementHex)
        #expect(hex(statement.leaf) == WorkedExample.leafHex)
        #expect(try IssuerKey(name: "example.com/inference", publicKey: testKey(0x11).publicKey).verifierKey
            == WorkedExample.verifierKey)
    }
}

/// The worked example printed in specs/statements.md.
enum WorkedExample {
    static let verifierKey = "example.com/inference+57dc5210+AdBKsjJ0K7SrOhNovUYV5ObQIkq3GgFrr4UgozLJd4c3"
    static let statementHex =
            "d2845848a4012703706170706c69636174696f6e2f6a736f6e044457dc52100fa201756578616d706c652e636f6d2f69"
        + "6e666572656e636502726d6f64656c3a6d696e696c6d2d6c362d7632a1646e6f74656764726f70706564577b22726571"
        + "75657374223a227368613235363a6262227d58403cbf0544deb1db4066c2fb2fcd2b862bee8a00028ffdbda02bb74fc9"
        + "e5749a5bef2f3ff149a2535b2ccc9f4a0b4866aae936ab8314c80154dbed11650cdec100"
    static let leafHex =
            "d2845848a4012703706170706c69636174696f6e2f6a736f6e044457dc52100fa201756578616d706c652e636f6d2f69"
        + "6e666572656e636502726d6f64656c3a6d696e696c6d2d6c362d7632a0577b2272657175657374223a22736861323536"
        + "3a6262227d58403cbf0544deb1db4066c2fb2fcd2b862bee8a00028ffdbda02bb74fc9e5749a5bef2f3ff149a2535b2c"
        + "cc9f4a0b4866aae936ab8314c80154dbed11650cdec100"
}
