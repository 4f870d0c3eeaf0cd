import Testing
import CryptoPrimitives

private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
private func unhex(_ s: String) -> [UInt8] {
    var out = [UInt8]()
    var it = s.makeIterator()
    while let a = it.next(), let b = it.next() { out.append(UInt8(String([a, b]), radix: 16)!) }
    return out
}
import Foundation

@Suite struct SHA256Tests {
    // FIPS 180-2 Appendix B.1 and B.2, and the empty string.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownAnswers(input: String, want: String) {
        #expect(hex(SHA256.digest(Array(input.utf8))) == want)
        #expect(hex(SHA256().digest(Array(input.utf8))) == want)
    }

    @Test func reusedContextGivesIndependentResults() {
        let h = SHA256()
        let a = h.digest(Array("abc".utf8))
        _ = h.digest(Array("something else".utf8))
        #expect(h.digest(Array("abc".utf8)) == a)
    }

    @Test func partsHashLikeTheirConcatenation() {
        let whole = SHA256.digest(Array("abcdef".utf8))
        var out = [UInt8](repeating: 0, count: 32)
        Array("ab".utf8).withUnsafeBytes { a in
            Array("cd".utf8).withUnsafeBytes { b in
                Array("ef".utf8).withUnsafeBytes { c in
                    out.withUnsafeMutableBytes { SHA256.current.hash(a, b, c, into: $0.baseAddress!) }
                }
            }
        }
        #expect(out == whole)
    }
}

@Suite struct Ed25519Tests {
    // RFC 8032 §7.1, TEST 2.
    @Test func rfc8032Vector() throws {
        let key = try Ed25519PrivateKey(seed: unhex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"))
        #expect(hex(key.publicKey.bytes) == "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
        let sig = key.signature(for: [0x72])
        #expect(hex(sig) == "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")
        #expect(key.publicKey.isValidSignature(sig, for: [0x72]))
        #expect(!key.publicKey.isValidSignature(sig, for: [0x73]))
        var bad = sig
        bad[0] ^= 1
        #expect(!key.publicKey.isValidSignature(bad, for: [0x72]))
        #expect(!key.publicKey.isValidSignature(sig.dropLast(), for: [0x72]))
    }

    @Test func badKeyLengthsAreRefused() {
        #expect(throws: CryptoPrimitivesError(.badKeyLength, "")) { try Ed25519PrivateKey(seed: [UInt8](repeating: 1, count: 31)) }
        #expect(throws: CryptoPrimitivesError(.badKeyLength, "")) { try Ed25519PublicKey(bytes: [UInt8](repeating: 1, count: 33)) }
    }

    @Test func generatedKeysSignAndVerify() throws {
        let key = Ed25519PrivateKey()
        let again = try Ed25519PrivateKey(seed: key.seed)
        #expect(again.publicKey == key.publicKey)
        #expect(key.publicKey.isValidSignature(again.signature(for: [1, 2, 3]), for: [1, 2, 3]))
    }
}

@Suite struct HMACTests {
    // RFC 4231 §4.2, test case 1.
    @Test func rfc4231Case1() {
        let key = [UInt8](repeating: 0x0b, count: 20)
        let mac = HMACSHA256.authenticationCode(key: key, message: Array("Hi There".utf8))
        #expect(hex(mac) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(HMACSHA256.isValid(mac, key: key, message: Array("Hi There".utf8)))
        #expect(!HMACSHA256.isValid(mac, key: key, message: Array("Hi there".utf8)))
    }

    @Test func randomBytesDiffer() {
        let a = SecureRandom.bytes(32), b = SecureRandom.bytes(32)
        #expect(a.count == 32)
        #expect(a != b)
    }
}

@Suite struct IncrementalSHA256Tests {
    @Test func piecesHashLikeTheWhole() {
        // 1,000 bytes fed in every split pattern of a few sizes, including empty pieces.
        let input = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = SHA256.digest(input)
        let h = SHA256.Incremental()
        for piece in [1, 3, 63, 64, 65, 999, 1000] {
            var start = 0
            while start < input.count {
                let end = min(start + piece, input.count)
                h.update(input[start..<end])
                h.update([UInt8]())
                start = end
            }
            #expect(h.finish() == whole)
        }
    }

    @Test func knownAnswerAndRestart() {
        let h = SHA256.Incremental()
        #expect(hex(h.finish()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        h.update(Array("ab".utf8))
        h.update(Array("c".utf8))
        #expect(hex(h.finish()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        h.update(Array("junk".utf8))
        h.reset()
        h.update(Array("abc".utf8))
        #expect(hex(h.finish()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func rawBuffersAndNonContiguousInput() {
        let h = SHA256.Incremental()
        Array("abc".utf8).withUnsafeBytes { h.update($0) }
        let viaBuffer = h.finish()
        h.update(Array("abc".utf8).lazy.map { $0 })
        #expect(h.finish() == viaBuffer)
        #expect(viaBuffer == SHA256.digest(Array("abc".utf8)))
    }

    // FIPS 180-2 Appendix B.3: one million 'a'.
    @Test func millionA() {
        let h = SHA256.Incremental()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { h.update(chunk) }
        #expect(hex(h.finish()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
