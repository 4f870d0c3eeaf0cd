// specs/receipt-profile.md §Claims, env_evidence (-65600): references to the hardware evidence of
// the confidential-computing environment (DESIGN.md §2, layer 1). The evidence itself is not in
// the receipt; its SHA-256 is, so a verifier holding the evidence can check it is the one meant.
public import Merkle

/// A reference to one piece of environment evidence: its kind, media type and SHA-256.
public struct InferenceReceiptEvidence: Hashable, Sendable {
    /// What the evidence is, as a token of 1…64 characters from `[a-z0-9-]`, for example
    /// `sev-snp-report`, `tdx-quote`, `nvidia-gpu-evidence` or `nitro-attestation-document`.
    public let kind: String
    /// The media type of the evidence bytes (RFC 6838 `type/subtype`, no parameters).
    public let mediaType: String
    /// SHA-256 of the evidence bytes.
    public let digest: Hash

    /// Creates a reference; throws `badReceiptClaims` if `kind` is not a token or `mediaType` is
    /// not `type/subtype` of RFC 6838 restricted names.
    public init(kind: String, mediaType: String, digest: Hash) throws(StatementsError) {
        guard Self.isToken(kind) else {
            throw StatementsError(.badReceiptClaims, "evidence kind \"\(kind.prefix(64))\" is not 1…64 characters of a-z, 0-9 and '-'")
        }
        guard Self.isMediaType(mediaType) else {
            throw StatementsError(.badReceiptClaims, "\"\(mediaType.prefix(64))\" is not a media type type/subtype")
        }
        self.kind = kind
        self.mediaType = mediaType
        self.digest = digest
    }

    /// Whether `s` is 1…64 characters from `[a-z0-9-]`: the syntax of evidence kinds and
    /// key-binding methods.
    static func isToken(_ s: String) -> Bool {
        (1...64).contains(s.utf8.count)
            && s.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }

    /// RFC 6838 §4.2: `restricted-name "/" restricted-name`, each 1…127 characters starting with
    /// a letter or digit.
    static func isMediaType(_ s: String) -> Bool {
        let parts = s.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        return parts.allSatisfy { name in
            guard (1...127).contains(name.count), let first = name.first, isAlphanumeric(first) else { return false }
            return name.allSatisfy { isAlphanumeric($0) || Array("!#$&-^_.+".utf8).contains($0) }
        }
    }

    private static func isAlphanumeric(_ c: UInt8) -> Bool {
        (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c)
    }
}
