import CryptoPrimitives
import Evidence
import Foundation
import Issuance
import ModelDirectory
import Notes
import Statements
import Testing

/// Issues receipts through the library, without the CLI, and checks that they register under
/// the issuer's key and that their salts open their commitments.
@Suite struct ReceiptIssuerTests {
    let key = try! SignerKey.generate(name: "issuer.example", type: .ed25519)
    let request = Array("{\"prompt\":\"hello\"}".utf8)
    let response = Array("{\"text\":\"hi\"}".utf8)
    let parameters = Array("{\"temperature\":0}".utf8)
    let modelHash = String(repeating: "ab", count: 32)

    /// A request with data in memory and the model digest given as a hash.
    func baseRequest(format: IssuanceRequest.Format = .signedStatement) -> IssuanceRequest {
        var claims = ClaimsFile()
        claims.model_hash_hex = modelHash
        claims.model_hash_scheme = "sha256-manifest"
        var r = IssuanceRequest(issuerKey: key, subject: "inference/1", claims: claims, now: 1_700_000_000, format: format)
        r.modelID = "model-a"
        r.modelVersion = "1.0"
        r.request = .bytes(request, name: "request")
        r.response = .bytes(response, name: "response")
        return r
    }

    func policy() throws -> RegistrationPolicy {
        RegistrationPolicy(issuers: try IssuerList(keys: [try IssuerKey(name: key.name, publicKey: key.privateKey.publicKey)]))
    }

    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "issuance-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func issuedStatementRegistersAndOpens() throws {
        var r = baseRequest()
        r.parameters = .bytes(parameters, name: "parameters")
        let issued = try ReceiptIssuer.issue(r)

        let registration = try policy().check(issued.bytes)
        guard case .signedStatement(let statement) = registration.form else {
            Issue.record("registered as \(registration.form), not a signed statement")
            return
        }
        #expect(statement.issuer == "issuer.example")
        #expect(statement.subject == "inference/1")
        let claims = try InferenceReceiptClaims(statement: statement)
        #expect(claims.modelID == "model-a")
        #expect(claims.issuedAt == 1_700_000_000)
        #expect(claims.modelHash.hex == modelHash)
        #expect(Set(issued.salts.keys) == ["request", "response", "parameters"])
        for (field, data) in [(CommitmentField.request, request), (.response, response), (.parameters, parameters)] {
            let commitment = try #require(claims.commitment(for: field))
            try commitment.open(field: field, salt: try #require(issued.salts[field.name]), data: data)
            #expect(throws: StatementsError.self) { try commitment.open(field: field, salt: issued.salts[field.name]!, data: data + [0]) }
        }
        #expect(issued.saltsFile.statement_sha256 == Hex.encode(SHA256.digest(issued.bytes)))
        #expect(issued.saltsFile.scheme == "hmac-sha256-v1")
        #expect(issued.manifest == nil)
    }

    @Test func givenSaltsAndIdentifiersGiveTheSameBytes() throws {
        var r = baseRequest()
        let salts = ["request": [UInt8](repeating: 1, count: 32), "response": [UInt8](repeating: 2, count: 32)]
        r.salts = .given(salts)
        r.cwtID = [UInt8](repeating: 7, count: 16)
        r.issuedAt = 42
        let first = try ReceiptIssuer.issue(r)
        let second = try ReceiptIssuer.issue(r)
        #expect(first.bytes == second.bytes)
        #expect(first.salts == salts)
        #expect(first.claims.issuedAt == 42)
        #expect(first.claims.cwtID == [UInt8](repeating: 7, count: 16))
        let expected = try Commitment.commit(to: request, field: .request, salt: salts["request"]!)
        #expect(first.claims.commitment(for: .request) == expected)
    }

    @Test func modelDirectoryAndFilesFromClaims() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/model", withIntermediateDirectories: true)
        try Data("weights".utf8).write(to: URL(fileURLWithPath: dir + "/model/weights.bin"))
        try Data(request).write(to: URL(fileURLWithPath: dir + "/request.json"))
        try Data(response).write(to: URL(fileURLWithPath: dir + "/response.json"))
        let claimsText = """
            {"model_id": "model-b", "model_version": "2", "request_file": "request.json",
             "response_file": "response.json", "iat": 1000, "project": "p"}
            """
        let claims = try ClaimsFile(decoding: Array(claimsText.utf8), path: "claims.json")
        var r = IssuanceRequest(issuerKey: key, subject: "s", claims: claims, claimsDirectory: dir, now: 5)
        r.modelDirectory = dir + "/model"
        var progressCalls = 0
        r.modelHashingProgress = { _ in progressCalls += 1 }
        let issued = try ReceiptIssuer.issue(r)

        _ = try policy().check(issued.bytes)
        let manifest = try #require(issued.manifest)
        #expect(manifest.digest == (try ModelManifest.hashing(directory: dir + "/model")).digest)
        #expect(issued.claims.modelHash == manifest.digest)
        #expect(issued.claims.issuedAt == 1000)
        #expect(issued.claims.project == "p")
        #expect(progressCalls > 0)

        // The salts file written next to the statement opens its commitments.
        let saltsPath = dir + "/receipt.salts.json"
        try Data(issued.saltsFile.encoded()).write(to: URL(fileURLWithPath: saltsPath))
        let salt = try SaltsFile.salt(from: saltsPath, field: .response, scheme: .hmacSHA256v1, statement: issued.bytes)
        try #require(issued.claims.commitment(for: .response)).open(field: .response, salt: salt, data: response)
        #expect(throws: IssuanceError(.badSalts, "")) {
            try SaltsFile.salt(from: saltsPath, field: .response, scheme: .hmacSHA256v1, statement: issued.bytes + [0])
        }
    }

    @Test func airReceiptRegisters() throws {
        var r = baseRequest(format: .air)
        r.claims.attestation_doc_hash_hex = String(repeating: "88", count: 32)
        r.claims.enclave_measurements = ClaimsFile.Measurements(
            measurement_type: "tdx-mrtd-rtmr", pcr0_hex: String(repeating: "10", count: 48),
            pcr1_hex: String(repeating: "20", count: 48), pcr2_hex: String(repeating: "30", count: 48))
        r.claims.policy_version = "p1"
        r.claims.sequence_number = 3
        r.claims.execution_time_ms = 20
        r.claims.memory_peak_mb = 512
        r.claims.security_mode = "ShieldMode"
        let issued = try ReceiptIssuer.issue(r)
        let registration = try policy().check(issued.bytes)
        guard case .airReceipt = registration.form else {
            Issue.record("registered as \(registration.form), not an AIR v1 receipt")
            return
        }
        let claims = try #require(registration.airClaims)
        let commitment = try Commitment(scheme: .hmacSHA256v1, field: .request, value: claims.requestHash.bytes)
        try commitment.open(field: .request, salt: try #require(issued.salts["request"]), data: request)
    }

    @Test func evidenceStatementIsReferenced() throws {
        let evidence = [UInt8](repeating: 0x5A, count: 100)
        let payload = try EvidenceStatementPayload(platform: "sev-snp", evidence: evidence).encoded()
        let statement = try SignedStatement.sign(
            issuer: key.name, subject: "tee-evidence/sev-snp", contentType: .mediaType(EvidenceStatementPayload.contentType),
            payload: payload, key: key.privateKey
        ).encoded()
        var r = baseRequest()
        r.evidenceStatements = [.bytes(statement, name: "evidence.cose")]
        r.keyBinding = "report-data-sha512-pubkey"
        let issued = try ReceiptIssuer.issue(r)
        let claims = try InferenceReceiptClaims(statement: try SignedStatement(parsing: issued.bytes))
        #expect(claims.evidence.map(\.kind) == ["sev-snp-report"])
        #expect(claims.evidence.first?.digest.hex == Hex.encode(SHA256.digest(evidence)))
        #expect(claims.keyBinding == "report-data-sha512-pubkey")

        r.evidenceStatements = [.bytes(issued.bytes, name: "receipt.cose")]
        #expect(throws: IssuanceError(.badEvidenceStatement, "")) { try ReceiptIssuer.issue(r) }
    }

    @Test func errorsCarryACodeAndTheCommandsMessage() throws {
        var r = baseRequest()
        r.request = nil
        expect(r, .missingInput, "give the request to commit to with --request FILE or request_file in --claims")

        r = baseRequest()
        let salt = [UInt8](repeating: 1, count: 32)
        r.salts = .given(["request": salt, "response": salt, "parameters": salt])
        expect(r, .badSalts, "--salts: unknown field parameters; this statement commits to request, response")

        r = baseRequest(format: .air)
        r.parameters = .bytes(parameters, name: "parameters")
        expect(r, .conflictingInputs, "AIR v1 has no claim for a parameters commitment; drop --parameters or --air")

        r = baseRequest()
        r.modelDirectory = "/nonexistent"
        expect(r, .conflictingInputs, "give the model digest once: --model-dir or model_hash_hex in --claims, not both")

        r = baseRequest()
        r.request = .file("/nonexistent/request.json")
        expect(r, .unreadableInput, "cannot read request file /nonexistent/request.json: No such file or directory")

        r = baseRequest()
        r.request = .bytes([UInt8](repeating: 0, count: ReceiptIssuer.maxDataCount + 1), name: "big")
        expect(r, .unreadableInput, "request file big is larger than \(ReceiptIssuer.maxDataCount) bytes")

        r = baseRequest()
        r.claims.cti_hex = "zz"
        expect(r, .badClaim, "cti_hex is not hex")

        r = baseRequest()
        r.issuerKey = try SignerKey.generate(name: "witness.example", type: .cosignatureV1)
        expect(r, .wrongKeyType, nil)
    }

    @Test func filesAreReadWithALimit() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/salts.json"
        try Data(repeating: 0x20, count: SaltsFile.maxCount + 1).write(to: URL(fileURLWithPath: path))
        do {
            _ = try SaltsFile.given(from: path)
            Issue.record("a salts file past its limit was read")
        } catch {
            #expect(error.code == .unreadableInput)
            #expect(error.message == "salts file \(path) is larger than \(SaltsFile.maxCount) bytes")
        }
        var r = baseRequest()
        r.salts = .file(path)
        expect(r, .unreadableInput, "salts file \(path) is larger than \(SaltsFile.maxCount) bytes")
    }

    @Test func claimsFileIsStrict() {
        #expect(throws: IssuanceError(.badClaimsFile, "")) { try ClaimsFile(decoding: Array("[]".utf8), path: "c") }
        do {
            _ = try ClaimsFile(decoding: Array("{\"iss\": \"x\"}".utf8), path: "c.json")
            Issue.record("an unknown claim was accepted")
        } catch {
            #expect(error.message == "c.json: unknown claim iss (iss is the key's name, sub is --subject)")
        }
        do {
            _ = try ClaimsFile(decoding: Array("{\"iat\": \"soon\"}".utf8), path: "c.json")
            Issue.record("a claim of the wrong type was accepted")
        } catch {
            #expect(error.code == .badClaimsFile)
            #expect(error.message == "c.json: iat has the wrong type")
        }
    }

    func expect(_ request: IssuanceRequest, _ code: IssuanceError.Code, _ message: String?, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try ReceiptIssuer.issue(request)
            Issue.record("issued; expected \(code)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, sourceLocation: sourceLocation)
            if let message { #expect(error.message == message, sourceLocation: sourceLocation) }
        }
    }
}
