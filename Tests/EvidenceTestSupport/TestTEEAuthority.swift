// A test-only certificate hierarchy that produces evidence in the real formats (Nitro attestation
// documents, SEV-SNP reports) signed by keys the tests generate. Never compiled into the binary:
// tests pin its roots through a test policy.
//
// One instance holds two hierarchies, each with fresh keys:
// - Nitro (attestation_process.md §3.2.3): a self-signed P-384 root, one intermediate CA and a
//   leaf key, all ecdsa-with-SHA384 as AWS issues them. The leaf certificate is issued per
//   document, valid for 3 hours from just before the document's timestamp, as the NSM does.
// - SEV-SNP (AMD publication 57230 §2 and §3): ARK (self-signed) → ASK → VCEK, named as AMD names
//   Milan's, signed with RSASSA-PSS SHA-384 / MGF1-SHA-384 / salt 48 as AMD signs them. The ARK
//   and ASK keys are RSA-2048 (AMD's are RSA-4096; 2048 keeps key generation fast), the VCEK key
//   is P-384 and carries the AMD extensions for this instance's chip ID and TCB.
// Everything but the keys (and therefore the signatures) is a function of the parameters: no
// clock is read.
public import Foundation
public import Evidence
import Crypto
import _CryptoExtras
import X509
import SwiftASN1

/// A throwaway certificate authority for tests that issues Nitro attestation documents and
/// SEV-SNP attestation reports, with certificates and a CRL, in the vendors' exact formats.
///
/// Keys are generated per instance; nothing else is random and no clock is read. Trust it in an
/// appraisal by adding ``nitroRootSHA256`` or ``arkSHA256`` to the policy's additional roots.
/// Every method traps if swift-certificates or swift-asn1 refuses to build a structure, which
/// would be a defect of this type, not of the test using it.
public final class TestTEEAuthority: Sendable {
    // MARK: Nitro

    /// The Nitro root CA's certificate (self-signed, P-384, ecdsa-with-SHA384).
    public let nitroRoot: EvidenceCertificate
    /// The Nitro intermediate CA's certificate, issued by ``nitroRoot``.
    public let nitroIntermediate: EvidenceCertificate
    let nitroIntermediateKey: P384.Signing.PrivateKey
    let nitroLeafKey: P384.Signing.PrivateKey

    // MARK: SEV-SNP

    /// The AMD Root Key certificate `CN=ARK-Milan` (self-signed, RSASSA-PSS).
    public let ark: EvidenceCertificate
    /// The AMD SEV Key certificate `CN=SEV-Milan`, issued by ``ark``.
    public let ask: EvidenceCertificate
    /// The chip's endorsement key certificate `CN=SEV-VCEK`, issued by ``ask``, with the AMD
    /// extensions for ``chipID`` and ``tcb``.
    public let vcek: EvidenceCertificate
    let arkKey: _RSA.Signing.PrivateKey
    let vcekKey: P384.Signing.PrivateKey
    /// The 64-byte CHIP_ID of the simulated processor: the VCEK's hwID and every report's CHIP_ID.
    public let chipID: [UInt8]
    /// The TCB version of the simulated processor (Milan layout, see ``milanTCB(bootLoader:tee:snp:microcode:)``):
    /// the VCEK's SPL extensions and the default TCB fields of ``snpReport(reportData:measurement:hostData:policy:vmpl:version:tcb:chipID:)``.
    public let tcb: UInt64

    /// Creates both hierarchies with fresh keys.
    ///
    /// - Parameters:
    ///   - nitroRootValidity: the Nitro root's validity (default 2020-01-01 → 2050-01-01).
    ///   - nitroIntermediateValidity: the Nitro intermediate's validity (same default).
    ///   - arkValidity: the ARK's validity (same default).
    ///   - askValidity: the ASK's validity (same default).
    ///   - vcekValidity: the VCEK's validity (default 2023-01-01 → 2030-01-01, seven years as AMD issues).
    ///   - chipID: the 64-byte chip ID (default ``defaultChipID``).
    ///   - tcb: the TCB the VCEK certifies (default ``defaultTCB``).
    public init(
        nitroRootValidity: ClosedRange<Date> = TestTEEAuthority.defaultCAValidity,
        nitroIntermediateValidity: ClosedRange<Date> = TestTEEAuthority.defaultCAValidity,
        arkValidity: ClosedRange<Date> = TestTEEAuthority.defaultCAValidity,
        askValidity: ClosedRange<Date> = TestTEEAuthority.defaultCAValidity,
        vcekValidity: ClosedRange<Date> = TestTEEAuthority.defaultVCEKValidity,
        chipID: [UInt8] = TestTEEAuthority.defaultChipID,
        tcb: UInt64 = TestTEEAuthority.defaultTCB
    ) {
        precondition(chipID.count == 64, "a CHIP_ID is 64 bytes, not \(chipID.count)")
        self.chipID = chipID
        self.tcb = tcb

        let nitroRootKey = P384.Signing.PrivateKey()
        nitroIntermediateKey = P384.Signing.PrivateKey()
        nitroLeafKey = P384.Signing.PrivateKey()
        nitroRoot = Self.nitroCertificate(
            serial: [0x01], key: nitroRootKey.publicKey, validity: nitroRootValidity,
            issuer: Self.nitroRootName, subject: Self.nitroRootName, extensions: Self.nitroRootExtensions,
            issuerKey: nitroRootKey)
        nitroIntermediate = Self.nitroCertificate(
            serial: [0x02], key: nitroIntermediateKey.publicKey, validity: nitroIntermediateValidity,
            issuer: Self.nitroRootName, subject: Self.nitroIntermediateName,
            extensions: Self.nitroIntermediateExtensions, issuerKey: nitroRootKey)

        arkKey = Self.generateRSAKey()
        let askKey = Self.generateRSAKey()
        vcekKey = P384.Signing.PrivateKey()
        ark = Self.pssCertificate(
            serial: Self.arkSerialNumber, key: Certificate.PublicKey(arkKey.publicKey), validity: arkValidity,
            issuer: Self.amdName("ARK-Milan"), subject: Self.amdName("ARK-Milan"), extensions: Self.arkExtensions,
            issuerKey: arkKey)
        ask = Self.pssCertificate(
            serial: Self.askSerialNumber, key: Certificate.PublicKey(askKey.publicKey), validity: askValidity,
            issuer: Self.amdName("ARK-Milan"), subject: Self.amdName("SEV-Milan"), extensions: Self.askExtensions,
            issuerKey: arkKey)
        vcek = Self.pssCertificate(
            serial: Self.vcekSerialNumber, key: Certificate.PublicKey(vcekKey.publicKey), validity: vcekValidity,
            issuer: Self.amdName("SEV-Milan"), subject: Self.amdName("SEV-VCEK"),
            extensions: Self.vcekExtensions(chipID: chipID, tcb: tcb), issuerKey: askKey)
    }

    // MARK: Defaults

    /// 2020-01-01T00:00:00Z → 2050-01-01T00:00:00Z: the default validity of every CA certificate.
    public static let defaultCAValidity = date(2020, 1, 1)...date(2050, 1, 1)
    /// 2023-01-01T00:00:00Z → 2030-01-01T00:00:00Z: the default validity of the VCEK.
    public static let defaultVCEKValidity = date(2023, 1, 1)...date(2030, 1, 1)
    /// The default chip ID: the bytes 0xC0, 0xC1, …, 0xFF.
    public static let defaultChipID: [UInt8] = (0..<64).map { 0xC0 + UInt8($0) }
    /// The default TCB: Milan bl 3, tee 0, snp 8, ucode 115 (bytes `03 00 00 00 00 00 08 73`),
    /// the TCB of the real Milan report in Tests/Vectors/tee/sev-snp.
    public static let defaultTCB = milanTCB(bootLoader: 3, tee: 0, snp: 8, microcode: 115)

    /// A Milan/Genoa TCB_VERSION (ABI 56860 Table 3) as the little-endian 64-bit integer the report
    /// stores: byte 0 BOOT_LOADER, byte 1 TEE, bytes 2–5 reserved, byte 6 SNP, byte 7 MICROCODE.
    public static func milanTCB(bootLoader: UInt8, tee: UInt8, snp: UInt8, microcode: UInt8) -> UInt64 {
        UInt64(bootLoader) | UInt64(tee) << 8 | UInt64(snp) << 48 | UInt64(microcode) << 56
    }

    /// The UTC instant `year-month-day` at midnight (or the given time), for fixed test dates.
    public static func date(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: components) else { preconditionFailure("no such date \(components)") }
        return date
    }

    /// Runs a builder step that can only fail through a defect of this type, trapping with its error.
    static func must<T>(_ what: String, _ body: () throws -> T) -> T {
        do { return try body() } catch { preconditionFailure("TestTEEAuthority could not build \(what): \(error)") }
    }
}
