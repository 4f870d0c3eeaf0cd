// APPRAISAL.md rule 2: the full chain, not just signatures. For a chain given leaf first and
// ending in a self-signed root, at one explicit instant: the root is pinned; each certificate
// names the next as issuer and verifies under its key; every certificate is valid at the instant;
// every issuer is a CA with keyCertSign whose path length allows the certificates below it; and,
// when CRLs are given, each CRL is signed by its issuer in the chain, current, and lists none of
// the chain. Every step is reported as its own check, named `<label>.<step>`.
public import Foundation
public import Evidence
import X509
import SwiftASN1
import CryptoPrimitives

/// The chain checks shared by every platform.
public enum CertificateChainCheck {
    /// The revocation input of a chain check.
    public enum Revocation: Sendable {
        /// No CRL was supplied: `<label>.revocation` is NOT_CHECKED, required or not.
        case missing(required: Bool, reason: String)
        /// These CRLs; each must be issued by a certificate of the chain.
        case crls([CertificateRevocationList])
    }

    /// Checks `chain` (leaf first, root last) at `instant` against `roots`, appending one check
    /// per step to `report`. Returns whether every step that ran passed (missing CRLs aside).
    @discardableResult
    public static func verify(
        _ chain: [EvidenceCertificate], label: String, roots: [PinnedRoot], at instant: Date,
        revocation: Revocation, into report: inout AppraisalReport
    ) -> Bool {
        let before = report.checks.count
        guard let root = chain.last else {
            report.checks.append(.fail("\(label).pinned-root", "the chain is empty"))
            return false
        }
        let fingerprint = root.sha256
        if let pinned = roots.first(where: { $0.sha256 == fingerprint }) {
            report.checks.append(.pass("\(label).pinned-root", "\(root.commonName) is \(pinned.name), SHA-256 \(Hex.encode(fingerprint))"))
            if !report.rootsUsed.contains(where: { $0.sha256 == fingerprint }) {
                report.rootsUsed.append(RootUsed(name: pinned.name, sha256: fingerprint))
            }
        } else {
            report.checks.append(.fail(
                "\(label).pinned-root",
                "\(root.commonName) (SHA-256 \(Hex.encode(fingerprint))) is not a pinned root; pinned: \(roots.map(\.name).joined(separator: ", "))"))
        }

        // Names and signatures, leaf to root.
        var signatureFailure: String?
        var nameFailure: String?
        for (i, cert) in chain.enumerated() {
            let issuer = i + 1 < chain.count ? chain[i + 1] : cert
            if cert.certificate.issuer != issuer.certificate.subject, nameFailure == nil {
                nameFailure = "\(cert.commonName) names issuer \(cert.certificate.issuer), but the next certificate is \(issuer.certificate.subject)"
            }
            if !cert.isSigned(by: issuer), signatureFailure == nil {
                signatureFailure = i + 1 < chain.count
                    ? "\(cert.commonName) is not signed by \(issuer.commonName) (\(cert.signatureScheme))"
                    : "the root \(cert.commonName) is not self-signed"
            }
        }
        report.checks.append(.check("\(label).names", nameFailure == nil,
                                    pass: "each certificate names the next as its issuer", fail: nameFailure ?? ""))
        report.checks.append(.check("\(label).signatures", signatureFailure == nil,
                                    pass: "\(chain.map(\.commonName).joined(separator: " ← ")) verify", fail: signatureFailure ?? ""))

        // Validity of every certificate, the root too, at the one instant.
        let stamp = RFC3339.string(instant)
        let expired = chain.first { !($0.certificate.notValidBefore <= instant && instant <= $0.certificate.notValidAfter) }
        report.checks.append(.check(
            "\(label).validity", expired == nil,
            pass: "every certificate is valid at \(stamp)",
            fail: expired.map {
                "\($0.commonName) is valid \(RFC3339.string($0.certificate.notValidBefore)) → \(RFC3339.string($0.certificate.notValidAfter)), not at \(stamp)"
            } ?? ""))

        // CA constraints: every issuer is a CA with keyCertSign and a path length that allows the
        // certificates below it; the leaf is not a CA.
        var caFailure: String?
        for (i, cert) in chain.enumerated() where caFailure == nil {
            caFailure = caConstraintFailure(cert, isLeaf: i == 0, below: max(0, i - 1))
        }
        report.checks.append(.check("\(label).ca-constraints", caFailure == nil,
                                    pass: "issuers are CAs with keyCertSign within their path length; the leaf is not a CA",
                                    fail: caFailure ?? ""))

        switch revocation {
        case .missing(let required, let reason):
            report.checks.append(.notChecked("\(label).revocation", reason, required: required))
        case .crls(let crls):
            report.checks.append(revocationCheck(chain, crls: crls, label: label, at: instant))
        }
        return report.checks[before...].allSatisfy { $0.status != .fail }
    }

    /// Why `cert` breaks the CA rules, or nil. `below` is the number of CA certificates under it
    /// in the chain (the intermediates its pathLenConstraint must allow).
    static func caConstraintFailure(_ cert: EvidenceCertificate, isLeaf: Bool, below: Int) -> String? {
        let constraints: BasicConstraints?
        let usage: KeyUsage?
        do {
            constraints = try cert.certificate.extensions.basicConstraints
            usage = try keyUsage(of: cert.certificate)
        } catch {
            return "\(cert.commonName) has a malformed basicConstraints or keyUsage extension"
        }
        if isLeaf {
            if case .isCertificateAuthority = constraints {
                return "the leaf \(cert.commonName) is a CA certificate"
            }
            return nil
        }
        guard case .isCertificateAuthority(let maxPathLength) = constraints else {
            return "\(cert.commonName) issues certificates but is not a CA (basicConstraints)"
        }
        if let maxPathLength, below > maxPathLength {
            return "\(cert.commonName) allows \(maxPathLength) intermediate CAs below it, the chain has \(below)"
        }
        if let usage, !usage.keyCertSign {
            return "\(cert.commonName) issues certificates but its keyUsage lacks keyCertSign"
        }
        return nil
    }

    /// The keyUsage extension (RFC 5280 §4.2.1.3). AMD's ARKs, ASKs and ASVKs encode keyCertSign as
    /// the BIT STRING `03 02 01 04`: one unused bit where DER (X.690 §11.2.2) wants the trailing zero
    /// bit dropped too. swift-certificates refuses that encoding; it is read here as BER reads it
    /// (the same bits), the unused bits still required to be zero.
    static func keyUsage(of certificate: Certificate) throws -> KeyUsage? {
        do {
            return try certificate.extensions.keyUsage
        } catch {
            guard let ext = certificate.extensions[oid: .X509ExtensionID.keyUsage] else { throw error }
            let bits = try ASN1BitString(derEncoded: ext.value)
            guard bits.bytes.count <= 2 else { throw error }
            let first = bits.bytes.first ?? 0
            let second = bits.bytes.dropFirst().first ?? 0
            func bit(_ n: Int) -> Bool { (n < 8 ? first : second) & (0x80 >> UInt8(n % 8)) != 0 }
            return KeyUsage(
                digitalSignature: bit(0), nonRepudiation: bit(1), keyEncipherment: bit(2), dataEncipherment: bit(3),
                keyAgreement: bit(4), keyCertSign: bit(5), cRLSign: bit(6), encipherOnly: bit(7), decipherOnly: bit(8))
        }
    }

    /// Each CRL must be issued by a certificate of the chain, verify under its key, be current at
    /// `instant` (thisUpdate ≤ instant ≤ nextUpdate, nextUpdate present), and revoke none of the
    /// certificates that certificate issued in the chain.
    static func revocationCheck(_ chain: [EvidenceCertificate], crls: [CertificateRevocationList], label: String,
                                at instant: Date) -> AppraisalCheck {
        let name = "\(label).revocation"
        guard !crls.isEmpty else { return .notChecked(name, "no CRL was supplied") }
        let stamp = RFC3339.string(instant)
        var covered: [String] = []
        for crl in crls {
            guard let issuerIndex = chain.firstIndex(where: { $0.certificate.subject == crl.issuer }) else {
                return .fail(name, "a CRL issued by \(crl.issuer) covers no certificate of the chain")
            }
            let issuer = chain[issuerIndex]
            guard crl.isSigned(by: issuer) else {
                return .fail(name, "the CRL of \(issuer.commonName) is not signed by it")
            }
            guard let next = crl.nextUpdate else {
                return .fail(name, "the CRL of \(issuer.commonName) has no nextUpdate")
            }
            guard crl.thisUpdate <= instant, instant <= next else {
                return .fail(name, "the CRL of \(issuer.commonName) is current \(RFC3339.string(crl.thisUpdate)) → \(RFC3339.string(next)), not at \(stamp)")
            }
            // Every certificate the CRL's issuer issued, the self-signed root included.
            for cert in chain where cert.certificate.issuer == crl.issuer {
                if crl.revokes(cert) {
                    return .fail(name, "\(cert.commonName) (serial \(Hex.encode(cert.certificate.serialNumber.bytes))) is revoked by the CRL of \(issuer.commonName)")
                }
            }
            covered.append(issuer.commonName)
        }
        return .pass(name, "CRLs of \(covered.joined(separator: ", ")) are signed, current at \(stamp) and revoke none of the chain")
    }
}
