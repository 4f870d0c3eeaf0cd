// Evidence from EvidenceTestSupport.TestTEEAuthority goes through the real appraisers: VERIFIED
// when its test root is pinned by the policy, FAILED at the root pin when it is not, and FAILED
// at revocation when the ARK's CRL revokes the ASK.
import Testing
import Foundation
import Appraisal
import Evidence
import EvidenceTestSupport

@Suite struct TestAuthorityAppraisalTests {
    static let authority = TestTEEAuthority()
    /// 2025-06-01T12:00:00.250Z, inside every default validity window.
    static let instant = Date(timeIntervalSince1970: 1_748_779_200.25)

    static func failures(_ report: AppraisalReport) -> String {
        report.checks.filter { $0.status != .pass }.map { "\($0.name): \($0.status) \($0.reason)" }.joined(separator: "\n")
    }

    // MARK: Nitro

    @Test func nitroDocumentIsVerifiedUnderThePinnedTestRoot() {
        var policy = AppraisalPolicy()
        policy.additionalRoots[.nitro] = [Self.authority.nitroRootSHA256]
        let document = Self.authority.nitroDocument(timestamp: Self.instant, nonce: Array(repeating: 7, count: 32))
        let report = NitroAppraiser.appraise(document, policy: policy)
        #expect(report.verdict == .verified, "\(Self.failures(report))")
        #expect(report.check("chain.pinned-root")?.status == .pass)
        #expect(report.check("nitro.signature")?.status == .pass)
        #expect(report.rootsUsed.map(\.sha256) == [Self.authority.nitroRootSHA256])
    }

    @Test func nitroDocumentFailsWithoutThePin() {
        let document = Self.authority.nitroDocument(timestamp: Self.instant)
        let report = NitroAppraiser.appraise(document, policy: AppraisalPolicy())
        #expect(report.verdict == .failed)
        #expect(report.check("chain.pinned-root")?.status == .fail)
        #expect(report.firstFailure?.name == "chain.pinned-root", "\(Self.failures(report))")
    }

    @Test func nitroDocumentFailsAfterItsLeafExpires() {
        var policy = AppraisalPolicy()
        policy.additionalRoots[.nitro] = [Self.authority.nitroRootSHA256]
        let document = Self.authority.nitroDocument(timestamp: Self.instant)
        let report = NitroAppraiser.appraise(document, at: Self.instant.addingTimeInterval(4 * 3600), policy: policy)
        #expect(report.verdict == .failed)
        #expect(report.check("chain.validity")?.status == .fail, "\(Self.failures(report))")
    }

    // MARK: SEV-SNP

    static func snpPolicy() -> AppraisalPolicy {
        var policy = AppraisalPolicy()
        policy.additionalRoots[.sevSNP] = [authority.arkSHA256]
        return policy
    }

    static let reportData = [UInt8](repeating: 0x5C, count: 64)

    @Test func snpReportIsVerifiedUnderThePinnedTestARK() {
        let a = Self.authority
        let report = SNPAppraiser.appraise(
            a.snpReport(reportData: Self.reportData), certificates: a.snpCertificates, at: Self.instant, policy: Self.snpPolicy())
        #expect(report.verdict == .verified, "\(Self.failures(report))")
        #expect(report.check("chain.pinned-root")?.status == .pass)
        #expect(report.check("snp.signature")?.status == .pass)
        #expect(report.check("snp.chip-id")?.status == .pass)
        #expect(report.check("snp.reported-tcb")?.status == .pass)
        #expect(report.rootsUsed.map(\.sha256) == [a.arkSHA256])
    }

    @Test func snpReportFailsWithoutThePin() {
        let a = Self.authority
        let report = SNPAppraiser.appraise(
            a.snpReport(reportData: Self.reportData), certificates: a.snpCertificates, at: Self.instant, policy: AppraisalPolicy())
        #expect(report.verdict == .failed)
        #expect(report.check("chain.pinned-root")?.status == .fail, "\(Self.failures(report))")
    }

    @Test func snpReportWithACurrentCRLIsVerified() {
        let a = Self.authority
        let crl = try? CertificateRevocationList(bytes: a.snpCRL(
            revoking: [], thisUpdate: TestTEEAuthority.date(2025, 6, 1), nextUpdate: TestTEEAuthority.date(2025, 7, 1)))
        let report = SNPAppraiser.appraise(
            a.snpReport(reportData: Self.reportData), certificates: a.snpCertificates, crl: crl, at: Self.instant,
            policy: Self.snpPolicy())
        #expect(report.verdict == .verified, "\(Self.failures(report))")
        #expect(report.check("chain.revocation")?.status == .pass)
    }

    /// AMD's CRL is issued by the ARK and revokes ASKs (go-sev-guest verifyCRL).
    @Test func snpReportFailsWhenTheARKsCRLRevokesTheASK() {
        let a = Self.authority
        let crl = try? CertificateRevocationList(bytes: a.snpCRL(
            revoking: [TestTEEAuthority.askSerialNumber], thisUpdate: TestTEEAuthority.date(2025, 6, 1),
            nextUpdate: TestTEEAuthority.date(2025, 7, 1)))
        let report = SNPAppraiser.appraise(
            a.snpReport(reportData: Self.reportData), certificates: a.snpCertificates, crl: crl, at: Self.instant,
            policy: Self.snpPolicy())
        #expect(report.verdict == .failed)
        #expect(report.check("chain.revocation")?.status == .fail)
        #expect(report.firstFailure?.name == "chain.revocation", "\(Self.failures(report))")
    }

    /// Serial numbers are unique per issuer (RFC 5280 §4.1.2.2), and a CRL covers only the
    /// certificates its issuer issued (§5.1.2.6; no indirect CRLs here). The ARK did not issue the
    /// VCEK, so the ARK's CRL listing the VCEK's serial does not revoke it.
    @Test func theARKsCRLDoesNotRevokeTheVCEKBySerial() {
        let a = Self.authority
        let crl = try? CertificateRevocationList(bytes: a.snpCRL(
            revoking: [TestTEEAuthority.vcekSerialNumber], thisUpdate: TestTEEAuthority.date(2025, 6, 1),
            nextUpdate: TestTEEAuthority.date(2025, 7, 1)))
        let report = SNPAppraiser.appraise(
            a.snpReport(reportData: Self.reportData), certificates: a.snpCertificates, crl: crl, at: Self.instant,
            policy: Self.snpPolicy())
        #expect(report.check("chain.revocation")?.status == .pass, "\(Self.failures(report))")
    }

    @Test func snpReportFromAnotherChipFails() {
        let a = Self.authority
        let other = [UInt8](repeating: 0x0E, count: 64)
        let report = SNPAppraiser.appraise(
            a.snpReport(reportData: Self.reportData, chipID: other), certificates: a.snpCertificates, at: Self.instant,
            policy: Self.snpPolicy())
        #expect(report.verdict == .failed)
        #expect(report.check("snp.chip-id")?.status == .fail, "\(Self.failures(report))")
    }

    @Test func snpReportWithAnotherTCBFails() {
        let a = Self.authority
        let report = SNPAppraiser.appraise(
            a.snpReport(reportData: Self.reportData, tcb: TestTEEAuthority.milanTCB(bootLoader: 3, tee: 0, snp: 9, microcode: 115)),
            certificates: a.snpCertificates, at: Self.instant, policy: Self.snpPolicy())
        #expect(report.verdict == .failed)
        #expect(report.check("snp.reported-tcb")?.status == .fail, "\(Self.failures(report))")
    }

    @Test func snpDebugReportFailsUnlessAllowed() {
        let a = Self.authority
        let debugReport = a.snpReport(reportData: Self.reportData, policy: 0xB0000)
        var policy = Self.snpPolicy()
        let strict = SNPAppraiser.appraise(debugReport, certificates: a.snpCertificates, at: Self.instant, policy: policy)
        #expect(strict.verdict == .failed)
        #expect(strict.check("debug")?.status == .fail, "\(Self.failures(strict))")
        policy.allowDebug = true
        let lenient = SNPAppraiser.appraise(debugReport, certificates: a.snpCertificates, at: Self.instant, policy: policy)
        #expect(lenient.verdict == .verified, "\(Self.failures(lenient))")
    }
}
