// specs/receipt-profile.md §Model digest: the manifest of a model directory and its canonical
// encoding, one line per regular file, sorted bytewise by path:
//
//     <lower-case hex SHA-256>  <decimal size>  <path>\n
//
// The model digest is SHA-256 over that text, so names, sizes and contents all count.
public import Merkle
internal import CryptoPrimitives

/// The manifest of a model: every regular file's relative path, size and SHA-256.
///
/// Entries are sorted by path in bytewise UTF-8 order and paths are unique; a manifest holds at
/// least one and at most ``maxEntries`` files. ``digest`` is the model identity the receipt
/// profile carries under the scheme ``schemeName``.
public struct ModelManifest: Hashable, Sendable {
    /// One file of the model.
    public struct Entry: Hashable, Sendable {
        /// The path relative to the model directory, components joined by `/` (see
        /// ``ModelManifest/checkPath(_:)`` for the rules).
        public let path: String
        /// The file's length in bytes.
        public let size: UInt64
        /// The SHA-256 of the file's contents.
        public let sha256: Hash

        /// Creates an entry; throws `badModelPath` if `path` breaks the manifest path rules.
        public init(path: String, size: UInt64, sha256: Hash) throws(StatementsError) {
            try ModelManifest.checkPath(Array(path.utf8))
            self.path = path
            self.size = size
            self.sha256 = sha256
        }

        /// Compares paths bytewise, never by Unicode equivalence.
        public static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.path.utf8.elementsEqual(rhs.path.utf8) && lhs.size == rhs.size && lhs.sha256 == rhs.sha256
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(Array(path.utf8))
            hasher.combine(size)
            hasher.combine(sha256)
        }
    }

    /// The files, sorted by path bytewise.
    public let entries: [Entry]

    /// The name of this hashing scheme, carried in receipts next to the digest.
    public static let schemeName = "receiptlog-sha256-manifest-v1"
    /// The most files a manifest may list.
    public static let maxEntries = 1_000_000
    /// The longest path, in bytes.
    public static let maxPathCount = 4096

    /// Creates a manifest from entries in any order; throws `badManifest` if two entries have
    /// the same path, there are none, or more than ``maxEntries``.
    public init(entries: [Entry]) throws(StatementsError) {
        guard !entries.isEmpty else { throw StatementsError(.badManifest, "a manifest lists at least one file") }
        guard entries.count <= Self.maxEntries else {
            throw StatementsError(.badManifest, "a manifest lists at most \(Self.maxEntries) files, not \(entries.count)")
        }
        let sorted = entries.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.path.utf8.elementsEqual(b.path.utf8) {
            throw StatementsError(.badManifest, "the path \"\(a.path)\" is listed twice")
        }
        self.entries = sorted
    }

    /// The canonical encoding: for each entry in order, `<hex sha256>  <size>  <path>\n`.
    public var canonicalEncoding: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(entries.reduce(0) { $0 + 64 + 2 + 20 + 2 + $1.path.utf8.count + 1 })
        for e in entries {
            out += e.sha256.hex.utf8
            out += [0x20, 0x20]
            out += String(e.size).utf8
            out += [0x20, 0x20]
            out += e.path.utf8
            out.append(0x0A)
        }
        return out
    }

    /// The model digest: SHA-256 of ``canonicalEncoding``.
    public var digest: Hash {
        let digest = SHA256.digest(canonicalEncoding)
        return Hash { out in digest.withUnsafeBytes { out.copyMemory(from: $0.baseAddress!, byteCount: 32) } }
    }

    /// The total size of all files in bytes.
    public var totalSize: UInt64 { entries.reduce(0) { $0 &+ $1.size } }

    /// Checks a manifest path: 1…4096 bytes of UTF-8, components separated by single `/`, no
    /// empty, `.`, `..` or `.git` component, no byte below 0x20, no 0x7F and no `\`. Throws
    /// `badModelPath` naming the rule broken.
    ///
    /// These rules keep every line of the canonical encoding unambiguous and identical to what
    /// `sha256sum` and `find -printf %P` print for the same file (neither escapes such paths).
    public static func checkPath(_ path: [UInt8]) throws(StatementsError) {
        let shown = String(decoding: path.prefix(200), as: UTF8.self).debugDescription
        guard (1...maxPathCount).contains(path.count) else {
            throw StatementsError(.badModelPath, "a model path is 1…\(maxPathCount) bytes, not \(path.count)")
        }
        guard String(validating: path, as: UTF8.self) != nil else {
            throw StatementsError(.badModelPath, "the model path \(shown) is not UTF-8")
        }
        for b in path where b < 0x20 || b == 0x7F || b == UInt8(ascii: "\\") {
            throw StatementsError(
                .badModelPath, "the model path \(shown) holds a control character or a backslash")
        }
        for component in path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            switch String(decoding: component, as: UTF8.self) {
            case "": throw StatementsError(.badModelPath, "the model path \(shown) has an empty component")
            case ".", "..": throw StatementsError(.badModelPath, "the model path \(shown) has a . or .. component")
            case ".git": throw StatementsError(.badModelPath, "the model path \(shown) is inside .git, which is ignored")
            default: continue
            }
        }
    }
}
