import CryptoPrimitives
import LogEngine
import Notes
import Testing

/// specs/http-api.md, "Witnessing": the witness file, lexed as every policy file is.
@Suite struct WitnessingPolicyFileTests {
    static let key = try! SignerKey.generate(name: "w1.example", type: .cosignatureV1).verifierKey.encoded

    static func message(_ text: String) -> String? {
        do {
            _ = try WitnessingPolicy(file: Array(text.utf8))
            return nil
        } catch {
            #expect(error.code == .badConfiguration)
            return error.message
        }
    }

    @Test func readsWitnessesCommentsAndTheQuorum() throws {
        let policy = try WitnessingPolicy(
            file: Array("# witnesses\n\nwitness w1 \(Self.key) https://w1.example/\nquorum all".utf8))
        #expect(policy.endpoints.map(\.url) == ["https://w1.example"])
        #expect(policy.policy.threshold == 1)
    }

    @Test(arguments: [
        ("tab", "witness\tw1 \(key) https://w1.example\nquorum 1\n", "witness policy line 1: a tab"),
        ("two spaces", "witness w1  \(key) https://w1.example\nquorum 1\n", "witness policy line 1: a witness line is"),
        ("trailing space", "witness w1 \(key) https://w1.example\nquorum 1 \n", "witness policy line 2: a value follows"),
        ("indented comment", "  # c\nwitness w1 \(key) https://w1.example\nquorum 1\n", "witness policy line 1: a line starts"),
        ("carriage return", "witness w1 \(key) https://w1.example\r\nquorum 1\n", "witness policy line 1: carriage return"),
        ("comment after a line", "witness w1 \(key) https://w1.example # w1\nquorum 1\n", "witness policy line 1: a witness line is"),
        ("quorum alone", "witness w1 \(key) https://w1.example\nquorum\n", "witness policy line 2: one quorum line"),
    ])
    func refusesLinesOfAnotherShape(_ name: String, _ text: String, _ prefix: String) {
        let message = Self.message(text)
        #expect(message?.hasPrefix(prefix) == true, "\(name): \(message ?? "accepted")")
    }

    @Test func aKeyOnlyLineSaysTheLogNeedsANameAndURL() {
        // The trust policy's form: a log cannot send checkpoints to a bare key.
        #expect(
            Self.message("witness \(Self.key)\nquorum 1\n")
                == "witness policy line 1: a log's witness line is `witness NAME VERIFIER-KEY URL`: the log must know where to send "
                + "checkpoints; this line has only a key (`witness VERIFIER-KEY` is the trust policy's form)")
        #expect(
            Self.message("witness w1 \(Self.key)\nquorum 1\n")
                == "witness policy line 1: a log's witness line is `witness NAME VERIFIER-KEY URL`: the log must know where to send "
                + "checkpoints; this line has no URL")
        // An auditor, which only checks cosignatures, reads a line without a URL.
        #expect((try? WitnessingPolicy(file: Array("witness w1 \(Self.key)\nquorum 1\n".utf8), requireURLs: false)) != nil)
    }

    @Test func aQuorumAboveTheWitnessesOrOfZeroIsExplained() {
        let three = (1...3).map { "witness w\($0) \(try! SignerKey.generate(name: "w\($0).example", type: .cosignatureV1).verifierKey.encoded) https://w\($0).example\n" }.joined()
        #expect(Self.message(three + "quorum 4\n") == "quorum 4 needs at least 4 witnesses; this file lists 3")
        let zero = Self.message(three + "quorum 0\n")
        #expect(zero?.hasPrefix("quorum 0 would publish checkpoints that no witness cosigned; a quorum is 1…3") == true, "\(zero ?? "accepted")")
        #expect(Self.message(three + "quorum most\n") == "the quorum is a number from 1 to 3, or all, not most")
    }

    @Test func wholeFileFaultsNameTheFile() {
        do {
            _ = try WitnessingPolicy(file: [0x71, 0xFF, 0x0A])
            Issue.record("accepted invalid UTF-8")
        } catch {
            #expect(error.message == "the witness policy is not valid UTF-8")
        }
    }
}
