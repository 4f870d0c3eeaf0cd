// RFC 9052 §3.1 (common header parameters), RFC 9597 (CWT claims), RFC 9942 §2 (vds, vdp):
// labels from the IANA "COSE Header Parameters" registry.
public import CBOR

/// Labels of the COSE header parameters this project uses.
public enum COSEHeaderLabel {
    /// `alg`: the signature algorithm (RFC 9052 §3.1).
    public static let alg = 1
    /// `crit`: labels the recipient must understand (RFC 9052 §3.1).
    public static let crit = 2
    /// `content type` (RFC 9052 §3.1).
    public static let contentType = 3
    /// `kid`: the key identifier, a byte string (RFC 9052 §3.1).
    public static let kid = 4
    /// `CWT Claims` (RFC 9597 §2).
    public static let cwtClaims = 15
    /// `vds`: the verifiable data structure (RFC 9942 §2).
    public static let vds = 395
    /// `vdp`: verifiable data structure proofs (RFC 9942 §2).
    public static let vdp = 396

    /// `label` as a CBOR map key.
    public static func key(_ label: Int) -> CBOR { .int(Int64(label)) }
}

/// Algorithm identifiers from the IANA "COSE Algorithms" registry.
public enum COSEAlgorithm {
    /// EdDSA (RFC 9053 §2.2); here always Ed25519.
    public static let edDSA: Int64 = -8
}
