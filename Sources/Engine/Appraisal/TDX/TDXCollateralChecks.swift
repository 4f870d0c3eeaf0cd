// The collateral steps of a TDX appraisal (dcap-qvl verify_impl steps 1, 2, 6 and 8–10;
// APPRAISAL.md §3, pitfalls T2, T3 and T5): TCB Info and QE Identity are signed by the TCB
// Signing chain (to the pinned root, with the root CA CRL) over their exact bytes, current at the
// instant and of the right id and version; the QE report matches the QE identity; the PCK's FMSPC
// and PCE-ID are the TCB Info's; a platform TCB level and the TDX module identity apply; and the
// worst of the platform, QE and module statuses is one the policy accepts.
import Foundation
import Evidence
import Crypto
import CryptoPrimitives
import X509

extension TDXAppraiser {
    /// The collateral steps.
    enum CollateralChecks {
        /// Every check the collateral steps report, in order (reported NOT_CHECKED, required,
        /// when there is no collateral).
        static let names = [
            "tcb-info.chain", "tcb-info.signature", "tcb-info.current", "tcb-info.identity",
            "qe-identity.signature", "qe-identity.current", "qe-identity.identity", "qe-identity.match",
            "tdx.fmspc", "tdx.tcb-level", "tdx.module-identity", "tdx.tcb-status",
        ]

        static func run(_ quote: TDXQuote, pck: SGXPCKExtension?, _ collateral: DCAPCollateral, at instant: Date,
                        policy: AppraisalPolicy, into report: inout AppraisalReport) {
            let tcbInfo = collateral.tcbInfo, qeIdentity = collateral.qeIdentity
            let signingChain = collateral.tcbInfoIssuerChain

            // TCB Info: the TCB Signing chain (tcb-signing-chain.*), then the summary check.
            let chainOK = CertificateChainCheck.verify(
                signingChain, label: "tcb-signing-chain", roots: PinnedRoot.trusted(for: .tdx, policy: policy),
                at: instant, revocation: .crls([collateral.rootCACRL]), into: &report)
            report.checks.append(.check(
                "tcb-info.chain", chainOK,
                pass: "the TCB Signing chain (\(signingChain.map(\.commonName).joined(separator: " ← "))) passes tcb-signing-chain.*",
                fail: "the TCB Signing chain fails a tcb-signing-chain check"))
            let signer = P256.Signing.PublicKey(signingChain[0].certificate.publicKey)
            report.checks.append(.check(
                "tcb-info.signature",
                TDXAppraiser.isValidP256(signature: collateral.tcbInfoSignature, over: collateral.tcbInfoBytes, key: signer),
                pass: "the \(collateral.tcbInfoBytes.count) bytes of tcb_info verify under \(signingChain[0].commonName)",
                fail: "tcb_info_signature does not verify over the tcb_info bytes under \(signingChain[0].commonName)"))
            report.checks.append(current("tcb-info.current", "TCB Info", tcbInfo.issueDate, tcbInfo.nextUpdate, instant))
            report.checks.append(.check(
                "tcb-info.identity", tcbInfo.id == "TDX" && tcbInfo.version >= 3,
                pass: "TCB Info id TDX, version \(tcbInfo.version)",
                fail: "TCB Info id \(tcbInfo.id), version \(tcbInfo.version); expected id TDX, version 3 or later"))

            // QE Identity: signed by the same TCB Signing chain.
            let sameChain = collateral.qeIdentityIssuerChain.map(\.der) == signingChain.map(\.der)
            let qeSigned = sameChain && TDXAppraiser.isValidP256(
                signature: collateral.qeIdentitySignature, over: collateral.qeIdentityBytes, key: signer)
            report.checks.append(.check(
                "qe-identity.signature", qeSigned,
                pass: "the \(collateral.qeIdentityBytes.count) bytes of qe_identity verify under \(signingChain[0].commonName)",
                fail: sameChain
                    ? "qe_identity_signature does not verify over the qe_identity bytes under \(signingChain[0].commonName)"
                    : "qe_identity_issuer_chain differs from the TCB Signing chain checked as tcb-signing-chain"))
            report.checks.append(current("qe-identity.current", "QE Identity", qeIdentity.issueDate, qeIdentity.nextUpdate, instant))
            report.checks.append(.check(
                "qe-identity.identity", qeIdentity.id == "TD_QE" && (qeIdentity.version == 2 || qeIdentity.version == 3),
                pass: "QE Identity id TD_QE, version \(qeIdentity.version)",
                fail: "QE Identity id \(qeIdentity.id), version \(qeIdentity.version); expected id TD_QE, version 2 or 3"))
            var qeLevel: EnclaveTCBLevel?
            switch QEIdentityMatching.match(quote.qeReport, qeIdentity) {
            case .success(let level):
                qeLevel = level
                report.checks.append(.pass(
                    "qe-identity.match",
                    "QE MRSIGNER, ISVPRODID \(quote.qeReport.isvProdID), MISCSELECT and ATTRIBUTES match; ISVSVN \(quote.qeReport.isvSVN) ≥ \(level.isvSVN) is \(level.tcbStatus.rawValue)"))
            case .failure(let failure):
                report.checks.append(.fail("qe-identity.match", failure.reason))
            }

            // FMSPC and PCE-ID, compared as bytes.
            let fmspcOK: Bool
            if let pck {
                fmspcOK = pck.fmspc == tcbInfo.fmspc && pck.pceID == tcbInfo.pceID
                report.checks.append(.check(
                    "tdx.fmspc", fmspcOK,
                    pass: "FMSPC \(Hex.encode(pck.fmspc)) and PCE-ID \(Hex.encode(pck.pceID)) are the TCB Info's",
                    fail: "PCK certificate FMSPC \(Hex.encode(pck.fmspc)) / PCE-ID \(Hex.encode(pck.pceID)), TCB Info FMSPC \(Hex.encode(tcbInfo.fmspc)) / PCE-ID \(Hex.encode(tcbInfo.pceID))"))
            } else {
                fmspcOK = false
                report.checks.append(.fail("tdx.fmspc", "the PCK certificate's SGX extension could not be read (tdx.pck-extension)"))
            }

            // Platform TCB level.
            let teeTCBSVN = quote.body.teeTCBSVN
            var platformLevel: TCBInfo.TCBLevel?
            if let pck, fmspcOK {
                platformLevel = TCBLevelMatching.platformLevel(pck: pck, teeTCBSVN: teeTCBSVN, in: tcbInfo)
                if let level = platformLevel {
                    report.checks.append(.pass(
                        "tdx.tcb-level",
                        "level \(level.tcbDate) (\(level.tcbStatus.rawValue)) applies: SGX components \(level.sgxTCBComponents.map(String.init).joined(separator: " ")) ≤ PCK's, PCESVN \(level.pceSVN) ≤ \(pck.pceSVN), TDX components ≤ TEE_TCB_SVN \(Hex.encode(teeTCBSVN))"))
                } else {
                    report.checks.append(.fail(
                        "tdx.tcb-level",
                        "no TCB level applies to PCK SGX components \(pck.sgxTCBComponents.map(String.init).joined(separator: " ")), PCESVN \(pck.pceSVN), TEE_TCB_SVN \(Hex.encode(teeTCBSVN)); levels need SGX components \(tcbInfo.tcbLevels.map { $0.sgxTCBComponents.map(String.init).joined(separator: " ") }.joined(separator: " | "))"))
                }
            } else {
                report.checks.append(.notChecked("tdx.tcb-level", "the TCB Info is not for this platform (tdx.fmspc)"))
            }

            // TDX module identity.
            var moduleLevel: EnclaveTCBLevel?
            var moduleOK = false
            switch TCBLevelMatching.module(quote.body, in: tcbInfo) {
            case .level(let id, let level):
                moduleLevel = level
                moduleOK = true
                report.checks.append(.pass(
                    "tdx.module-identity",
                    "\(id): MRSIGNERSEAM and masked SEAMATTRIBUTES match; module SVN \(teeTCBSVN[0]) ≥ \(level.isvSVN) is \(level.tcbStatus.rawValue)"))
            case .noIdentity:
                moduleOK = true
                report.checks.append(.pass(
                    "tdx.module-identity",
                    "TEE_TCB_SVN[1] is 0: MRSIGNERSEAM and masked SEAMATTRIBUTES match tdxModule; no module status"))
            case .failure(let reason):
                report.checks.append(.fail("tdx.module-identity", reason))
            }

            // Merged status: the worst of platform, QE and module; advisories unioned.
            guard let platformLevel, let qeLevel, moduleOK else {
                report.checks.append(.notChecked(
                    "tdx.tcb-status", "no TCB status: the platform level, QE identity or module identity did not match"))
                return
            }
            var statuses: [(TCBStatus, String, [String])] = [
                (platformLevel.tcbStatus, platformLevel.tcbDate, platformLevel.advisoryIDs),
                (qeLevel.tcbStatus, qeLevel.tcbDate, qeLevel.advisoryIDs),
            ]
            if let moduleLevel { statuses.append((moduleLevel.tcbStatus, moduleLevel.tcbDate, moduleLevel.advisoryIDs)) }
            let worst = statuses.map(\.0).max()!
            // The earliest date of the matched levels: the TCB is as old as its oldest part.
            let date = statuses.map(\.1).min { (RFC3339.parse($0) ?? .distantFuture) < (RFC3339.parse($1) ?? .distantFuture) }!
            report.tcbStatus = worst.rawValue
            report.tcbDate = date
            report.advisoryIDs = Array(Set(statuses.flatMap(\.2))).sorted()
            let accepted = policy.acceptedTCBStatuses.sorted().joined(separator: ", ")
            report.checks.append(.check(
                "tdx.tcb-status", policy.acceptedTCBStatuses.contains(worst.rawValue),
                pass: "TCB status \(worst.rawValue) (platform \(platformLevel.tcbStatus.rawValue), QE \(qeLevel.tcbStatus.rawValue)\(moduleLevel.map { ", module \($0.tcbStatus.rawValue)" } ?? "")) is accepted (\(accepted))",
                fail: "TCB status \(worst.rawValue) (platform \(platformLevel.tcbStatus.rawValue), QE \(qeLevel.tcbStatus.rawValue)\(moduleLevel.map { ", module \($0.tcbStatus.rawValue)" } ?? "")) is not accepted (\(accepted))"))
        }

        /// `issueDate ≤ instant ≤ nextUpdate`.
        static func current(_ name: String, _ what: String, _ issue: Date, _ next: Date, _ instant: Date) -> AppraisalCheck {
            .check(
                name, issue <= instant && instant <= next,
                pass: "\(what) is current \(RFC3339.string(issue)) → \(RFC3339.string(next)) at \(RFC3339.string(instant))",
                fail: "\(what) is current \(RFC3339.string(issue)) → \(RFC3339.string(next)), not at \(RFC3339.string(instant))")
        }
    }
}
