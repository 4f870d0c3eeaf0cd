import Testing
import CryptoPrimitives
@testable import Notes

@Suite struct KeyTests {
    static let peter = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let peterSkey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    static let remora = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2"

    static let badVerifierKeys: [(String, NotesError.Code)] = [
        ("", .malformedKey),
        ("PeterNeumann", .malformedKey),
        ("PeterNeumann+c74f20a3", .malformedKey),
        ("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW+x", .malformedKey),
        ("+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", .badKeyName),
        ("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", .badKeyName),
        ("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", .malformedKey),
        ("PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", .malformedKey),
        ("PeterNeumann+0c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", .malformedKey),
        ("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", .keyIDMismatch),
        ("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TX", .keyIDMismatch),
        ("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T", .malformedKey),
        ("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW\n", .malformedKey),
        ("PeterNeumann+c74f20a3+ ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", .malformedKey),
        ("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq_LDE4izWy10TW", .malformedKey),
        ("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWAA==", .malformedKey),
        ("PeterNeumann+c74f20a3+Ahpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", .unknownKeyType),
        ("PeterNeumann+c74f20a3+", .malformedKey),
        (String(repeating: "a", count: 33_000) + "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", .malformedKey),
    ]

    @Test(arguments: badVerifierKeys.indices)
    func badVerifierKeysAreRejected(_ i: Int) {
        let (text, code) = Self.badVerifierKeys[i]
        #expect(throws: NotesError(code, ""), "\(text)") { try VerifierKey(parsing: text) }
    }

    static let badSignerKeys: [(String, NotesError.Code)] = [
        ("", .malformedKey),
        ("PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", .malformedKey),
        ("private+key+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", .malformedKey),
        ("PRIVATE+KEY+PeterNeumann+c74f20a3", .malformedKey),
        ("PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz+", .malformedKey),
        ("PRIVATE+KEY++c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", .badKeyName),
        ("PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", .keyIDMismatch),
        ("PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDF0", .keyIDMismatch),
        ("PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDF", .malformedKey),
        ("PRIVATE+KEY+PeterNeumann+c74f20a3+BYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", .unknownKeyType),
        ("PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz\n", .malformedKey),
    ]

    @Test(arguments: badSignerKeys.indices)
    func badSignerKeysAreRejected(_ i: Int) {
        let (text, code) = Self.badSignerKeys[i]
        #expect(throws: NotesError(code, ""), "\(text)") { try SignerKey(parsing: text) }
    }

    @Test func keysRoundTripAndMatch() throws {
        let vkey = try VerifierKey(parsing: Self.peter)
        #expect(vkey.encoded == Self.peter)
        #expect(vkey.keyID == 0xc74f_20a3)
        #expect(vkey.type == .ed25519)
        let skey = try SignerKey(parsing: Self.peterSkey)
        #expect(skey.encoded == Self.peterSkey)
        #expect(skey.verifierKey.encoded == Self.peter)
        let witness = try VerifierKey(parsing: Self.remora)
        #expect(witness.type == .cosignatureV1)
        #expect(witness.encoded == Self.remora)
        // The same public key under type 0x01 has another ID.
        let asNoteKey = try VerifierKey(name: witness.name, type: .ed25519, publicKey: witness.publicKey)
        #expect(asNoteKey.keyID != witness.keyID)
    }

    @Test func generatedKeysAreFreshAndConsistent() throws {
        for type in SignatureType.allCases {
            let a = try SignerKey.generate(name: "log.example/a", type: type)
            let b = try SignerKey.generate(name: "log.example/a", type: type)
            #expect(a.privateKey.seed != b.privateKey.seed)
            let parsed = try SignerKey(parsing: a.encoded)
            #expect(parsed.encoded == a.encoded)
            #expect(try VerifierKey(parsing: a.verifierKey.encoded) == a.verifierKey)
            #expect(a.encoded.hasPrefix("PRIVATE+KEY+log.example/a+"))
        }
    }

    @Test func keyNamesAreChecked() {
        let bad = ["", "a b", "a+b", "a\tb", "a\u{1}b", "a\u{2028}b", "a\u{3000}b", String(repeating: "x", count: 32_769)]
        for name in bad {
            #expect(throws: NotesError(.badKeyName, ""), "\(name.debugDescription)") {
                try SignerKey.generate(name: name, type: .ed25519)
            }
        }
        #expect(throws: Never.self) { try SignerKey.generate(name: String(repeating: "é", count: 16_384), type: .ed25519) }
        #expect(throws: Never.self) { try SignerKey.generate(name: "oid/1.3.6.1.4.1.44363.47.1", type: .cosignatureV1) }
    }
}
