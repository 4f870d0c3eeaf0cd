import Testing
@testable import Notes

@Suite struct Base64Tests {
    // RFC 4648 §10 test vectors.
    static let rfc4648: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ]

    @Test func rfc4648Vectors() throws {
        for (plain, encoded) in Self.rfc4648 {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(try Base64.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base64.encode([0xFB, 0xFF]) == "+/8=")
    }

    static let bad = [
        "Zg", "Zg=", "Zg===", "Z===", "====", "Zh==", "Zm9=", "Zm9w=", "Zm 9v", "Zm9v\n", "-_8=", "Zg==Zg==",
        "=Zg=", "Z=g=", "Zm8=\u{0}", "Zm9vYmFy=", "é===",
    ]

    @Test func nonCanonicalInputIsRejected() {
        for text in Self.bad {
            #expect(throws: NotesError(.badBase64, ""), "\(text.debugDescription)") { try Base64.decode(text) }
        }
    }

    @Test func lengthLimit() throws {
        #expect(try Base64.decode("Zm9vYmFy", maxCount: 6).count == 6)
        #expect(throws: NotesError(.badBase64, "")) { try Base64.decode("Zm9vYmFy", maxCount: 5) }
        #expect(try Base64.decode("Zm9vYg==", maxCount: 4).count == 4)
        #expect(throws: NotesError(.badBase64, "")) { try Base64.decode("Zm9vYg==", maxCount: 3) }
    }
}
