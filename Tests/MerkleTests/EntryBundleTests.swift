import Merkle
import Testing

@Suite struct EntryBundleTests {
    @Test func encodesAndParsesTheExample() throws {
        let bundle = try EntryBundle(entries: [Array("hi".utf8), []])
        #expect(bundle.encoded == [0x00, 0x02, 0x68, 0x69, 0x00, 0x00])
        #expect(try EntryBundle(parsing: [0x00, 0x02, 0x68, 0x69, 0x00, 0x00]) == bundle)
        #expect(bundle.leafHashes == [Hash.leaf(Array("hi".utf8)), Hash.leaf([UInt8]())])
    }

    @Test func limits() throws {
        let largest = [UInt8](repeating: 0xab, count: 65_535)
        let one = try EntryBundle(entries: [largest])
        #expect(one.encoded.prefix(2) == [0xff, 0xff])
        #expect(try EntryBundle(parsing: one.encoded) == one)
        #expect(throws: MerkleError(.entryTooLarge, "")) { try EntryBundle(entries: [largest + [0]]) }
        #expect(throws: MerkleError(.entryTooLarge, "")) { try EntryBundle(entries: [[1], largest + [0]]) }

        let full = try EntryBundle(entries: (0..<256).map { [UInt8($0)] })
        #expect(try EntryBundle(parsing: full.encoded) == full)
        #expect(throws: MerkleError(.badEntryBundle, "")) { try EntryBundle(entries: (0..<257).map { [UInt8($0 & 0xff)] }) }
        #expect(throws: MerkleError(.badEntryBundle, "")) { try EntryBundle(parsing: full.encoded + [0, 0]) }
        #expect(throws: MerkleError(.badEntryBundle, "")) { try EntryBundle(entries: []) }
    }

    static let malformed: [(String, [UInt8])] = [
        ("empty input", []),
        ("one byte of prefix", [0x00]),
        ("truncated prefix after an entry", [0x00, 0x01, 0x41, 0x00]),
        ("entry shorter than its prefix", [0x00, 0x03, 0x41, 0x42]),
        ("prefix with no entry", [0x00, 0x01]),
        ("large prefix with no entry", [0xff, 0xff]),
        ("trailing byte", [0x00, 0x00, 0x00]),
        ("trailing bytes after a full entry", [0x00, 0x01, 0x41, 0x07]),
    ]

    @Test(arguments: malformed) func rejectsMalformedBundles(name: String, bytes: [UInt8]) {
        #expect(throws: MerkleError(.badEntryBundle, ""), "\(name)") { try EntryBundle(parsing: bytes) }
    }

    @Test func rejectsOverlongInputBeforeParsing() {
        let huge = [UInt8](repeating: 0, count: EntryBundle.maxEncodedLength + 1)
        #expect(throws: MerkleError(.badEntryBundle, "")) { try EntryBundle(parsing: huge) }
    }
}
