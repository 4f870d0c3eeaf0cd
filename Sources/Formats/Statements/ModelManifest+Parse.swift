// specs/receipt-profile.md §Model digest: a strict parser for the canonical manifest encoding,
// so a manifest printed by `receiptlog model-digest --manifest` or recomputed with sha256sum can
// be checked line by line. encode(parse(x)) == x for every accepted x.
import CryptoPrimitives
import Merkle

extension ModelManifest {
    /// The largest canonical encoding accepted, in bytes (1,000,000 lines of up to 4,188 bytes
    /// would exceed it; real manifests are far smaller).
    public static let maxEncodedCount = 256 << 20

    /// Parses a canonical manifest encoding; throws `badManifest` (or `badModelPath`) on any
    /// deviation: a missing final newline, upper-case hex, a size with a leading zero or out of
    /// range, single spaces, unsorted or repeated paths, no lines, or more than ``maxEntries``.
    public init(canonicalEncoding bytes: some Collection<UInt8>) throws(StatementsError) {
        guard bytes.count <= Self.maxEncodedCount else {
            throw StatementsError(.badManifest, "a manifest is at most \(Self.maxEncodedCount) bytes")
        }
        let text = Array(bytes)
        guard text.last == 0x0A else { throw StatementsError(.badManifest, "a manifest ends with a newline") }
        var entries = [Entry]()
        var previous: ArraySlice<UInt8>? = nil
        for (number, line) in text.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            guard entries.count < Self.maxEntries else {
                throw StatementsError(.badManifest, "a manifest lists at most \(Self.maxEntries) files")
            }
            let entry = try Self.parseLine(line, number: number + 1)
            let path = entry.path.utf8
            if let previous, !previous.lexicographicallyPrecedes(path) {
                throw StatementsError(.badManifest, "line \(number + 1): paths are not in strictly increasing bytewise order")
            }
            previous = ArraySlice(path)
            entries.append(entry)
        }
        try self.init(entries: entries)
    }

    private static func parseLine(_ line: ArraySlice<UInt8>, number: Int) throws(StatementsError) -> Entry {
        let space = UInt8(ascii: " ")
        let bad = { (why: String) in StatementsError(.badManifest, "line \(number): \(why)") }
        guard line.count >= 64 + 2 + 1 + 2 + 1 else { throw bad("too short for <sha256>  <size>  <path>") }
        let hexEnd = line.startIndex + 64
        let hexDigits = line[line.startIndex..<hexEnd]
        guard hexDigits.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }),
            line[hexEnd] == space, line[hexEnd + 1] == space
        else { throw bad("expected 64 lower-case hex digits and two spaces") }
        let sha256: Hash
        do { sha256 = try Hash(hex: String(decoding: hexDigits, as: UTF8.self)) } catch { throw bad("bad hex digest") }
        let sizeStart = hexEnd + 2
        guard let sizeEnd = line[sizeStart...].firstIndex(of: space), sizeEnd > sizeStart,
            sizeEnd + 1 < line.endIndex, line[sizeEnd + 1] == space
        else { throw bad("expected a decimal size and two spaces") }
        let digits = line[sizeStart..<sizeEnd]
        guard let size = Decimal64.parse(digits) else { throw bad("the size is not a canonical decimal number below 2^64") }
        let path = Array(line[(sizeEnd + 2)...])
        try checkPath(path)
        return try Entry(path: String(decoding: path, as: UTF8.self), size: size, sha256: sha256)
    }
}
