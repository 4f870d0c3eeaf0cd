// AMD SEV-SNP Firmware ABI (publication 56860) Table 23, the report's signer information at 0x48:
// bit 0 AUTHOR_KEY_EN, bit 1 MASK_CHIP_KEY, bits 2–4 SIGNING_KEY (0 VCEK, 1 VLEK, 7 none),
// bits 5–31 reserved (zero).

/// Which key signed a report, and the two flags beside it.
public struct SNPSignerInfo: Hashable, Sendable {
    /// The endorsement key that signs a report.
    public enum SigningKey: UInt8, Hashable, Sendable, CustomStringConvertible {
        /// The Versioned Chip Endorsement Key, unique to the chip and its TCB.
        case vcek = 0
        /// The Versioned Loaded Endorsement Key, provisioned by a cloud provider.
        case vlek = 1

        /// The common name of the certificate of this key: `SEV-VCEK` or `SEV-VLEK`.
        public var commonName: String {
            switch self {
            case .vcek: "SEV-VCEK"
            case .vlek: "SEV-VLEK"
            }
        }

        public var description: String {
            switch self {
            case .vcek: "VCEK"
            case .vlek: "VLEK"
            }
        }
    }

    /// The key that signed the report.
    public let signingKey: SigningKey
    /// MASK_CHIP_KEY: the host asked for CHIP_ID to be zeroed.
    public let maskChipKey: Bool
    /// AUTHOR_KEY_EN: the ID block carried an author key (AUTHOR_KEY_DIGEST is meaningful).
    public let authorKeyEnabled: Bool

    /// Decodes the 32-bit field. Throws `malformed` if a reserved bit (5–31) is set, and
    /// `unsupported` for a SIGNING_KEY other than VCEK (0) or VLEK (1): 2–6 are reserved and 7
    /// means the report is unsigned.
    public init(raw: UInt32) throws(EvidenceError) {
        guard raw >> 5 == 0 else {
            throw EvidenceError(.malformed, "signer info 0x\(String(raw, radix: 16)) sets reserved bits 5–31")
        }
        let key = UInt8((raw >> 2) & 7)
        guard let signingKey = SigningKey(rawValue: key) else {
            throw EvidenceError(.unsupported, "SIGNING_KEY \(key): expected 0 (VCEK) or 1 (VLEK)\(key == 7 ? "; 7 means the report is unsigned" : "")")
        }
        self.signingKey = signingKey
        self.maskChipKey = raw & 2 != 0
        self.authorKeyEnabled = raw & 1 != 0
    }
}
