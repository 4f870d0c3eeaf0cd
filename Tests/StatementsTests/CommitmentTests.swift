import Testing
import Statements

@Suite struct CommitmentTests {
    let salt = [UInt8](1...32)

    // Known answers computed with Python's hmac module:
    // hmac.new(salt, b"receiptlog/commitment/v1" + field + b"\0" + data, sha256).
    @Test func knownAnswers() throws {
        let request = try Commitment.commit(to: Array("hello".utf8), field: .request, salt: salt)
        #expect(ProfileTestSupport.hex(request.value) == "462b523f1098e134e0ba28c23f66d0acbb0cd0e1c42d020c536d65a496e3e513")
        #expect(request.scheme.name == "hmac-sha256-v1")
        #expect(request.field == .request)
        let parameters = try Commitment.commit(to: [UInt8](), field: .parameters, salt: salt)
        #expect(ProfileTestSupport.hex(parameters.value) == "34becc61ca872f49f48b309c1bdfb6793acd5e478a8a475c042ca289a97e9b07")
    }

    @Test func freshCommitmentOpensWithItsSaltAndData() throws {
        let data = Array("What is the capital of France?".utf8)
        let (commitment, salt) = Commitment.commit(to: data, field: .request)
        #expect(salt.count == 32)
        try commitment.open(field: .request, salt: salt, data: data)
        // The same data committed twice gets different salts and different values.
        let (again, otherSalt) = Commitment.commit(to: data, field: .request)
        #expect(otherSalt != salt)
        #expect(again.value != commitment.value)
    }

    @Test func refusesWrongSalt() throws {
        let data = Array("prompt".utf8)
        let commitment = try Commitment.commit(to: data, field: .request, salt: salt)
        var wrong = salt
        wrong[31] ^= 1
        #expect(throws: StatementsError(.commitmentMismatch, "")) {
            try commitment.open(field: .request, salt: wrong, data: data)
        }
        #expect(throws: StatementsError(.badSaltLength, "")) {
            try commitment.open(field: .request, salt: salt.dropLast(), data: data)
        }
        #expect(throws: StatementsError(.badSaltLength, "")) {
            try commitment.open(field: .request, salt: salt + [0], data: data)
        }
        #expect(throws: StatementsError(.badSaltLength, "")) {
            try Commitment.commit(to: data, field: .request, salt: [UInt8](repeating: 7, count: 16))
        }
    }

    @Test func refusesWrongBytes() throws {
        let data = Array("prompt".utf8)
        let commitment = try Commitment.commit(to: data, field: .response, salt: salt)
        for wrong in [Array("prompT".utf8), Array("prompt ".utf8), Array("promp".utf8), []] {
            #expect(throws: StatementsError(.commitmentMismatch, "")) {
                try commitment.open(field: .response, salt: salt, data: wrong)
            }
        }
    }

    @Test func refusesWrongField() throws {
        let data = Array("{\"temperature\":0.2}".utf8)
        let commitment = try Commitment.commit(to: data, field: .parameters, salt: salt)
        #expect(throws: StatementsError(.wrongCommitmentField, "")) {
            try commitment.open(field: .request, salt: salt, data: data)
        }
        // A value computed for one field does not open as another, even when relabelled.
        let relabelled = try Commitment(scheme: .hmacSHA256v1, field: .request, value: commitment.value)
        #expect(throws: StatementsError(.commitmentMismatch, "")) {
            try relabelled.open(field: .request, salt: salt, data: data)
        }
    }

    @Test func fieldSeparatorPreventsShifting() throws {
        // "request" ‖ 0x00 ‖ "x" must differ from a field "requestx" over the empty string.
        let a = try Commitment.commit(to: Array("x".utf8), field: .request, salt: salt)
        let b = try Commitment.commit(to: [], field: CommitmentField("requestx"), salt: salt)
        #expect(a.value != b.value)
    }

    @Test func unknownSchemeFailsClosed() {
        for name in ["", "hmac-sha256-v2", "HMAC-SHA256-V1", "sha256", "hmac-sha256-v1 "] {
            #expect(throws: StatementsError(.unknownCommitmentScheme, "")) { try CommitmentScheme(name: name) }
        }
        #expect((try? CommitmentScheme(name: "hmac-sha256-v1")) == .hmacSHA256v1)
    }

    @Test func fieldNamesAreValidated() throws {
        for bad in ["", "Request", "re quest", "a\u{0}b", "é", String(repeating: "a", count: 65)] {
            #expect(throws: StatementsError(.badCommitmentField, "")) { try CommitmentField(bad) }
        }
        #expect(try CommitmentField("tool_calls.v2-a") .name == "tool_calls.v2-a")
        #expect(try CommitmentField(String(repeating: "z", count: 64)).name.count == 64)
    }

    @Test func valueLengthIsChecked() {
        #expect(throws: StatementsError(.badCommitmentLength, "")) {
            try Commitment(scheme: .hmacSHA256v1, field: .request, value: [UInt8](repeating: 0, count: 31))
        }
    }
}
