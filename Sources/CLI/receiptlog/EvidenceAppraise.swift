import Appraisal
import ArgumentParser
import Evidence
import Foundation
import Verification

/// `receiptlog evidence appraise`: appraises one piece of hardware evidence offline and prints
/// every check, the measurements and the verdict (specs/evidence.md).
struct EvidenceAppraise: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "appraise",
        abstract: "Appraise hardware evidence offline against the pinned vendor roots.",
        discussion: """
            The evidence file holds the raw bytes as the hardware produced them. Certificates are \
            DER or PEM: for sev-snp the VCEK or VLEK (the ASK and ARK of Milan, Genoa and Turin \
            ship with the binary; a chain given here is used as given and its root is compared \
            with the pinned ones). --collateral is the Intel DCAP collateral JSON for tdx, or the \
            product CRL for sev-snp. TIME is RFC 3339 (2025-07-01T00:00:00Z) or Unix seconds; a \
            Nitro document is appraised at its own signed timestamp unless --at is given; sev-snp \
            and tdx need --at. --policy takes a trust policy or a file of evidence-* lines.

            Exit status: 0 VERIFIED; 1 FAILED; 2 NOT_CHECKED (nothing failed, but something \
            required could not be checked, such as TDX collateral); 3 the command could not run.
            """)

    @Option(help: "The platform: nitro, sev-snp or tdx.")
    var platform: String

    @Option(help: "The evidence file (raw bytes).")
    var evidence: String

    @Option(name: .customLong("cert"), help: "A certificate file, DER or PEM (repeatable).")
    var certificates: [String] = []

    @Option(help: "TDX: the DCAP collateral JSON. SEV-SNP: the product CRL (DER or PEM).")
    var collateral: String?

    @Option(help: "The appraisal instant: RFC 3339 or Unix seconds.")
    var at: String?

    @Option(help: "A trust policy, or a file of evidence-* policy lines.")
    var policy: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    /// The exit status when the command cannot run.
    static let cannotRun: Int32 = 3

    func run() throws {
        let report: AppraisalReport
        do throws(CommandFailure) {
            report = try appraise()
        } catch {
            Verify.printError(error.description)
            throw ExitCode(Self.cannotRun)
        }
        print(json ? report.json : report.text, terminator: "")
        switch report.verdict {
        case .verified: return
        case .failed: throw ExitCode(1)
        case .notChecked: throw ExitCode(2)
        }
    }

    private func appraise() throws(CommandFailure) -> AppraisalReport {
        guard let platform = EvidencePlatform(rawValue: platform) else {
            throw CommandFailure("--platform is nitro, sev-snp or tdx, not \(self.platform)")
        }
        let instant = try at.map { text throws(CommandFailure) in try Self.instant(text) }
        if platform != .nitro, instant == nil {
            throw CommandFailure("\(platform.rawValue) evidence carries no time: give --at TIME (RFC 3339 or Unix seconds)")
        }
        let policy = try self.policy.map { path throws(CommandFailure) in try Self.policy(path) } ?? .default
        let bytes = try InputFile.read(evidence, limit: EvidenceStatement.maxFileCount, what: "evidence file")
        var collateral = EvidenceAppraisal.Collateral()
        for path in certificates {
            let certBytes = try InputFile.read(path, limit: EvidenceStatement.maxFileCount, what: "certificate file")
            do { collateral.certificates += try EvidenceCertificate.parseAll(certBytes) } catch {
                throw CommandFailure("certificate file \(path): \(error.message)")
            }
        }
        if let path = self.collateral {
            let data = try InputFile.read(path, limit: DCAPCollateral.maxCount, what: "collateral file")
            switch platform {
            case .tdx:
                do { collateral.dcap = try DCAPCollateral.parse(json: data) } catch {
                    throw CommandFailure("collateral file \(path) is not DCAP collateral JSON: \(error.message)")
                }
            case .sevSNP:
                do { collateral.crls = [try CertificateRevocationList(bytes: data)] } catch {
                    throw CommandFailure("collateral file \(path) is not a CRL: \(error.message)")
                }
            case .nitro:
                throw CommandFailure("Nitro evidence takes no --collateral: the document carries its chain")
            }
        }
        if platform == .sevSNP, collateral.certificates.isEmpty {
            throw CommandFailure("sev-snp evidence needs the VCEK or VLEK: give --cert FILE")
        }
        return EvidenceAppraisal.appraise(
            platform: platform, evidence: bytes, collateral: collateral, at: instant, loggedBy: nil, policy: policy)
    }

    /// RFC 3339 or Unix seconds.
    static func instant(_ text: String) throws(CommandFailure) -> Date {
        if let seconds = UInt64(text), String(seconds) == text { return Date(timeIntervalSince1970: Double(seconds)) }
        if let date = RFC3339.parse(text) { return date }
        throw CommandFailure("--at \(text) is neither RFC 3339 (2025-07-01T00:00:00Z) nor Unix seconds")
    }

    /// A trust policy's appraisal settings, or a file of evidence-* lines.
    static func policy(_ path: String) throws(CommandFailure) -> AppraisalPolicy {
        let bytes = try InputFile.read(path, limit: TrustPolicy.maxFileCount, what: "policy file")
        if let trust = try? TrustPolicy(file: bytes) { return trust.expectations.appraisal }
        do { return try AppraisalPolicy(file: bytes) } catch {
            throw CommandFailure("the policy \(path) is neither a trust policy nor evidence-* lines: \(error.message)")
        }
    }
}
