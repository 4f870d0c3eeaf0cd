import Merkle
import Notes
import PropertyBased
import Testing
@testable import WitnessEngine
import WitnessTestSupport

/// The add-checkpoint body parser: canonical, bounded, strict (c2sp.org/tlog-witness
/// §add-checkpoint).
@Suite struct AddCheckpointRequestTests {
    static let log = TestLog(size: 20)

    /// The spec's example body parses and re-encodes to the same bytes.
    @Test func specExampleShapeRoundTrips() throws {
        let body = Self.log.request(old: 7, new: 20).encoded
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.hasPrefix("old 7\n"))
        let parsed = try AddCheckpointRequest(parsing: body)
        #expect(parsed.oldSize == 7)
        #expect(parsed.proof == Self.log.proof(from: 7, to: 20))
        #expect(parsed.checkpoint == Self.log.checkpoint(size: 20))
        #expect(parsed.encoded == body)
    }

    @Test func roundTripsForEveryProofLength() async {
        let hash = Gen.uint8().array(of: 32).map { try! Hash(bytes: $0) }
        await propertyCheck(count: 60, input: Gen.uint64(), hash.array(of: 0...63)) { old, proof throws in
            let request = try AddCheckpointRequest(oldSize: old, proof: proof, note: Self.log.note(size: 20))
            let parsed = try AddCheckpointRequest(parsing: request.encoded)
            #expect(parsed == request)
            #expect(parsed.encoded == request.encoded)
        }
    }

    /// Every malformed variant of a valid body is refused as malformed.
    @Test(arguments: Self.malformedBodies())
    func refusesMalformed(_ variant: Variant) {
        #expect(throws: WitnessEngineError(.malformedBody, "")) {
            try AddCheckpointRequest(parsing: Array(variant.body.utf8))
        }
    }

    struct Variant: CustomTestStringConvertible, Sendable {
        let name: String
        let body: String
        var testDescription: String { name }
    }

    static func malformedBodies() -> [Variant] {
        let note = String(decoding: log.note(size: 20).encoded, as: UTF8.self)
        let hash = Base64.encode(Hash.leaf([1]).bytes)
        let proof = log.proof(from: 7, to: 20).map { Base64.encode($0.bytes) + "\n" }.joined()
        let good = "old 7\n" + proof + "\n" + note
        return [
            Variant(name: "trailing data after the note", body: good + "x"),
            Variant(name: "trailing newline after the note", body: good + "\n"),
            Variant(name: "64 proof lines", body: "old 7\n" + String(repeating: hash + "\n", count: 64) + "\n" + note),
            Variant(name: "bad base64 proof line", body: "old 7\n" + "not base64!\n\n" + note),
            Variant(name: "non-canonical base64", body: "old 7\n" + String(hash.dropLast()) + "9\n\n" + note),
            Variant(name: "31-byte proof hash", body: "old 7\n" + Base64.encode([UInt8](repeating: 1, count: 31)) + "\n\n" + note),
            Variant(name: "missing blank line", body: "old 7\n" + proof + note),
            Variant(name: "no newline at all", body: "old 7"),
            Variant(name: "empty body", body: ""),
            Variant(name: "leading zero", body: "old 07\n\n" + note),
            Variant(name: "negative", body: "old -7\n\n" + note),
            Variant(name: "two spaces", body: "old  7\n\n" + note),
            Variant(name: "no size", body: "old \n\n" + note),
            Variant(name: "upper case", body: "OLD 7\n\n" + note),
            Variant(name: "2^64", body: "old 18446744073709551616\n\n" + note),
            Variant(name: "carriage return", body: "old 7\r\n\n" + note),
            Variant(name: "CRLF proof line", body: "old 7\n" + hash + "\r\n\n" + note),
            Variant(name: "unsigned checkpoint", body: "old 7\n\n" + log.checkpoint(size: 20).text),
            Variant(name: "note text not a checkpoint", body: "old 0\n\nhello\n\n" + note.split(separator: "\n\n")[1]),
            Variant(name: "oversized", body: "old 0\n\n" + String(repeating: "a", count: AddCheckpointRequest.maxCount)),
        ]
    }

    @Test func largestCanonicalOldSizeParses() throws {
        let body = "old 18446744073709551615\n\n" + String(decoding: Self.log.note(size: 20).encoded, as: UTF8.self)
        #expect(try AddCheckpointRequest(parsing: Array(body.utf8)).oldSize == UInt64.max)
        #expect(try AddCheckpointRequest(parsing: Array(("old 0\n\n" + body.split(separator: "\n\n", maxSplits: 1)[1]).utf8)).oldSize == 0)
    }

    @Test func initRefusesTooManyHashes() {
        #expect(throws: WitnessEngineError(.malformedBody, "")) {
            try AddCheckpointRequest(
                oldSize: 1, proof: [Hash](repeating: Hash.zero, count: 64), note: Self.log.note(size: 20))
        }
    }

    /// Property: any byte flip either still parses canonically or is refused as malformed; never
    /// anything else.
    @Test func mutationsParseCanonicallyOrFailMalformed() async {
        let body = Self.log.request(old: 7, new: 20).encoded
        await propertyCheck(count: 300, input: Gen.int(in: 0...(body.count - 1)), Gen.uint8()) { index, byte in
            var mutated = body
            mutated[index] = byte
            do {
                let parsed = try AddCheckpointRequest(parsing: mutated)
                #expect(parsed.encoded == mutated)
            } catch let error as WitnessEngineError {
                #expect(error.code == .malformedBody)
            }
        }
    }
}
