// The one entry point for appraising evidence of any platform, used by `receiptlog evidence
// appraise` and by the verifier of receipt bundles (specs/evidence.md §Checks, §Time).
public import Foundation
public import Evidence

/// Appraises evidence of a named platform with its collateral, at an instant.
public enum EvidenceAppraisal {
    /// What evidence is appraised against besides the pinned roots.
    public struct Collateral: Sendable {
        /// Certificates: for SEV-SNP the VCEK or VLEK first, then the ASK/ASVK and ARK if given.
        public var certificates: [EvidenceCertificate]
        /// CRLs: for SEV-SNP the product CRL.
        public var crls: [CertificateRevocationList]
        /// Intel DCAP collateral, for TDX.
        public var dcap: DCAPCollateral?

        public init(certificates: [EvidenceCertificate] = [], crls: [CertificateRevocationList] = [], dcap: DCAPCollateral? = nil) {
            self.certificates = certificates
            self.crls = crls
            self.dcap = dcap
        }
    }

    /// Appraises `evidence` (the raw bytes the hardware produced).
    ///
    /// - Nitro: at `instant` when given, else at the document's own signed timestamp; `bound`
    ///   (when the log first held the evidence) feeds the freshness check.
    /// - SEV-SNP and TDX: at `instant`, else at `bound`; with neither, the report holds one
    ///   required NOT_CHECKED step `time`, since their evidence carries no time.
    public static func appraise(
        platform: EvidencePlatform, evidence: [UInt8], collateral: Collateral, at instant: Date?, loggedBy bound: Date?,
        policy: AppraisalPolicy
    ) -> AppraisalReport {
        switch platform {
        case .nitro:
            return NitroAppraiser.appraise(evidence, at: instant, loggedBy: bound, policy: policy)
        case .sevSNP, .tdx:
            guard let at = instant ?? bound else {
                var report = AppraisalReport(platform: platform, instant: Date(timeIntervalSince1970: 0))
                report.checks.append(.notChecked(
                    "time", "\(platform.rawValue) evidence carries no time: give the appraisal instant, or a witnessed checkpoint that bounds when it was logged"))
                return report
            }
            if platform == .tdx {
                return TDXAppraiser.appraise(evidence, collateral: collateral.dcap, at: at, policy: policy)
            }
            if collateral.certificates.isEmpty {
                var report = AppraisalReport(platform: platform, instant: at)
                report.checks.append(.notChecked("snp.endorsement-key", "no VCEK or VLEK was supplied"))
                return report
            }
            return SNPAppraiser.appraise(evidence, certificates: collateral.certificates, crl: collateral.crls.first, at: at, policy: policy)
        }
    }
}
