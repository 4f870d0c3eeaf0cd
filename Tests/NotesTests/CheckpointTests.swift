import Testing
import Merkle
@testable import Notes

@Suite struct CheckpointTests {
    static let root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="
    static let example = "example.com/behind-the-sofa\n20852163\n\(root)\n"

    static let malformed: [(String, String)] = [
        ("empty", ""),
        ("two lines", "example.com/log\n1\n"),
        ("no final newline", "example.com/log\n1\n\(root)"),
        ("empty origin", "\n1\n\(root)\n"),
        ("empty size", "example.com/log\n\n\(root)\n"),
        ("leading zero", "example.com/log\n01\n\(root)\n"),
        ("double zero", "example.com/log\n00\n\(root)\n"),
        ("plus sign", "example.com/log\n+1\n\(root)\n"),
        ("minus sign", "example.com/log\n-1\n\(root)\n"),
        ("space in size", "example.com/log\n1 \n\(root)\n"),
        ("hex size", "example.com/log\n0x10\n\(root)\n"),
        ("size 2^64", "example.com/log\n18446744073709551616\n\(root)\n"),
        ("size of 21 digits", "example.com/log\n100000000000000000000\n\(root)\n"),
        ("unpadded root", "example.com/log\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n"),
        ("non-canonical root", "example.com/log\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n"),
        ("31-byte root", "example.com/log\n1\n\(Base64.encode([UInt8](repeating: 7, count: 31)))\n"),
        ("33-byte root", "example.com/log\n1\n\(Base64.encode([UInt8](repeating: 7, count: 33)))\n"),
        ("hex root", "example.com/log\n1\n\(String(repeating: "ab", count: 32))\n"),
        ("empty extension line", "example.com/log\n1\n\(root)\n\next\n"),
        ("trailing blank line", "example.com/log\n1\n\(root)\n\n"),
        ("carriage return", "example.com/log\r\n1\n\(root)\n"),
        ("tab in origin", "example\t.com\n1\n\(root)\n"),
    ]

    @Test(arguments: malformed.indices)
    func malformedCheckpointsAreRejected(_ i: Int) {
        let (name, text) = Self.malformed[i]
        #expect(throws: NotesError(.malformedCheckpoint, ""), "\(name)") { try Checkpoint(text: text) }
    }

    @Test func parsesAndRoundTrips() throws {
        let checkpoint = try Checkpoint(text: Self.example)
        #expect(checkpoint.origin == "example.com/behind-the-sofa")
        #expect(checkpoint.treeSize == 20_852_163)
        #expect(Base64.encode(checkpoint.rootHash.bytes) == Self.root)
        #expect(checkpoint.extensionLines.isEmpty)
        #expect(checkpoint.text == Self.example)

        let extended = "o\n0\n\(Self.root)\nfirst extension\nsecond\n"
        let parsed = try Checkpoint(text: extended)
        #expect(parsed.treeSize == 0)
        #expect(parsed.extensionLines == ["first extension", "second"])
        #expect(parsed.text == extended)

        let max = try Checkpoint(text: "o\n18446744073709551615\n\(Self.root)\n")
        #expect(max.treeSize == UInt64.max)
        // The origin is not held to the key-name rules when parsed.
        #expect(try Checkpoint(text: "a log with spaces+plus\n1\n\(Self.root)\n").origin == "a log with spaces+plus")
    }

    @Test func producedCheckpointsHaveNoExtensionsAndValidOrigins() throws {
        let checkpoint = try Checkpoint(origin: "log.example/x", treeSize: 5, rootHash: Hash.emptyTree)
        #expect(checkpoint.text == "log.example/x\n5\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")
        #expect(throws: NotesError(.badKeyName, "")) { try Checkpoint(origin: "a b", treeSize: 1, rootHash: .zero) }
        #expect(throws: NotesError(.badKeyName, "")) { try Checkpoint(origin: "", treeSize: 1, rootHash: .zero) }
    }

    @Test func signedCheckpointVerifies() throws {
        let log = TestKeys.signer("log.example/x")
        let checkpoint = try Checkpoint(origin: "log.example/x", treeSize: 42, rootHash: Hash.leaf([1, 2, 3]))
        let note = try log.sign(checkpoint)
        let reparsed = try Note(parsing: note.encoded)
        #expect(try reparsed.verify(with: [log.verifierKey]).count == 1)
        #expect(try Checkpoint(text: reparsed.text) == checkpoint)
        // 101 signatures on a checkpoint note are refused.
        var bytes = note.encoded
        let line = Array(note.encoded[(checkpoint.text.utf8.count + 1)...])
        for _ in 0..<100 { bytes += line }
        #expect(throws: NotesError(.tooManySignatures, "")) { try Note(parsing: bytes) }
    }
}
