// The sample for the CBOR throughput figures: a map shaped like an inference receipt's claims
// (CWT/EAT labels, digests, measurements, commitments), about 600 bytes when encoded.
import CBOR

enum ReceiptLikeMap {
    static func digest(_ byte: UInt8) -> CBOR { .bytes([UInt8](repeating: byte, count: 32)) }

    /// The sample value.
    static let value: CBOR = .map([
        .unsigned(1): .text("https://issuer.example/inference"),  // iss
        .unsigned(2): .text("tenant-7/project-42/run-000123"),  // sub
        .unsigned(6): .unsigned(1_740_500_000),  // iat
        .unsigned(7): .bytes(Array(0..<16)),  // cti
        .int(-65537): .text("https://receiptlog.example/profile/v1"),  // eat_profile
        .text("model"): .map([
            .text("id"): .text("minilm-l6-v2"), .text("version"): .text("1.0.0"),
            .text("manifest"): digest(0xaa), .text("scheme"): .text("receiptlog-model-manifest-v1"),
        ]),
        .text("workload"): .map([
            .text("image"): digest(0xbb), .text("operator"): .text("ops@example"),
            .text("nonce"): .bytes([UInt8](repeating: 0x5a, count: 16)), .text("fresh"): .unsigned(300),
        ]),
        .text("evidence"): .array([
            .array([.text("sev-snp"), .text("application/vnd.amd.sev-snp-report"), digest(0xdd)]),
        ]),
        .text("commitments"): .map([
            .text("request"): digest(0x01), .text("response"): digest(0x02), .text("params"): digest(0x03),
        ]),
        .text("latency_ms"): .float(12.5),
        .text("tokens"): .array([.unsigned(512), .unsigned(128)]),
    ])

    /// Data items in `item`, counting every key, value, element and tag content.
    static func itemCount(_ item: CBOR) -> Int {
        switch item {
        case .array(let a): return 1 + a.reduce(0) { $0 + itemCount($1) }
        case .map(let m): return 1 + m.reduce(0) { $0 + itemCount($1.key) + itemCount($1.value) }
        case .tagged(_, let c): return 1 + itemCount(c)
        default: return 1
        }
    }
}
