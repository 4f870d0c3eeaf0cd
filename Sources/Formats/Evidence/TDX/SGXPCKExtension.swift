// Intel SGX PCK Certificate and CRL Profile §1.5 "Intel SGX PCK Certificate extensions": the
// extension 1.2.840.113741.1.13.1 of a PCK leaf, a SEQUENCE of (OID, value) pairs:
//   .1 PPID OCTET STRING (16) · .2 TCB SEQUENCE of (.2.1–.2.16 SGX TCB component INTEGER,
//   .2.17 PCESVN INTEGER, .2.18 CPUSVN OCTET STRING (16)) · .3 PCE-ID OCTET STRING (2) ·
//   .4 FMSPC OCTET STRING (6) · .5 SGX type ENUMERATED · .6 platform instance ID and
//   .7 configuration (Scalable platforms; read past, not used).
// Read with swift-asn1.
public import SwiftASN1

/// The SGX extension of a PCK certificate: the platform's certified TCB level and its FMSPC and
/// PCE-ID, against which TCB Info levels are matched.
public struct SGXPCKExtension: Hashable, Sendable {
    /// The extension's OID, 1.2.840.113741.1.13.1.
    public static let oid: ASN1ObjectIdentifier = [1, 2, 840, 113_741, 1, 13, 1]

    /// PPID (16 bytes): the encrypted platform provisioning ID.
    public let ppid: [UInt8]
    /// SGX TCB components 1–16, in order (each 0–255).
    public let sgxTCBComponents: [UInt8]
    /// PCESVN.
    public let pceSVN: UInt16
    /// CPUSVN (16 bytes) as certified.
    public let cpuSVN: [UInt8]
    /// PCE-ID (2 bytes).
    public let pceID: [UInt8]
    /// FMSPC (6 bytes): family, model, stepping, platform type and customer SKU.
    public let fmspc: [UInt8]
    /// SGX type: 0 Standard, 1 Scalable, 2 Scalable with integrity.
    public let sgxType: Int

    /// Reads the extension from `certificate`. Throws `badCertificate` when it is missing, does
    /// not parse, lacks a field above, or holds a field of the wrong size or range.
    public init(certificate: EvidenceCertificate) throws(EvidenceError) {
        guard let ext = certificate.certificate.extensions.first(where: { $0.oid == Self.oid }) else {
            throw EvidenceError(.badCertificate, "\(certificate.commonName) has no SGX extension (\(Self.oid))")
        }
        try self.init(derEncoded: Array(ext.value))
    }

    /// Reads the DER value of the extension.
    public init(derEncoded der: [UInt8]) throws(EvidenceError) {
        var fields: [ASN1ObjectIdentifier: ASN1Node] = [:]
        var tcb: [ASN1ObjectIdentifier: ASN1Node] = [:]
        do {
            try Self.pairs(DER.parse(der), into: &fields)
            guard let tcbNode = fields[Self.arc(2)] else {
                throw EvidenceError(.badCertificate, "the SGX extension has no TCB (.2)")
            }
            try Self.pairs(tcbNode, into: &tcb)
            func octets(_ node: ASN1Node?, _ name: String, _ count: Int) throws -> [UInt8] {
                guard let node else { throw EvidenceError(.badCertificate, "the SGX extension has no \(name)") }
                let bytes = Array(try ASN1OctetString(derEncoded: node).bytes)
                guard bytes.count == count else {
                    throw EvidenceError(.badCertificate, "the SGX extension's \(name) is \(bytes.count) bytes, expected \(count)")
                }
                return bytes
            }
            func integer(_ node: ASN1Node?, _ name: String, max: Int) throws -> Int {
                guard let node else { throw EvidenceError(.badCertificate, "the SGX extension has no \(name)") }
                let value = try Int(derEncoded: node)
                guard (0...max).contains(value) else {
                    throw EvidenceError(.badCertificate, "the SGX extension's \(name) is \(value), outside 0…\(max)")
                }
                return value
            }
            ppid = try octets(fields[Self.arc(1)], "PPID", 16)
            sgxTCBComponents = try (1...16).map { i in
                UInt8(try integer(tcb[Self.arc(2, UInt(i))], "SGX TCB component \(i)", max: 255))
            }
            pceSVN = UInt16(try integer(tcb[Self.arc(2, 17)], "PCESVN", max: 65_535))
            cpuSVN = try octets(tcb[Self.arc(2, 18)], "CPUSVN", 16)
            pceID = try octets(fields[Self.arc(3)], "PCE-ID", 2)
            fmspc = try octets(fields[Self.arc(4)], "FMSPC", 6)
            guard let typeNode = fields[Self.arc(5)] else {
                throw EvidenceError(.badCertificate, "the SGX extension has no SGX type")
            }
            sgxType = try Int(derEncoded: typeNode, withIdentifier: .enumerated)
        } catch let error as EvidenceError {
            throw error
        } catch {
            throw EvidenceError(.badCertificate, "the SGX extension is not DER of its profile: \(error)")
        }
    }

    /// The OID of a field of the extension: ``oid`` followed by `arcs`.
    private static func arc(_ arcs: UInt...) -> ASN1ObjectIdentifier {
        // Appending arcs to a valid OID always gives a valid OID.
        try! ASN1ObjectIdentifier(elements: oid.oidComponents + arcs)
    }

    /// Reads `SEQUENCE OF SEQUENCE { OID, value }` into `out`; a repeated OID is an error.
    private static func pairs(_ node: ASN1Node, into out: inout [ASN1ObjectIdentifier: ASN1Node]) throws {
        try DER.sequence(node, identifier: .sequence) { nodes in
            while let entry = nodes.next() {
                try DER.sequence(entry, identifier: .sequence) { pair in
                    let oid = try ASN1ObjectIdentifier(derEncoded: &pair)
                    guard let value = pair.next(), pair.next() == nil else {
                        throw EvidenceError(.badCertificate, "an SGX extension entry \(oid) is not an (OID, value) pair")
                    }
                    guard out.updateValue(value, forKey: oid) == nil else {
                        throw EvidenceError(.badCertificate, "the SGX extension repeats \(oid)")
                    }
                }
            }
        }
    }
}
