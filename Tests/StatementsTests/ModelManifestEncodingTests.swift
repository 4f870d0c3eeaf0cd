import Merkle
import Statements
import Testing

@Suite struct ModelManifestEncodingTests {
    let h1 = try! Hash(hex: String(repeating: "ab", count: 32))
    let h2 = try! Hash(hex: String(repeating: "01", count: 32))

    @Test func canonicalEncodingAndDigest() throws {
        let manifest = try ModelManifest(entries: [
            .init(path: "weights/b.bin", size: 0, sha256: h2),
            .init(path: "config.json", size: 1234, sha256: h1),
        ])
        let text = String(repeating: "ab", count: 32) + "  1234  config.json\n"
            + String(repeating: "01", count: 32) + "  0  weights/b.bin\n"
        #expect(String(decoding: manifest.canonicalEncoding, as: UTF8.self) == text)
        // printf '%s' "$text" | sha256sum
        #expect(manifest.digest.hex == SHA256Digest.of(Array(text.utf8)).map { String(format: "%02x", $0) }.joined())
        #expect(try ModelManifest(canonicalEncoding: Array(text.utf8)) == manifest)
        #expect(try ModelManifest(canonicalEncoding: manifest.canonicalEncoding).canonicalEncoding == manifest.canonicalEncoding)
    }

    @Test func parserRefusesEveryNonCanonicalForm() throws {
        let a = String(repeating: "ab", count: 32), b = String(repeating: "01", count: 32)
        let good = "\(a)  5  a\n\(b)  18446744073709551615  b/c d\n"
        #expect(try ModelManifest(canonicalEncoding: Array(good.utf8)).entries.count == 2)
        let bad = [
            "",  // no files
            "\(a)  5  a",  // no final newline
            "\(a)  5  a\n\n",  // empty line
            "\(a.uppercased())  5  a\n",  // upper-case hex
            "\(a.dropLast())  5  a\n",  // short hex
            "\(a) 5  a\n",  // one space
            "\(a)  5 a\n",
            "\(a)  05  a\n",  // leading zero
            "\(a)  +5  a\n",
            "\(a)  18446744073709551616  a\n",  // 2^64
            "\(a)    a\n",  // no size
            "\(a)  5  \n",  // empty path
            "\(a)  5  /a\n",  // absolute
            "\(a)  5  a//b\n", "\(a)  5  ./a\n", "\(a)  5  a/../b\n", "\(a)  5  .git/HEAD\n",
            "\(a)  5  a\\b\n", "\(a)  5  a\tb\n", "\(a)  5  a\r\n",
            "\(b)  5  b\n\(a)  5  a\n",  // unsorted
            "\(a)  5  a\n\(b)  6  a\n",  // duplicate
            "\(a)  5  a\r\n",
        ]
        for text in bad {
            #expect(throws: StatementsError.self, "\(text.debugDescription)") {
                try ModelManifest(canonicalEncoding: Array(text.utf8))
            }
        }
        // Invalid UTF-8 in a path.
        #expect(throws: StatementsError(.badModelPath, "")) {
            try ModelManifest(canonicalEncoding: Array("\(a)  5  ".utf8) + [0xFF, 0x0A])
        }
    }

    @Test func pathsCompareBytewiseNotByUnicodeEquivalence() throws {
        // "é" precomposed and decomposed are equal Swift strings but different files.
        let manifest = try ModelManifest(entries: [
            .init(path: "caf\u{E9}", size: 1, sha256: h1),
            .init(path: "cafe\u{301}", size: 1, sha256: h1),
        ])
        #expect(manifest.entries.map { Array($0.path.utf8) } == [Array("cafe\u{301}".utf8), Array("caf\u{E9}".utf8)])
        #expect(try ModelManifest(canonicalEncoding: manifest.canonicalEncoding) == manifest)
    }

    @Test func duplicateAndEmptyEntryListsAreRefused() throws {
        #expect(throws: StatementsError(.badManifest, "")) { try ModelManifest(entries: []) }
        #expect(throws: StatementsError(.badManifest, "")) {
            try ModelManifest(entries: [.init(path: "x", size: 1, sha256: h1), .init(path: "x", size: 2, sha256: h2)])
        }
        #expect(throws: StatementsError(.badModelPath, "")) { try ModelManifest.Entry(path: "a/", size: 1, sha256: h1) }
    }
}
