import Testing
@testable import Notes

@Suite struct NoteTests {
    static let alice = TestKeys.signer("example.com/alice", seed: 1)
    static let bob = TestKeys.signer("example.com/bob", seed: 2)
    static let sig = Base64.encode([0x01, 0x02, 0x03, 0x04, 0x05])

    /// Notes that must fail to parse, with the error each gives.
    static let malformed: [(String, [UInt8], NotesError.Code)] = [
        ("empty", [], .malformedNote),
        ("no blank line", Array("text\n— a \(sig)\n".utf8), .malformedNote),
        ("no signatures", Array("text\n\n".utf8), .malformedNote),
        ("no final newline", Array("text\n\n— a \(sig)".utf8), .malformedNote),
        ("tab", Array("te\txt\n\n— a \(sig)\n".utf8), .malformedNote),
        ("carriage return", Array("text\r\n\n— a \(sig)\n".utf8), .malformedNote),
        ("NUL", Array("te\u{0}xt\n\n— a \(sig)\n".utf8), .malformedNote),
        ("invalid UTF-8", Array("te".utf8) + [0xFF] + Array("xt\n\n— a \(sig)\n".utf8), .malformedNote),
        ("overlong UTF-8", Array("te".utf8) + [0xC0, 0xAF] + Array("\n\n— a \(sig)\n".utf8), .malformedNote),
        ("surrogate", Array("te".utf8) + [0xED, 0xA0, 0x80] + Array("\n\n— a \(sig)\n".utf8), .malformedNote),
        ("hyphen, not em dash", Array("text\n\n- a \(sig)\n".utf8), .malformedSignature),
        ("no space after dash", Array("text\n\n—a \(sig)\n".utf8), .malformedSignature),
        ("no signature field", Array("text\n\n— a\n".utf8), .malformedSignature),
        ("empty name", Array("text\n\n—  \(sig)\n".utf8), .badKeyName),
        ("plus in name", Array("text\n\n— a+b \(sig)\n".utf8), .badKeyName),
        ("no-break space in name", Array("text\n\n— a\u{A0}b \(sig)\n".utf8), .badKeyName),
        ("ideographic space in name", Array("text\n\n— a\u{3000}b \(sig)\n".utf8), .badKeyName),
        ("two spaces", Array("text\n\n— a  \(sig)\n".utf8), .malformedSignature),
        ("trailing space", Array("text\n\n— a \(sig) \n".utf8), .malformedSignature),
        ("unpadded base64", Array("text\n\n— a AQIDBAU\n".utf8), .malformedSignature),
        ("non-canonical base64", Array("text\n\n— a AQIDBAV=\n".utf8), .malformedSignature),
        ("URL-safe base64", Array("text\n\n— a AQID-_8=\n".utf8), .malformedSignature),
        ("four-byte signature", Array("text\n\n— a \(Base64.encode([1, 2, 3, 4]))\n".utf8), .malformedSignature),
        ("empty base64", Array("text\n\n— a \n".utf8), .malformedSignature),
        ("text after signatures", Array("text\n\n— a \(sig)\nmore\n".utf8), .malformedSignature),
        ("101 signatures",
         Array("text\n\n".utf8) + Array(repeating: Array("— a \(sig)\n".utf8), count: 101).joined(), .tooManySignatures),
        ("over 1 MiB", Array(repeating: UInt8(ascii: "a"), count: Note.maxCount) + Array("\n\n— a \(sig)\n".utf8),
         .noteTooLarge),
    ]

    @Test(arguments: malformed.indices)
    func malformedNotesAreRejected(_ i: Int) {
        let (name, bytes, code) = Self.malformed[i]
        #expect(throws: NotesError(code, ""), "\(name)") { try Note(parsing: bytes) }
    }

    @Test func acceptsEdgeCasesOfTheFormat() throws {
        // 100 signatures is the limit; the text may hold empty lines; the text may be one newline.
        let hundred = Array("text\n\n".utf8) + Array(repeating: Array("— a \(Self.sig)\n".utf8), count: 100).joined()
        #expect(try Note(parsing: hundred).signatures.count == 100)
        let blank = Array("a\n\nb\n\n\n— a \(Self.sig)\n".utf8)
        let note = try Note(parsing: blank)
        #expect(note.text == "a\n\nb\n\n")
        #expect(note.encoded == blank)
        #expect(try Note(parsing: Array("\n\n— a \(Self.sig)\n".utf8)).text == "\n")
        // The last blank line separates: an earlier "signature" belongs to the text.
        let late = try Note(parsing: Array("text\n\n— a \(Self.sig)\n\n— b \(Self.sig)\n".utf8))
        #expect(late.text == "text\n\n— a \(Self.sig)\n")
        #expect(late.signatures.map(\.name) == ["b"])
        // Non-ASCII text and names are fine.
        let unicode = Array("ed è subito sera.\n\n— é/ü \(Self.sig)\n".utf8)
        #expect(try Note(parsing: unicode).signatures[0].name == "é/ü")
    }

    @Test func verificationFollowsTheSpec() throws {
        let text = "hello\n"
        let both = try Note(parsing: TestKeys.signedNote(text, by: [Self.alice, Self.bob]))
        let aliceKey = Self.alice.verifierKey, bobKey = Self.bob.verifierKey
        #expect(try both.verify(with: [aliceKey, bobKey]).count == 2)
        #expect(try both.verify(with: [bobKey]).map(\.name) == ["example.com/bob"])
        // No known key: rejected.
        let carol = TestKeys.signer("example.com/carol", seed: 3).verifierKey
        #expect(throws: NotesError(.unverifiedNote, "")) { try both.verify(with: [carol]) }
        #expect(throws: NotesError(.unverifiedNote, "")) { try both.verify(with: []) }
        // Same name, other key (so another ID): ignored as unknown.
        let impostor = TestKeys.signer("example.com/alice", seed: 9).verifierKey
        #expect(try both.verify(with: [impostor, bobKey]).map(\.name) == ["example.com/bob"])
        // A known key whose signature fails rejects the whole note, even if another verifies.
        var bad = both.signatures
        bad[0] = try NoteSignature(name: bad[0].name, keyID: bad[0].keyID, signature: bad[1].signature)
        let tampered = try Note(text: text, signatures: bad)
        #expect(throws: NotesError(.badSignature, "")) { try tampered.verify(with: [aliceKey, bobKey]) }
        #expect(try tampered.verify(with: [bobKey]).count == 1)
        // A signature on another text fails.
        let other = try Note(text: "hello!\n", signatures: both.signatures)
        #expect(throws: NotesError(.badSignature, "")) { try other.verify(with: [aliceKey]) }
        // Two keys with one name and ID are a configuration error.
        #expect(throws: NotesError(.ambiguousKey, "")) { try both.verify(with: [aliceKey, aliceKey]) }
    }

    @Test func signingRejectsBadTexts() throws {
        for text in ["", "no newline", "tab\there\n", "cr\r\n", "nul\u{0}\n"] {
            #expect(throws: NotesError(.malformedText, ""), "\(text.debugDescription)") {
                try Self.alice.sign(text: text)
            }
        }
        let cosigner = TestKeys.signer("w.example", .cosignatureV1)
        #expect(throws: NotesError(.wrongKeyType, "")) { try cosigner.sign(text: "a\n") }
        let line = try Self.alice.sign(text: "a\n")
        #expect(throws: NotesError(.malformedNote, "")) { try Note(text: "a\n", signatures: []) }
        #expect(throws: NotesError(.tooManySignatures, "")) {
            try Note(text: "a\n", signatures: Array(repeating: line, count: 101))
        }
        #expect(throws: NotesError(.badKeyName, "")) { try NoteSignature(name: "a b", keyID: 1, signature: [1]) }
        #expect(throws: NotesError(.malformedSignature, "")) { try NoteSignature(name: "a", keyID: 1, signature: []) }
        let big = String(repeating: "a", count: Note.maxCount) + "\n"
        #expect(throws: NotesError(.noteTooLarge, "")) { try Note(text: big, signatures: [line]) }
        let note = try Note(text: "a\n", signatures: [line])
        #expect(try note.adding(line).signatures.count == 2)
    }
}
