import CryptoPrimitives
import Foundation
import Testing
@testable import Statements

/// The `vkey` and `bad-vkey` lines of a Tests/Vectors/c2sp file.
private func c2spLines(_ file: String, _ prefix: String) -> [String] {
    let url = vectorsDirectory.appendingPathComponent("c2sp").appendingPathComponent(file)
    let text = try! String(contentsOf: url, encoding: .utf8)
    return text.split(separator: "\n").filter { $0.hasPrefix(prefix + " ") }.map { String($0.dropFirst(prefix.count + 1)) }
}

private func expectListError(_ text: String, contains fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try IssuerList(file: Array(text.utf8))
        Issue.record("the issuer list was accepted", sourceLocation: sourceLocation)
    } catch {
        #expect(error.code == .badIssuerList, sourceLocation: sourceLocation)
        #expect(error.message.contains(fragment), "message: \(error.message)", sourceLocation: sourceLocation)
    }
}

@Suite struct IssuerKeyTests {
    // The C2SP signed-note example and the Go x/mod note keys: Ed25519 verifier keys whose key IDs
    // were computed by other implementations.
    @Test func parsesPublishedVerifierKeys() throws {
        let lines = c2spLines("signed-note-c2sp-example.txt", "vkey") + c2spLines("signed-note-xmod-example.txt", "vkey")
        #expect(lines.count == 3)
        for line in lines {
            let key = try IssuerKey(verifierKey: line)
            #expect(key.verifierKey == line)
            #expect(key.keyID == IssuerKey.keyID(name: key.name, publicKey: key.publicKey))
        }
        let peter = try IssuerKey(verifierKey: lines[1])
        #expect(peter.name == "PeterNeumann")
        #expect(peter.keyID == 0xc74f_20a3)
        #expect(peter.keyIDBytes == [0xc7, 0x4f, 0x20, 0xa3])
    }

    @Test func rejectsTheGoTestsBadKeys() {
        let bad = c2spLines("signed-note-xmod-example.txt", "bad-vkey")
        #expect(bad.count == 2)
        for line in bad {
            #expect(throws: StatementsError(.badIssuerList, "")) { try IssuerKey(verifierKey: line) }
        }
    }

    // Witness keys are cosignature/v1 keys (type 0x04), not issuer keys.
    @Test func rejectsOtherSignatureTypes() {
        for line in c2spLines("real-cosigned-checkpoint.txt", "witness-vkey") {
            do {
                _ = try IssuerKey(verifierKey: line)
                Issue.record("accepted \(line)")
            } catch {
                #expect(error.message.contains("only Ed25519"), "\(error.message)")
            }
        }
    }

    @Test func keyIDIsTheSignedNoteKeyHash() throws {
        let key = testKey(7)
        var input = Array("example.com/issuer".utf8) + [0x0A, 0x01]
        input += key.publicKey.bytes
        let digest = SHA256.digest(input)
        let issuer = try IssuerKey(name: "example.com/issuer", publicKey: key.publicKey)
        #expect(issuer.keyIDBytes == Array(digest[0..<4]))
    }

    @Test(arguments: [
        ("", "is empty"), ("a b", "contains a space"), ("a+b", "contains a plus sign"),
        ("a\u{00A0}b", "contains a space"), ("a\u{7}b", "contains a control character"),
        (String(repeating: "x", count: 8193), "8193 characters long"),
    ])
    func rejectsBadNames(name: String, problem: String) {
        do {
            _ = try IssuerKey(name: name, publicKey: testKey(1).publicKey)
            Issue.record("accepted the name \(name.debugDescription)")
        } catch {
            #expect(error.code == .badIssuerList)
            #expect(error.message.contains(problem), "\(error.message)")
        }
    }

    @Test func acceptsLongestName() throws {
        let name = String(repeating: "é", count: 8192)
        let key = try IssuerKey(name: name, publicKey: testKey(1).publicKey)
        #expect(try IssuerKey(verifierKey: key.verifierKey) == key)
    }

    // Strict canonical parsing: each variant of a good key is refused, with a message that says why.
    @Test func rejectsNonCanonicalVerifierKeys() throws {
        let good = try IssuerKey(name: "example.com/i", publicKey: testKey(2).publicKey).verifierKey
        let parts = good.split(separator: "+", maxSplits: 2).map(String.init)
        let (name, id, key) = (parts[0], parts[1], parts[2])
        let cases: [(String, String)] = [
            ("\(name)+\(id.uppercased())+\(key)", "lower-case hexadecimal"),
            ("\(name)+\(id.dropLast())+\(key)", "8 hexadecimal digits"),
            ("\(name)+00000000+\(key)", "does not match the key"),
            ("\(name)+\(id)+\(key.dropLast())", "not canonical base64"),
            ("\(name)+\(id)", "<name>+<key ID>+<base64 key>"),
            ("other.example+\(id)+\(key)", "does not match the key"),
            ("\(name)+\(id)+\(key.dropLast(2))B=", "not canonical base64"),
            ("\(name)+\(id)+\(key)AAAA", "1 + 32 bytes"),
        ]
        for (line, fragment) in cases {
            do {
                _ = try IssuerKey(verifierKey: line)
                Issue.record("accepted \(line)")
            } catch {
                #expect(error.code == .badIssuerList)
                #expect(error.message.contains(fragment), "\(line): \(error.message)")
            }
        }
    }

}

@Suite struct IssuerListTests {
    let a1 = try! IssuerKey(name: "a.example", publicKey: testKey(1).publicKey)
    let a2 = try! IssuerKey(name: "a.example", publicKey: testKey(2).publicKey)
    let b1 = try! IssuerKey(name: "b.example", publicKey: testKey(3).publicKey)

    @Test func parsesCommentsBlankLinesAndSurroundingSpace() throws {
        let text = """
            # issuers

            \(a1.verifierKey)
              \t# indented comment
            \t\(a2.verifierKey)  \n\(b1.verifierKey)
            """
        let list = try IssuerList(file: Array(text.utf8))
        #expect(list.keys == [a1, a2, b1])
        #expect(list.keys(of: "a.example") == [a1, a2])
        #expect(list.key(of: "a.example", keyID: a2.keyID) == a2)
        #expect(list.key(of: "a.example", keyID: b1.keyID) == nil)
        #expect(list.key(of: "c.example", keyID: a1.keyID) == nil)
        #expect(list.contains(issuer: "b.example"))
        #expect(!list.contains(issuer: "B.example"))
        #expect(try IssuerList(file: Array(list.file.utf8)).keys == list.keys)
    }

    @Test func emptyFileIsAnEmptyList() throws {
        #expect(try IssuerList(file: [UInt8]()).keys.isEmpty)
        #expect(try IssuerList(file: Array("# nothing\n\n".utf8)).keys.isEmpty)
    }

    @Test func duplicatesNameBothLines() {
        expectListError("\(a1.verifierKey)\n# c\n\(b1.verifierKey)\n\n\(a1.verifierKey)\n", contains: "line 5 repeats line 1")
    }

    @Test func keyOfTwoIssuersIsRejected() throws {
        let stolen = try IssuerKey(name: "b.example", publicKey: testKey(1).publicKey)
        expectListError("\(a1.verifierKey)\n\(stolen.verifierKey)\n", contains: "line 2 gives issuer \"b.example\" the key of issuer \"a.example\" (line 1)")
        #expect(throws: StatementsError(.badIssuerList, "")) { try IssuerList(keys: [a1, stolen]) }
    }

    @Test func malformedLineIsNamedByNumber() {
        expectListError("# one\n\(a1.verifierKey)\nnot a key\n", contains: "line 3: ")
        expectListError("\(a1.verifierKey)\n\(a2.verifierKey)x\n", contains: "line 2: ")
        expectListError("\(a1.verifierKey) # trailing comment\n", contains: "line 1: ")
    }

    @Test func carriageReturnIsRejectedWithItsLine() {
        expectListError("# one\n\(a1.verifierKey)\r\n\(a2.verifierKey)\n", contains: "line 2: carriage return")
    }

    @Test func invalidUTF8AndOversizedFilesAreRejected() {
        do {
            _ = try IssuerList(file: [0x23, 0xFF, 0x0A])
            Issue.record("accepted invalid UTF-8")
        } catch {
            #expect(error.message.contains("UTF-8"))
        }
        let big = [UInt8](repeating: UInt8(ascii: "#"), count: IssuerList.maximumFileSize + 1)
        #expect(throws: StatementsError(.badIssuerList, "")) { try IssuerList(file: big) }
    }
}
