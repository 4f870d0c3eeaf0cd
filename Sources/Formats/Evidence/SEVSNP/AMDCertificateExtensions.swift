// The AMD extensions of a VCEK or VLEK certificate (AMD "Versioned Chip Endorsement Key (VCEK)
// Certificate and KDS Interface Specification", publication 57230, §3 Table 8;
// Tests/Vectors/tee/sev-snp/README.md §The certificates), under 1.3.6.1.4.1.3704.1:
//   .1 structVersion INTEGER          .2 productName IA5String (`Milan-B0`, `Turin`)
//   .3.1 blSPL  .3.2 teeSPL  .3.3 snpSPL  .3.4–.3.7 spl4–spl7  .3.8 ucodeSPL  .3.9 fmcSPL (Turin)
//   .4 hwID (VCEK: the chip ID)        .5 cspID IA5String (VLEK: the cloud provider)
// Each SPL is a DER INTEGER (`02 02 00 d9` for 217). hwID comes in two encodings: the raw bytes
// (64, or 8 for Turin) or a DER OCTET STRING around them (trustee `get_oid_octets`); the encoding
// is told by length, never by the first byte, since a chip ID may begin with 0x04.
public import SwiftASN1
import X509

/// The AMD-specific extensions of a VCEK or VLEK: product, TCB security patch levels, hwID or cspID.
public struct AMDCertificateExtensions: Hashable, Sendable {
    /// The extension OIDs (1.3.6.1.4.1.3704.1.x).
    public enum OIDs {
        public static let structVersion: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 3704, 1, 1]
        public static let productName: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 3704, 1, 2]
        public static let blSPL: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 3704, 1, 3, 1]
        public static let teeSPL: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 3704, 1, 3, 2]
        public static let snpSPL: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 3704, 1, 3, 3]
        public static let spl4: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 3704, 1, 3, 4]
        public static let spl5: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 3704, 1, 3, 5]
        public static let spl6: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 3704, 1, 3, 6]
        public static let spl7: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 3704, 1, 3, 7]
        public static let ucodeSPL: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 3704, 1, 3, 8]
        public static let fmcSPL: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 3704, 1, 3, 9]
        public static let hwID: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 3704, 1, 4]
        public static let cspID: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 3704, 1, 5]
    }

    /// structVersion (`.1`), if present.
    public let structVersion: Int?
    /// productName (`.2`), if present: `Milan-B0`, `Genoa`, `Turin`…
    public let productName: String?
    /// blSPL (`.3.1`).
    public let blSPL: UInt8?
    /// teeSPL (`.3.2`).
    public let teeSPL: UInt8?
    /// snpSPL (`.3.3`).
    public let snpSPL: UInt8?
    /// spl4–spl7 (`.3.4`–`.3.7`), reserved levels, by index 4…7, when present.
    public let reservedSPLs: [Int: UInt8]
    /// ucodeSPL (`.3.8`).
    public let ucodeSPL: UInt8?
    /// fmcSPL (`.3.9`, Turin).
    public let fmcSPL: UInt8?
    /// hwID (`.4`): the chip ID a VCEK was issued for (64 bytes; 8 for Turin), unwrapped.
    public let hwID: [UInt8]?
    /// cspID (`.5`): the cloud provider a VLEK was issued to.
    public let cspID: String?

    /// Reads the AMD extensions of `certificate`; other extensions are ignored. Throws
    /// `badCertificate` if an AMD extension does not hold its documented type, an SPL is outside
    /// 0…255, or an extension appears twice.
    public init(_ certificate: EvidenceCertificate) throws(EvidenceError) {
        var seen = Set<ASN1ObjectIdentifier>()
        var structVersion: Int?, productName: String?, hwID: [UInt8]?, cspID: String?
        var spl: [ASN1ObjectIdentifier: UInt8] = [:]
        let splOIDs = [OIDs.blSPL, OIDs.teeSPL, OIDs.snpSPL, OIDs.spl4, OIDs.spl5, OIDs.spl6, OIDs.spl7, OIDs.ucodeSPL, OIDs.fmcSPL]
        for ext in certificate.certificate.extensions {
            let oid = ext.oid
            guard oid == OIDs.structVersion || oid == OIDs.productName || oid == OIDs.hwID || oid == OIDs.cspID
                || splOIDs.contains(oid)
            else { continue }
            guard seen.insert(oid).inserted else {
                throw EvidenceError(.badCertificate, "the AMD extension \(oid) appears twice")
            }
            let value = ext.value
            do {
                switch oid {
                case OIDs.structVersion:
                    structVersion = try Int(derEncoded: value)
                case OIDs.productName:
                    productName = String(try ASN1IA5String(derEncoded: value))
                case OIDs.cspID:
                    cspID = String(try ASN1IA5String(derEncoded: value))
                case OIDs.hwID:
                    hwID = try Self.unwrapHWID(value)
                default:
                    let level = try Int(derEncoded: value)
                    guard let byte = UInt8(exactly: level) else {
                        throw EvidenceError(.badCertificate, "the SPL extension \(oid) holds \(level), outside 0…255")
                    }
                    spl[oid] = byte
                }
            } catch let error as EvidenceError {
                throw error
            } catch {
                throw EvidenceError(.badCertificate, "the AMD extension \(oid) does not hold its documented DER type: \(error)")
            }
        }
        self.structVersion = structVersion
        self.productName = productName
        self.hwID = hwID
        self.cspID = cspID
        self.blSPL = spl[OIDs.blSPL]
        self.teeSPL = spl[OIDs.teeSPL]
        self.snpSPL = spl[OIDs.snpSPL]
        self.ucodeSPL = spl[OIDs.ucodeSPL]
        self.fmcSPL = spl[OIDs.fmcSPL]
        var reserved: [Int: UInt8] = [:]
        for (index, oid) in [(4, OIDs.spl4), (5, OIDs.spl5), (6, OIDs.spl6), (7, OIDs.spl7)] {
            if let level = spl[oid] { reserved[index] = level }
        }
        self.reservedSPLs = reserved
    }

    /// hwID is the raw chip ID (64 bytes, or 8 for Turin) or a DER OCTET STRING around it.
    private static func unwrapHWID(_ value: ArraySlice<UInt8>) throws -> [UInt8] {
        if value.count == 64 || value.count == 8 { return Array(value) }
        let inner = try ASN1OctetString(derEncoded: value).bytes
        guard inner.count == 64 || inner.count == 8 else {
            throw EvidenceError(.badCertificate, "hwID holds \(inner.count) bytes: expected 64, or 8 for Turin")
        }
        return Array(inner)
    }

    /// The certificate's TCB, laid out for `product`; nil if an SPL the layout needs is missing
    /// (blSPL, teeSPL, snpSPL, ucodeSPL, and fmcSPL for Turin).
    public func tcb(for product: SNPProduct) -> SNPTCBVersion? {
        guard let blSPL, let teeSPL, let snpSPL, let ucodeSPL else { return nil }
        if product == .turin, fmcSPL == nil { return nil }
        return SNPTCBVersion(product: product, bootLoader: blSPL, tee: teeSPL, snp: snpSPL, microcode: ucodeSPL, fmc: fmcSPL)
    }
}
