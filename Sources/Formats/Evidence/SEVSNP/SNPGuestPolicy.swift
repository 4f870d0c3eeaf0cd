// AMD SEV-SNP Firmware ABI (publication 56860) §4.3 guest policy, the report's POLICY field at
// 0x08 (Tests/Vectors/tee/sev-snp/README.md §Report layout). Bits above 20 are defined by later
// ABI versions (CXL, AES-256-XTS, RAPL, ciphertext hiding…); they are kept in ``raw`` and not
// rejected, so reports of newer firmware still parse.

/// The guest policy the VM was launched with.
public struct SNPGuestPolicy: Hashable, Sendable, CustomStringConvertible {
    /// The 64-bit POLICY field.
    public let raw: UInt64

    /// Wraps a POLICY value.
    public init(raw: UInt64) { self.raw = raw }

    /// Bits 0–7: the minimum ABI minor version.
    public var abiMinor: UInt8 { UInt8(truncatingIfNeeded: raw) }
    /// Bits 8–15: the minimum ABI major version.
    public var abiMajor: UInt8 { UInt8(truncatingIfNeeded: raw >> 8) }
    /// Bit 16: simultaneous multithreading is allowed.
    public var smtAllowed: Bool { raw & (1 << 16) != 0 }
    /// Bit 17: reserved, must be 1.
    public var reservedBitSet: Bool { raw & (1 << 17) != 0 }
    /// Bit 18: a migration agent may be associated with the guest.
    public var migrateMA: Bool { raw & (1 << 18) != 0 }
    /// Bit 19: the host may debug (decrypt) the guest.
    public var debug: Bool { raw & (1 << 19) != 0 }
    /// Bit 20: the guest may run on one socket only.
    public var singleSocket: Bool { raw & (1 << 20) != 0 }

    /// `0x30000 (ABI 0.0, SMT, reserved-17)` and so on.
    public var description: String {
        var bits: [String] = []
        if smtAllowed { bits.append("SMT") }
        bits.append(reservedBitSet ? "bit 17 set" : "bit 17 CLEAR")
        if migrateMA { bits.append("MIGRATE_MA") }
        if debug { bits.append("DEBUG") }
        if singleSocket { bits.append("SINGLE_SOCKET") }
        return "0x\(String(raw, radix: 16)) (ABI \(abiMajor).\(abiMinor), \(bits.joined(separator: ", ")))"
    }
}
