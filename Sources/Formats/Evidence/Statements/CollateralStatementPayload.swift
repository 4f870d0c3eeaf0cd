// specs/evidence.md §Evidence in the log: the collateral an issuer appraised its evidence against,
// registered once as a signed statement of content type
// `application/vnd.receiptlog.tee-collateral+cbor`, whose payload is this map in deterministic CBOR:
//
//     {
//       ? "certificates": [+ bstr],  ; DER: the SEV-SNP VCEK or VLEK (then ASK, ARK if given)
//       ? "crls": [+ bstr],          ; DER CRLs (the SEV-SNP product CRL)
//       ? "dcap": bstr,              ; Intel DCAP collateral, the JSON form of specs/evidence.md
//       "platform": tstr
//     }
//
// At least one of the optional keys is present. Receipts reference it by the SHA-256 of this
// payload (env_evidence kind `tee-collateral`).
import CBOR

/// The payload of a collateral statement.
public struct CollateralStatementPayload: Hashable, Sendable {
    /// The statement's content type.
    public static let contentType = "application/vnd.receiptlog.tee-collateral+cbor"
    /// The env_evidence kind of a reference to a collateral statement.
    public static let referenceKind = "tee-collateral"

    /// `nitro`, `sev-snp` or `tdx`.
    public let platform: String
    /// DER certificates, endorsement key first.
    public let certificates: [[UInt8]]
    /// DER CRLs.
    public let crls: [[UInt8]]
    /// The DCAP collateral JSON, exactly as appraised.
    public let dcap: [UInt8]?

    /// Creates a payload; throws `malformed` for an unknown platform, nothing in it, or an empty
    /// element.
    public init(platform: String, certificates: [[UInt8]] = [], crls: [[UInt8]] = [], dcap: [UInt8]? = nil) throws(EvidenceError) {
        guard EvidenceStatementPayload.platforms.contains(platform) else {
            throw EvidenceError(.malformed, "platform \"\(platform.prefix(32))\" is not one of nitro, sev-snp, tdx")
        }
        guard !certificates.isEmpty || !crls.isEmpty || dcap != nil else {
            throw EvidenceError(.malformed, "a collateral statement holds certificates, CRLs or DCAP collateral")
        }
        guard (certificates + crls).allSatisfy({ !$0.isEmpty }), dcap.map({ !$0.isEmpty }) ?? true else {
            throw EvidenceError(.malformed, "a collateral element is empty")
        }
        self.platform = platform
        self.certificates = certificates
        self.crls = crls
        self.dcap = dcap
    }

    /// The payload in deterministic CBOR; empty arrays are left out.
    public func encoded() -> [UInt8] {
        var map: [CBOR: CBOR] = [.text("platform"): .text(platform)]
        if !certificates.isEmpty { map[.text("certificates")] = .array(certificates.map { .bytes($0) }) }
        if !crls.isEmpty { map[.text("crls")] = .array(crls.map { .bytes($0) }) }
        if let dcap { map[.text("dcap")] = .bytes(dcap) }
        return CBOR.map(map).encoded()
    }

    /// Parses a payload: deterministic CBOR, exactly the keys above, arrays not empty.
    public init(encoded bytes: some Collection<UInt8>) throws(EvidenceError) {
        let map = try StatementPayloadMap(bytes, keys: ["platform"], optional: ["certificates", "crls", "dcap"], what: "collateral statement")
        try self.init(
            platform: try map.text("platform"), certificates: try map.optionalByteArrays("certificates") ?? [],
            crls: try map.optionalByteArrays("crls") ?? [], dcap: try map.optionalBytes("dcap"))
    }
}
