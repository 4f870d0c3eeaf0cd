// specs/evidence.md §Evidence in the log: an issuer registers the hardware evidence its receipts
// rest on, once, as a signed statement of its own whose content type is
// `application/vnd.receiptlog.tee-evidence+cbor` and whose payload is this map, in deterministic
// CBOR (RFC 8949 §4.2.1):
//
//     {
//       "evidence": bstr,          ; the raw bytes as the hardware produced them
//       ? "nonce": bstr .size 32,  ; the nonce of the receiptlog-key-nonce-v1 key binding
//       "platform": tstr           ; "nitro", "sev-snp" or "tdx"
//     }
//
// Receipts reference it by the SHA-256 of the raw evidence bytes (specs/receipt-profile.md,
// env_evidence), so one statement serves every receipt signed under the attested key.
import CBOR

/// The payload of an evidence statement: the platform, the raw evidence and an optional nonce.
public struct EvidenceStatementPayload: Hashable, Sendable {
    /// The statement's content type.
    public static let contentType = "application/vnd.receiptlog.tee-evidence+cbor"
    /// The platforms evidence statements name.
    public static let platforms: Set<String> = ["nitro", "sev-snp", "tdx"]

    /// `nitro`, `sev-snp` or `tdx`.
    public let platform: String
    /// The evidence bytes exactly as the hardware produced them (1…60,000 bytes).
    public let evidence: [UInt8]
    /// The 32-byte nonce of the `receiptlog-key-nonce-v1` binding, if the evidence carries one.
    public let nonce: [UInt8]?

    /// The largest evidence accepted: a statement's leaf form is at most 65,535 bytes.
    public static let maxEvidenceCount = 60_000

    /// Creates a payload; throws `malformed` for an unknown platform, empty or oversized
    /// evidence, or a nonce that is not 32 bytes.
    public init(platform: String, evidence: [UInt8], nonce: [UInt8]? = nil) throws(EvidenceError) {
        guard Self.platforms.contains(platform) else {
            throw EvidenceError(.malformed, "platform \"\(platform.prefix(32))\" is not one of nitro, sev-snp, tdx")
        }
        guard (1...Self.maxEvidenceCount).contains(evidence.count) else {
            throw EvidenceError(.malformed, "evidence is 1…\(Self.maxEvidenceCount) bytes, not \(evidence.count)")
        }
        if let nonce, nonce.count != 32 {
            throw EvidenceError(.malformed, "the nonce is 32 bytes, not \(nonce.count)")
        }
        self.platform = platform
        self.evidence = evidence
        self.nonce = nonce
    }

    /// The payload in deterministic CBOR.
    public func encoded() -> [UInt8] {
        var map: [CBOR: CBOR] = [.text("platform"): .text(platform), .text("evidence"): .bytes(evidence)]
        if let nonce { map[.text("nonce")] = .bytes(nonce) }
        return CBOR.map(map).encoded()
    }

    /// Parses a payload: deterministic CBOR, exactly the keys above. Throws `malformed`.
    public init(encoded bytes: some Collection<UInt8>) throws(EvidenceError) {
        let map = try StatementPayloadMap(bytes, keys: ["platform", "evidence"], optional: ["nonce"], what: "evidence statement")
        try self.init(platform: try map.text("platform"), evidence: try map.bytes("evidence"), nonce: try map.optionalBytes("nonce"))
    }
}
