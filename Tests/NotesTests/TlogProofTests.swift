import Testing
import Merkle
@testable import Notes

@Suite struct TlogProofTests {
    static let log = TestKeys.signer("example.com/fancylog")
    static let note = try! log.sign(Checkpoint(origin: "example.com/fancylog", treeSize: 109_482, rootHash: Hash.leaf([1])))
    static let noteText = String(decoding: note.encoded, as: UTF8.self)
    static let h1 = "gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ="
    static let h2 = "B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA="
    static let extra = "YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6"

    static var valid: String { "c2sp.org/tlog-proof@v1\nextra \(extra)\nindex 73894\n\(h1)\n\(h2)\n\n\(noteText)" }

    @Test func parsesAndRoundTrips() throws {
        let proof = try TlogProof(parsing: Array(Self.valid.utf8))
        #expect(proof.index == 73894)
        #expect(String(decoding: proof.extra, as: UTF8.self) == "age-v1.2.1-darwin-arm64.tar.gz")
        #expect(proof.inclusionProof.map { Base64.encode($0.bytes) } == [Self.h1, Self.h2])
        #expect(proof.checkpoint.treeSize == 109_482)
        #expect(proof.note == Self.note)
        #expect(proof.encoded == Array(Self.valid.utf8))
        #expect(try proof.note.verify(with: [Self.log.verifierKey]).count == 1)

        let bare = "c2sp.org/tlog-proof@v1\nindex 0\n\n\(Self.noteText)"
        let parsed = try TlogProof(parsing: Array(bare.utf8))
        #expect(parsed.extra.isEmpty && parsed.index == 0 && parsed.inclusionProof.isEmpty)
        #expect(parsed.encoded == Array(bare.utf8))
    }

    static var malformed: [(String, String, NotesError.Code)] {
        let n = noteText, h = h1
        return [
            ("empty", "", .malformedProof),
            ("wrong header", "c2sp.org/tlog-proof@v2\nindex 1\n\n\(n)", .malformedProof),
            ("header with space", "c2sp.org/tlog-proof@v1 \nindex 1\n\n\(n)", .malformedProof),
            ("no index", "c2sp.org/tlog-proof@v1\n\(h)\n\n\(n)", .malformedProof),
            ("extra after index", "c2sp.org/tlog-proof@v1\nindex 1\nextra \(extra)\n\n\(n)", .malformedProof),
            ("empty extra", "c2sp.org/tlog-proof@v1\nextra \nindex 1\n\n\(n)", .malformedProof),
            ("extra without space", "c2sp.org/tlog-proof@v1\nextra\nindex 1\n\n\(n)", .malformedProof),
            ("non-canonical extra", "c2sp.org/tlog-proof@v1\nextra Zh==\nindex 1\n\n\(n)", .malformedProof),
            ("two extras", "c2sp.org/tlog-proof@v1\nextra \(extra)\nextra \(extra)\nindex 1\n\n\(n)", .malformedProof),
            ("leading zero", "c2sp.org/tlog-proof@v1\nindex 01\n\n\(n)", .malformedProof),
            ("negative index", "c2sp.org/tlog-proof@v1\nindex -1\n\n\(n)", .malformedProof),
            ("index 2^64", "c2sp.org/tlog-proof@v1\nindex 18446744073709551616\n\n\(n)", .malformedProof),
            ("index two spaces", "c2sp.org/tlog-proof@v1\nindex  1\n\n\(n)", .malformedProof),
            ("index without number", "c2sp.org/tlog-proof@v1\nindex \n\n\(n)", .malformedProof),
            ("short hash", "c2sp.org/tlog-proof@v1\nindex 1\nZm9v\n\n\(n)", .malformedProof),
            ("hex hash", "c2sp.org/tlog-proof@v1\nindex 1\n\(String(repeating: "00", count: 32))\n\n\(n)", .malformedProof),
            ("unpadded hash", "c2sp.org/tlog-proof@v1\nindex 1\n\(h.dropLast())\n\n\(n)", .malformedProof),
            ("65 hashes", "c2sp.org/tlog-proof@v1\nindex 1\n" + String(repeating: "\(h)\n", count: 65) + "\n\(n)",
             .malformedProof),
            ("no empty line", "c2sp.org/tlog-proof@v1\nindex 1\n\(h)\n\(n)", .malformedProof),
            ("ends before checkpoint", "c2sp.org/tlog-proof@v1\nindex 1\n\(h)", .malformedProof),
            ("no checkpoint", "c2sp.org/tlog-proof@v1\nindex 1\n\n", .malformedNote),
            ("two empty lines", "c2sp.org/tlog-proof@v1\nindex 1\n\n\n\(n)", .malformedCheckpoint),
            ("unsigned checkpoint", "c2sp.org/tlog-proof@v1\nindex 1\n\nexample.com/fancylog\n1\n\(h)\n", .malformedNote),
            ("not a checkpoint", "c2sp.org/tlog-proof@v1\nindex 1\n\nhello\n\n— a \(h)\n", .malformedCheckpoint),
            ("CRLF", "c2sp.org/tlog-proof@v1\r\nindex 1\r\n\r\n\(n)", .malformedProof),
        ]
    }

    @Test func malformedProofsAreRejected() {
        for (name, text, code) in Self.malformed {
            #expect(throws: NotesError(code, ""), "\(name)") { try TlogProof(parsing: Array(text.utf8)) }
        }
    }

    @Test func limits() throws {
        let big = [UInt8](repeating: 1, count: TlogProof.maxExtraCount + 1)
        #expect(throws: NotesError(.malformedProof, "")) {
            try TlogProof(extra: big, index: 0, inclusionProof: [], note: Self.note)
        }
        let text = "c2sp.org/tlog-proof@v1\nextra \(Base64.encode(big))\nindex 1\n\n\(Self.noteText)"
        #expect(throws: NotesError(.malformedProof, "")) { try TlogProof(parsing: Array(text.utf8)) }
        #expect(throws: NotesError(.malformedProof, "")) {
            try TlogProof(index: 0, inclusionProof: Array(repeating: .zero, count: 65), note: Self.note)
        }
        let most = try TlogProof(
            extra: Array(big.dropLast()), index: .max, inclusionProof: Array(repeating: .zero, count: 64), note: Self.note)
        #expect(try TlogProof(parsing: most.encoded) == most)
        #expect(throws: NotesError(.malformedProof, "")) {
            try TlogProof(parsing: [UInt8](repeating: 0x41, count: TlogProof.maxCount + 1))
        }
    }
}
