import Foundation
import HTTPTestSupport
import Testing

/// `receiptlog issue --salts FILE` (specs/receipt-profile.md §Issuing): given salts replace fresh
/// ones, so the same inputs, iat, cti and salts give the same statement byte for byte.
@Suite struct IssueSaltsOptionTests {
    typealias F = IssuerFixture
    typealias Setup = IssueCommandTests.Setup

    /// The salt 0x01…0x20 of the specification's commitment example.
    static let exampleSalt = (1...32).map { String(format: "%02x", $0) }.joined()

    static func saltsJSON(_ salts: [String: String]) -> String {
        "{" + salts.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \"\($0.value)\"" }.joined(separator: ", ") + "}"
    }

    /// The flags of a deterministic statement: iat and cti from the claims file, salts from `salts`.
    static func flags(_ s: Setup, salts: String) throws -> [String] {
        let claims = try F.write(
            "{\"iat\": 1767225600, \"cti_hex\": \"101112131415161718191a1b1c1d1e1f\"}", "claims.json", in: s.root)
        return s.flags + ["--claims", claims, "--salts", salts]
    }

    @Test func givenSaltsMakeTheStatementReproducibleAndAreWrittenToTheSaltsFile() throws {
        let s = try Setup()
        defer { try? FileManager.default.removeItem(at: s.root) }
        let given = [
            "request": Self.exampleSalt, "response": String(repeating: "ab", count: 32),
            "parameters": String(repeating: "0c", count: 32),
        ]
        let salts = try F.write(Self.saltsJSON(given), "given-salts.json", in: s.root)
        let first = try s.issue(try Self.flags(s, salts: salts), out: "first.cose")
        #expect(first.status == 0, "\(first.stderr)")
        let second = try s.issue(try Self.flags(s, salts: salts), out: "second.cose")
        #expect(second.status == 0, "\(second.stderr)")
        let a = try [UInt8](Data(contentsOf: s.root.appendingPathComponent("first.cose")))
        let b = try [UInt8](Data(contentsOf: s.root.appendingPathComponent("second.cose")))
        #expect(a == b)

        // The request commitment is the specification's example value for salt 0x01…0x20.
        let hex = a.map { String(format: "%02x", $0) }.joined()
        #expect(hex.contains("7426f47dbe893121858c78ef94f3e2e8cc32abb17fb06a03ad095eb69a7adede"))

        let written = try JSONSerialization.jsonObject(
            with: Data(contentsOf: s.root.appendingPathComponent("first.cose.salts.json"))) as! [String: Any]
        #expect(written["salts"] as? [String: String] == given)
        for (field, data) in [("request", "request.txt"), ("response", "response.txt"), ("parameters", "parameters.json")] {
            let opened = try s.open(field, data: data, statement: "first.cose")
            #expect(opened.status == 0, "\(field): \(opened.stderr)")
        }

        // Without --salts the salts are fresh, so the statement differs.
        let fresh = try s.issue(s.flags + ["--claims", s.path("claims.json")], out: "fresh.cose")
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(try [UInt8](Data(contentsOf: s.root.appendingPathComponent("fresh.cose"))) != a)
    }

    @Test func refusesBadSaltsWithOneLine() throws {
        let s = try Setup()
        defer { try? FileManager.default.removeItem(at: s.root) }
        let good = Self.exampleSalt
        let cases: [(String, String)] = [
            (Self.saltsJSON(["request": good, "response": String(good.prefix(32)), "parameters": good]),
             "the response salt is 16 bytes; a hmac-sha256-v1 salt is 32 bytes (64 hex digits)"),
            (Self.saltsJSON(["request": good, "response": good, "parameters": good, "tools": good]),
             "unknown field tools; this statement commits to parameters, request, response"),
            (Self.saltsJSON(["request": good, "response": good]), "has no salt for parameters"),
            (Self.saltsJSON(["request": good, "response": "zz" + String(good.dropFirst(2)), "parameters": good]),
             "the response salt is not a string of hex digits"),
            (Self.saltsJSON(["Request": good]), "unknown field \"Request\""),
            ("[\"\(good)\"]", "is not a JSON object of field names to hex salts"),
            ("{", "is not JSON"),
        ]
        for (index, (json, fragment)) in cases.enumerated() {
            let salts = try F.write(json, "salts-\(index).json", in: s.root)
            let out = "refused-\(index).cose"
            F.expectOneLineError(try s.issue(try Self.flags(s, salts: salts), out: out), fragment)
            #expect(!FileManager.default.fileExists(atPath: s.path(out)))
        }

        // A salt for a field the statement does not commit to: no --parameters here.
        let salts = try F.write(Self.saltsJSON(["request": good, "response": good, "parameters": good]), "extra.json", in: s.root)
        let withoutParameters = Array(try Self.flags(s, salts: salts).filter { $0 != "--parameters" && $0 != s.path("parameters.json") })
        F.expectOneLineError(
            try s.issue(withoutParameters, out: "no-parameters.cose"),
            "unknown field parameters; this statement commits to request, response")
    }
}
