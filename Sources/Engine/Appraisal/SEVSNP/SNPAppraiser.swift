// Appraisal of an AMD SEV-SNP attestation report (specs/evidence.md §SEV-SNP; APPRAISAL.md §2,
// pitfalls S1–S6, rules 2–6). The steps are those of go-sev-guest `verify.SnpAttestation` and
// `validate.SnpAttestation`, virtee/sev and trustee, in this order:
//   snp.format          the report parses (1,184 bytes, version 2/3/5, ECDSA P-384, VCEK or VLEK)
//   snp.endorsement-key the VCEK/VLEK: its name matches the report's signer, P-384 key,
//                       RSASSA-PSS signature, AMD extensions that parse, a known product
//   chain.*             VCEK ← ASK ← ARK (VLEK ← ASVK ← ARK), the ARK pinned (CertificateChainCheck)
//   snp.signature       ECDSA P-384 / SHA-384 over [0, 0x2A0) by the VCEK/VLEK
//   snp.reported-tcb    the certificate's SPL extensions == REPORTED_TCB (S1: not CURRENT_TCB)
//   snp.chip-id         VCEK hwID == CHIP_ID (a VLEK has none)
//   snp.tcb-order       REPORTED ≤ COMMITTED ≤ CURRENT, and the certificate's TCB ≤ CURRENT
//   snp.policy          POLICY bit 17 set
//   debug               POLICY bit 19 clear, unless the policy allows debug
//   measurement.<NAME>  each measurement the policy lists
// The product (and so the TCB layout and the compiled-in chain) comes from the certificate, never
// from the report's CPUID alone: a version 2 report has none (S6).
public import Foundation
public import Evidence
import X509
import Crypto
import CryptoPrimitives

/// Appraises SEV-SNP attestation reports against pinned AMD roots, at an explicit instant.
public enum SNPAppraiser {
    /// The measurement names of an SEV-SNP report, in the order they are reported: the 48-,
    /// 32-, 64-, 64-, 48-, 16- and 16-byte fields as the report holds them, POLICY as its 8
    /// little-endian bytes, VMPL as its 4, and each TCB as its 8.
    public static let measurementNames = [
        "MEASUREMENT", "HOST_DATA", "REPORT_DATA", "CHIP_ID", "ID_KEY_DIGEST", "FAMILY_ID", "IMAGE_ID",
        "POLICY", "VMPL", "REPORTED_TCB", "CURRENT_TCB", "COMMITTED_TCB", "LAUNCH_TCB",
    ]

    /// Appraises `report` (the 1,184 raw bytes) at `instant` under `policy`.
    ///
    /// `certificates` is the VCEK or VLEK first (required), optionally followed by the rest of
    /// its chain, leaf first: the ASK (or ASVK) and the ARK. With the VCEK/VLEK alone, the
    /// compiled-in ASK/ASVK and ARK of the product its issuer names are used; a chain given
    /// without its ARK is completed with the compiled-in ARK its last certificate names. A given
    /// chain is used as given, and its ARK must still match a pinned root. `crl` is AMD's CRL for
    /// the product (signed by the ARK); without one `chain.revocation` is NOT_CHECKED, required
    /// when `policy.requireSNPCRL`.
    ///
    /// Never throws: a report that does not parse gives a FAIL of `snp.format`, and every step
    /// that could not run is reported NOT_CHECKED. `bindingFields["report_data"]` is set only
    /// when `snp.signature` passed.
    public static func appraise(
        _ report: [UInt8], certificates: [EvidenceCertificate], crl: CertificateRevocationList? = nil,
        at instant: Date, policy: AppraisalPolicy
    ) -> AppraisalReport {
        var out = AppraisalReport(platform: .sevSNP, instant: instant)
        let parsed: SNPAttestationReport?
        do {
            let value = try SNPAttestationReport.parse(report)
            parsed = value
            out.checks.append(.pass(
                "snp.format",
                "version \(value.version) report, \(value.signerInfo.signingKey)-signed, VMPL \(value.vmpl), firmware \(value.currentVersion)"))
        } catch {
            parsed = nil
            out.checks.append(.fail("snp.format", error.message))
        }

        let endorsement = endorsementKey(certificates.first, expected: parsed?.signerInfo.signingKey, into: &out)
        verifyChain(certificates, endorsement: endorsement, crl: crl, at: instant, policy: policy, into: &out)

        guard let parsed else {
            for name in ["snp.signature", "snp.reported-tcb", "snp.chip-id", "snp.tcb-order", "snp.policy", "debug"] {
                out.checks.append(.notChecked(name, "the report did not parse"))
            }
            for name in policy.measurements.keys.sorted() {
                out.checks.append(.notChecked("measurement.\(name)", "the report did not parse"))
            }
            return out
        }

        let signed = signatureCheck(parsed, endorsement: endorsement)
        out.checks.append(signed)
        out.checks.append(reportedTCBCheck(parsed, endorsement: endorsement))
        out.checks.append(chipIDCheck(parsed, endorsement: endorsement))
        out.checks.append(tcbOrderCheck(parsed, endorsement: endorsement))
        out.checks.append(.check(
            "snp.policy", parsed.policy.reservedBitSet,
            pass: "POLICY \(parsed.policy)",
            fail: "POLICY \(parsed.policy): bit 17 is reserved and must be 1"))
        out.checks.append(debugCheck(parsed.policy, policy: policy))

        out.measurements = measurements(parsed)
        for (name, allowed) in policy.measurements.sorted(by: { $0.key < $1.key }) {
            out.checks.append(measurementCheck(name, allowed: allowed, measurements: out.measurements))
        }
        if signed.status == .pass {
            out.bindingFields["report_data"] = parsed.reportData
        }
        return out
    }

    /// Appraises a VCEK or VLEK without a report (the chain alone): `snp.endorsement-key` and
    /// the `chain.*` steps, with the same chain rules as ``appraise(_:certificates:crl:at:policy:)``.
    /// The revocation step is NOT_CHECKED (required when `policy.requireSNPCRL`).
    public static func appraiseChain(certificates: [EvidenceCertificate], at instant: Date, policy: AppraisalPolicy) -> AppraisalReport {
        var out = AppraisalReport(platform: .sevSNP, instant: instant)
        let endorsement = endorsementKey(certificates.first, expected: nil, into: &out)
        verifyChain(certificates, endorsement: endorsement, crl: nil, at: instant, policy: policy, into: &out)
        return out
    }

    // MARK: - The endorsement key

    /// What the VCEK/VLEK says, as far as it could be read.
    struct Endorsement {
        let certificate: EvidenceCertificate
        let kind: SNPSignerInfo.SigningKey?
        let product: SNPProduct?
        let extensions: AMDCertificateExtensions?
        let publicKey: P384.Signing.PublicKey?
        let passed: Bool
    }

    /// `snp.endorsement-key`: go-sev-guest `validateKDSCertificateProductNonspecific`. The
    /// subject is `SEV-VCEK` or `SEV-VLEK` as the report's signer says; the key is P-384; the
    /// certificate is signed with RSASSA-PSS; the AMD extensions parse; the product is known from
    /// the issuer (`SEV-Milan`, `SEV-VLEK-Genoa`…) or the productName extension, and they agree;
    /// a VLEK names its cloud provider (cspID). Serial number 0 is accepted (every real VCEK has it).
    static func endorsementKey(
        _ certificate: EvidenceCertificate?, expected: SNPSignerInfo.SigningKey?, into out: inout AppraisalReport
    ) -> Endorsement? {
        let name = "snp.endorsement-key"
        guard let certificate else {
            out.checks.append(.fail(name, "no VCEK or VLEK certificate was supplied"))
            return nil
        }
        var failures: [String] = []
        let cn = certificate.commonName
        let kind: SNPSignerInfo.SigningKey? = switch cn {
        case SNPSignerInfo.SigningKey.vcek.commonName: .vcek
        case SNPSignerInfo.SigningKey.vlek.commonName: .vlek
        default: nil
        }
        if kind == nil {
            failures.append("the endorsement key's subject is \(cn), expected SEV-VCEK or SEV-VLEK")
        } else if let expected, kind != expected {
            failures.append("the report is signed by the \(expected) but the certificate is \(cn)")
        }
        let publicKey = P384.Signing.PublicKey(certificate.certificate.publicKey)
        if publicKey == nil { failures.append("\(cn)'s key is not an ECDSA P-384 key") }
        if case .rsaPSS = certificate.signatureScheme {} else {
            failures.append("\(cn) is signed with \(certificate.signatureScheme), expected RSASSA-PSS")
        }
        var extensions: AMDCertificateExtensions?
        do { extensions = try AMDCertificateExtensions(certificate) } catch {
            failures.append("\(cn)'s AMD extensions: \(error.message)")
        }
        let issuerName = certificate.issuerCommonName
        let fromIssuer = issuerName.flatMap(SNPProduct.init(signingKeyCommonName:))
        let fromName = extensions?.productName.flatMap(SNPProduct.init(productName:))
        let product = fromIssuer ?? fromName
        if product == nil {
            failures.append("\(cn)'s issuer \(issuerName ?? "(no common name)") and productName \(extensions?.productName ?? "(absent)") name no known product (Milan, Genoa, Turin)")
        } else if let fromIssuer, let fromName, fromIssuer != fromName {
            failures.append("\(cn)'s issuer \(issuerName ?? "") names \(fromIssuer) but its productName \(extensions?.productName ?? "") names \(fromName)")
        }
        if kind == .vlek, let extensions, extensions.cspID == nil {
            failures.append("the VLEK carries no cspID extension (1.3.6.1.4.1.3704.1.5)")
        }
        if failures.isEmpty {
            let detail = kind == .vlek ? "cspID \(extensions?.cspID ?? "")" : "hwID \(extensions?.hwID.map { "\($0.count) bytes" } ?? "absent")"
            out.checks.append(.pass(
                name,
                "\(cn) for \(product?.description ?? "?") (issuer \(issuerName ?? "?"), productName \(extensions?.productName ?? "absent")), P-384 key, \(certificate.signatureScheme), \(detail)"))
        } else {
            out.checks.append(.fail(name, failures.joined(separator: "; ")))
        }
        return Endorsement(certificate: certificate, kind: kind, product: product, extensions: extensions,
                           publicKey: publicKey, passed: failures.isEmpty)
    }

    // MARK: - The chain

    /// The `chain.*` steps (APPRAISAL.md rule 2) over the VCEK/VLEK and its chain, completed
    /// from the compiled-in AMD certificates where the caller gave less.
    static func verifyChain(
        _ certificates: [EvidenceCertificate], endorsement: Endorsement?, crl: CertificateRevocationList?,
        at instant: Date, policy: AppraisalPolicy, into out: inout AppraisalReport
    ) {
        var chain = certificates
        if chain.count == 1, let product = endorsement?.product, let kind = endorsement?.kind {
            chain += AMDProductChains.chain(for: product, signingKey: kind)
        } else if let last = chain.last, chain.count > 1, last.certificate.issuer != last.certificate.subject,
                  let root = AMDProductChains.roots.first(where: { $0.certificate.subject == last.certificate.issuer }) {
            chain.append(root)
        }
        let revocation: CertificateChainCheck.Revocation = crl.map { .crls([$0]) } ?? .missing(
            required: policy.requireSNPCRL,
            reason: policy.requireSNPCRL
                ? "no AMD CRL was supplied and the policy requires one"
                : "no AMD CRL was supplied (it revokes ASKs and ASVKs; VCEKs are superseded by TCB versions)")
        CertificateChainCheck.verify(
            chain, label: "chain", roots: PinnedRoot.trusted(for: .sevSNP, policy: policy), at: instant,
            revocation: revocation, into: &out)
    }

    // MARK: - Report checks

    /// `snp.signature`: ECDSA P-384 with SHA-384 over [0, 0x2A0) under the VCEK/VLEK's key
    /// (APPRAISAL.md rule 3). R and S were turned big-endian by the parser.
    static func signatureCheck(_ report: SNPAttestationReport, endorsement: Endorsement?) -> AppraisalCheck {
        let name = "snp.signature"
        guard let endorsement, let key = endorsement.publicKey else {
            return .fail(name, "no P-384 endorsement key to verify the report with")
        }
        guard let signature = try? P384.Signing.ECDSASignature(rawRepresentation: report.signatureR + report.signatureS) else {
            return .fail(name, "the report's R and S do not form a P-384 signature")
        }
        return .check(
            name, key.isValidSignature(signature, for: SHA384.hash(data: report.signedBytes)),
            pass: "the report's ECDSA P-384 signature over [0, 0x2A0) verifies under \(endorsement.certificate.commonName)",
            fail: "the report's ECDSA P-384 signature over [0, 0x2A0) does not verify under \(endorsement.certificate.commonName) (SHA-256 \(Hex.encode(endorsement.certificate.sha256).prefix(16))…)")
    }

    /// `snp.reported-tcb`: the certificate's TCB (its SPL extensions) equals REPORTED_TCB,
    /// component by component, in the certificate's product layout (S1, go-sev-guest `validateTcb`).
    static func reportedTCBCheck(_ report: SNPAttestationReport, endorsement: Endorsement?) -> AppraisalCheck {
        let name = "snp.reported-tcb"
        guard let endorsement, let product = endorsement.product, let extensions = endorsement.extensions else {
            return .notChecked(name, "the endorsement key's product or extensions are unknown")
        }
        let reported = SNPTCBVersion(raw: report.reportedTCB, product: product)
        guard let certified = extensions.tcb(for: product) else {
            return .fail(name, "\(endorsement.certificate.commonName) lacks an SPL extension that the \(product) TCB layout needs")
        }
        let layout = product == .turin ? "fmc/bl/tee/snp/ucode" : "bl/tee/snp/ucode"
        return .check(
            name, reported.hasSameComponents(as: certified),
            pass: "REPORTED_TCB \(reported) equals the certificate's TCB (\(product) \(layout))",
            fail: "REPORTED_TCB is \(reported) but \(endorsement.certificate.commonName) certifies \(certified) (\(product) \(layout))")
    }

    /// `snp.chip-id`: a VCEK's hwID equals CHIP_ID (an 8-byte Turin hwID equals its first 8
    /// bytes). A VLEK carries no hwID, and a MASK_CHIP_KEY report has a zero CHIP_ID: not checked.
    static func chipIDCheck(_ report: SNPAttestationReport, endorsement: Endorsement?) -> AppraisalCheck {
        let name = "snp.chip-id"
        if report.signerInfo.signingKey == .vlek {
            return .notChecked(name, "a VLEK carries no chip ID", required: false)
        }
        if report.signerInfo.maskChipKey {
            return .notChecked(name, "MASK_CHIP_KEY is set: the report's CHIP_ID is zeroed", required: false)
        }
        guard let endorsement, let extensions = endorsement.extensions else {
            return .notChecked(name, "the endorsement key's extensions could not be read")
        }
        guard let hwID = extensions.hwID else {
            return .fail(name, "\(endorsement.certificate.commonName) has no hwID extension (1.3.6.1.4.1.3704.1.4)")
        }
        let compared = Array(report.chipID.prefix(hwID.count))
        return .check(
            name, compared == hwID,
            pass: "CHIP_ID equals the VCEK's \(hwID.count)-byte hwID \(Hex.encode(hwID.prefix(8)))…",
            fail: "CHIP_ID \(Hex.encode(compared)) differs from the VCEK's hwID \(Hex.encode(hwID))")
    }

    /// `snp.tcb-order`: REPORTED_TCB ≤ COMMITTED_TCB ≤ CURRENT_TCB and the certificate's TCB ≤
    /// CURRENT_TCB, component by component (enarx#2415, go-sev-guest `validateTcb`). COMMITTED
    /// below CURRENT is accepted: real machines run provisional firmware (S2).
    static func tcbOrderCheck(_ report: SNPAttestationReport, endorsement: Endorsement?) -> AppraisalCheck {
        let name = "snp.tcb-order"
        guard let product = endorsement?.product else {
            return .notChecked(name, "the product, and so the TCB layout, is unknown")
        }
        let reported = SNPTCBVersion(raw: report.reportedTCB, product: product)
        let committed = SNPTCBVersion(raw: report.committedTCB, product: product)
        let current = SNPTCBVersion(raw: report.currentTCB, product: product)
        var failures: [String] = []
        if !reported.isComponentwise(atMost: committed) { failures.append("REPORTED_TCB \(reported) exceeds COMMITTED_TCB \(committed)") }
        if !committed.isComponentwise(atMost: current) { failures.append("COMMITTED_TCB \(committed) exceeds CURRENT_TCB \(current)") }
        if let certified = endorsement?.extensions?.tcb(for: product), !certified.isComponentwise(atMost: current) {
            failures.append("the certificate's TCB \(certified) exceeds CURRENT_TCB \(current)")
        }
        return .check(
            name, failures.isEmpty,
            pass: "REPORTED \(reported) ≤ COMMITTED \(committed) ≤ CURRENT \(current)",
            fail: failures.joined(separator: "; "))
    }

    /// `debug`: POLICY bit 19 (APPRAISAL.md rule 5).
    static func debugCheck(_ guestPolicy: SNPGuestPolicy, policy: AppraisalPolicy) -> AppraisalCheck {
        if !guestPolicy.debug { return .pass("debug", "POLICY bit 19 (DEBUG) is clear") }
        if policy.allowDebug { return .pass("debug", "debug allowed by policy: POLICY \(guestPolicy) has bit 19 (DEBUG)") }
        return .fail("debug", "POLICY \(guestPolicy) has bit 19 (DEBUG) set; the policy does not allow debug")
    }

    /// The report's measurements, named as ``measurementNames``, each read from the signed bytes.
    static func measurements(_ report: SNPAttestationReport) -> [EvidenceMeasurement] {
        let b = report.signedBytes
        let ranges: [(String, Range<Int>)] = [
            ("MEASUREMENT", 0x090..<0x0C0), ("HOST_DATA", 0x0C0..<0x0E0), ("REPORT_DATA", 0x050..<0x090),
            ("CHIP_ID", 0x1A0..<0x1E0), ("ID_KEY_DIGEST", 0x0E0..<0x110), ("FAMILY_ID", 0x010..<0x020),
            ("IMAGE_ID", 0x020..<0x030), ("POLICY", 0x008..<0x010), ("VMPL", 0x030..<0x034),
            ("REPORTED_TCB", 0x180..<0x188), ("CURRENT_TCB", 0x038..<0x040), ("COMMITTED_TCB", 0x1E0..<0x1E8),
            ("LAUNCH_TCB", 0x1F0..<0x1F8),
        ]
        return ranges.map { EvidenceMeasurement($0.0, Array(b[$0.1])) }
    }

    /// `measurement.<NAME>`: the value is one of the policy's list.
    static func measurementCheck(_ name: String, allowed: [[UInt8]], measurements: [EvidenceMeasurement]) -> AppraisalCheck {
        let check = "measurement.\(name)"
        guard let found = measurements.first(where: { $0.name == name }) else {
            return .fail(check, "the policy lists \(name), which an SEV-SNP report does not have (it has \(measurementNames.joined(separator: ", ")))")
        }
        return .check(
            check, allowed.contains(found.value),
            pass: "\(name) \(Hex.encode(found.value)) is allowed",
            fail: "\(name) is \(Hex.encode(found.value)), expected one of \(allowed.map { Hex.encode($0) }.joined(separator: ", "))")
    }
}
