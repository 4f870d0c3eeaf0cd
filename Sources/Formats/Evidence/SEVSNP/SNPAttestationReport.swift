// AMD SEV-SNP Firmware ABI (publication 56860) Table 23 ATTESTATION_REPORT: 1,184 bytes,
// little-endian integers, signed with ECDSA P-384 / SHA-384 over [0x000, 0x2A0)
// (Tests/Vectors/tee/sev-snp/README.md §Report layout; APPRAISAL.md §2).
//
// Reserved regions. The parser requires zero exactly where go-sev-guest's `abi.ReportToProto`
// does, and where all three real reports of Tests/Vectors/tee/sev-snp hold zero:
// 0x04C–0x050; 0x188–0x1A0 (version 2) or 0x18B–0x1A0 (version 3 and later, after CPUID);
// 0x1EB and 0x1EF (after each firmware version); 0x1F8–0x2A0 (0x208–0x2A0 in version 5, which
// adds the two mitigation vectors); the upper 24 bytes of R and of S; and 0x330–0x4A0 after the
// signature. The last two lie outside the signed bytes: enforcing them makes the report's
// encoding unique, so no two byte strings carry one signed report. The TCB fields' reserved bytes
// and POLICY bits above 20 are not checked: later firmware defines them.

/// A parsed SEV-SNP attestation report: every field, the signed bytes, and the signature as
/// big-endian R and S. Holds no judgement: the appraiser checks the signature and policy.
public struct SNPAttestationReport: Hashable, Sendable {
    /// The size of every report, in bytes (0x4A0).
    public static let size = 1184
    /// The end of the signed bytes: the signature covers [0, 0x2A0).
    public static let signedCount = 0x2A0
    /// The report versions parsed: 2 (ABI 1.51+), 3 (adds CPUID, ABI 1.55+), 5 (adds the
    /// mitigation vectors, ABI 1.58+). Version 4 was never issued.
    public static let supportedVersions: Set<UInt32> = [2, 3, 5]
    /// SIGNATURE_ALGO 1: ECDSA P-384 with SHA-384.
    public static let ecdsaP384SHA384: UInt32 = 1

    /// The processor family, model and stepping (version 3 and later).
    public struct CPUID: Hashable, Sendable {
        /// The combined family (CPUID Fn0000_0001 extended family + base family): 0x19 Milan and Genoa, 0x1A Turin.
        public let family: UInt8
        /// The combined model.
        public let model: UInt8
        /// The stepping.
        public let stepping: UInt8
    }

    /// A firmware version: major.minor, build.
    public struct FirmwareVersion: Hashable, Sendable, CustomStringConvertible {
        public let major: UInt8
        public let minor: UInt8
        public let build: UInt8
        public var description: String { "\(major).\(minor).\(build)" }
    }

    /// VERSION @0x000.
    public let version: UInt32
    /// GUEST_SVN @0x004.
    public let guestSVN: UInt32
    /// POLICY @0x008.
    public let policy: SNPGuestPolicy
    /// FAMILY_ID @0x010 (16 bytes).
    public let familyID: [UInt8]
    /// IMAGE_ID @0x020 (16 bytes).
    public let imageID: [UInt8]
    /// VMPL @0x030: the privilege level the report was requested at.
    public let vmpl: UInt32
    /// SIGNATURE_ALGO @0x034; always ``ecdsaP384SHA384`` after parsing.
    public let signatureAlgorithm: UInt32
    /// CURRENT_TCB @0x038.
    public let currentTCB: UInt64
    /// PLATFORM_INFO @0x040.
    public let platformInfo: UInt64
    /// Signer info @0x048.
    public let signerInfo: SNPSignerInfo
    /// REPORT_DATA @0x050 (64 bytes): the guest's data.
    public let reportData: [UInt8]
    /// MEASUREMENT @0x090 (48 bytes): the launch digest.
    public let measurement: [UInt8]
    /// HOST_DATA @0x0C0 (32 bytes).
    public let hostData: [UInt8]
    /// ID_KEY_DIGEST @0x0E0 (48 bytes).
    public let idKeyDigest: [UInt8]
    /// AUTHOR_KEY_DIGEST @0x110 (48 bytes).
    public let authorKeyDigest: [UInt8]
    /// REPORT_ID @0x140 (32 bytes).
    public let reportID: [UInt8]
    /// REPORT_ID_MA @0x160 (32 bytes).
    public let reportIDMA: [UInt8]
    /// REPORTED_TCB @0x180: the TCB the VCEK/VLEK was derived for.
    public let reportedTCB: UInt64
    /// CPUID family/model/stepping @0x188 (version 3 and later); nil for version 2.
    public let cpuid: CPUID?
    /// CHIP_ID @0x1A0 (64 bytes); zero for a VLEK-signed or MASK_CHIP_KEY report.
    public let chipID: [UInt8]
    /// COMMITTED_TCB @0x1E0.
    public let committedTCB: UInt64
    /// CURRENT_BUILD, CURRENT_MINOR, CURRENT_MAJOR @0x1E8.
    public let currentVersion: FirmwareVersion
    /// COMMITTED_BUILD, COMMITTED_MINOR, COMMITTED_MAJOR @0x1EC.
    public let committedVersion: FirmwareVersion
    /// LAUNCH_TCB @0x1F0.
    public let launchTCB: UInt64
    /// LAUNCH_MIT_VECTOR @0x1F8 (version 5); nil before.
    public let launchMitigationVector: UInt64?
    /// CURRENT_MIT_VECTOR @0x200 (version 5); nil before.
    public let currentMitigationVector: UInt64?
    /// The signed bytes, [0, 0x2A0).
    public let signedBytes: [UInt8]
    /// The signature's R, 48 bytes big-endian (the report holds it little-endian at 0x2A0).
    public let signatureR: [UInt8]
    /// The signature's S, 48 bytes big-endian (the report holds it little-endian at 0x2E8).
    public let signatureS: [UInt8]
    /// The whole report, as parsed.
    public let bytes: [UInt8]

    /// Parses a report. Throws `truncated` below 1,184 bytes, `trailingBytes` above;
    /// `unsupported` for a VERSION other than 2, 3 or 5, a SIGNATURE_ALGO other than 1, or a
    /// SIGNING_KEY other than VCEK or VLEK; `malformed` for a non-zero reserved region (see the
    /// file comment) or a set reserved signer-info bit.
    public static func parse(_ input: some Collection<UInt8>) throws(EvidenceError) -> Self {
        let count = input.count
        guard count >= size else {
            throw EvidenceError(.truncated, "an SEV-SNP report is \(size) bytes, found \(count)")
        }
        guard count == size else {
            throw EvidenceError(.trailingBytes, "an SEV-SNP report is \(size) bytes, found \(count)")
        }
        return try Self(bytes: Array(input))
    }

    private init(bytes b: [UInt8]) throws(EvidenceError) {
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(b[at + $1]) << (8 * UInt32($1)) } }
        func u64(_ at: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(b[at + $1]) << (8 * UInt64($1)) } }
        func field(_ at: Int, _ n: Int) -> [UInt8] { Array(b[at..<at + n]) }
        func zero(_ range: Range<Int>, _ what: String) throws(EvidenceError) {
            if let i = range.first(where: { b[$0] != 0 }) {
                throw EvidenceError(.malformed, "\(what) [0x\(String(range.lowerBound, radix: 16)), 0x\(String(range.upperBound, radix: 16))) must be zero, byte 0x\(String(i, radix: 16)) is 0x\(String(b[i], radix: 16))")
            }
        }

        version = u32(0x000)
        guard Self.supportedVersions.contains(version) else {
            throw EvidenceError(.unsupported, "report VERSION \(version): expected 2, 3 or 5")
        }
        signatureAlgorithm = u32(0x034)
        guard signatureAlgorithm == Self.ecdsaP384SHA384 else {
            throw EvidenceError(.unsupported, "SIGNATURE_ALGO \(signatureAlgorithm): expected 1 (ECDSA P-384 with SHA-384)")
        }
        signerInfo = try SNPSignerInfo(raw: u32(0x048))
        try zero(0x04C..<0x050, "the reserved bytes after signer info")
        guestSVN = u32(0x004)
        policy = SNPGuestPolicy(raw: u64(0x008))
        familyID = field(0x010, 16)
        imageID = field(0x020, 16)
        vmpl = u32(0x030)
        currentTCB = u64(0x038)
        platformInfo = u64(0x040)
        reportData = field(0x050, 64)
        measurement = field(0x090, 48)
        hostData = field(0x0C0, 32)
        idKeyDigest = field(0x0E0, 48)
        authorKeyDigest = field(0x110, 48)
        reportID = field(0x140, 32)
        reportIDMA = field(0x160, 32)
        reportedTCB = u64(0x180)
        if version >= 3 {
            cpuid = CPUID(family: b[0x188], model: b[0x189], stepping: b[0x18A])
            try zero(0x18B..<0x1A0, "the reserved bytes after CPUID")
        } else {
            cpuid = nil
            try zero(0x188..<0x1A0, "the reserved bytes after REPORTED_TCB (version 2)")
        }
        chipID = field(0x1A0, 64)
        committedTCB = u64(0x1E0)
        currentVersion = FirmwareVersion(major: b[0x1EA], minor: b[0x1E9], build: b[0x1E8])
        try zero(0x1EB..<0x1EC, "the reserved byte after the current firmware version")
        committedVersion = FirmwareVersion(major: b[0x1EE], minor: b[0x1ED], build: b[0x1EC])
        try zero(0x1EF..<0x1F0, "the reserved byte after the committed firmware version")
        launchTCB = u64(0x1F0)
        if version >= 5 {
            launchMitigationVector = u64(0x1F8)
            currentMitigationVector = u64(0x200)
            try zero(0x208..<Self.signedCount, "the reserved bytes before the signature (version 5)")
        } else {
            launchMitigationVector = nil
            currentMitigationVector = nil
            try zero(0x1F8..<Self.signedCount, "the reserved bytes before the signature")
        }
        // ABI Table 23 / go-sev-guest ReportToSignatureDER: R and S are 72-byte little-endian
        // fields of which a P-384 signature uses the low 48 bytes.
        try zero(0x2A0 + 48..<0x2A0 + 72, "the upper 24 bytes of signature R")
        try zero(0x2E8 + 48..<0x2E8 + 72, "the upper 24 bytes of signature S")
        try zero(0x330..<Self.size, "the reserved bytes after the signature")
        signatureR = Array(b[0x2A0..<0x2A0 + 48].reversed())
        signatureS = Array(b[0x2E8..<0x2E8 + 48].reversed())
        signedBytes = Array(b[0..<Self.signedCount])
        bytes = b
    }
}
