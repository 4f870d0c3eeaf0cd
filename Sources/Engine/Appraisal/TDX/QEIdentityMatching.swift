// Intel DCAP QE identity check (dcap-qvl verify_qe_identity_policy; Intel QVL
// EnclaveIdentityV2 verification): the QE report's MRSIGNER and ISVPRODID equal the identity's,
// MISCSELECT and ATTRIBUTES equal it under their masks, and the first TCB level with ISVSVN ≤ the
// report's ISVSVN gives the QE's TCB status. MISCSELECT is little-endian in the report and
// written big-endian in the identity.
import Evidence
import CryptoPrimitives

/// The QE identity step of a TDX appraisal.
enum QEIdentityMatching {
    /// The matched level, or why the QE report does not match.
    static func match(_ report: SGXReportBody, _ identity: QEIdentity) -> Result<EnclaveTCBLevel, MatchFailure> {
        if report.mrSigner != identity.mrSigner {
            return .failure(MatchFailure("QE MRSIGNER \(Hex.encode(report.mrSigner)) ≠ identity \(Hex.encode(identity.mrSigner))"))
        }
        if report.isvProdID != identity.isvProdID {
            return .failure(MatchFailure("QE ISVPRODID \(report.isvProdID) ≠ identity \(identity.isvProdID)"))
        }
        let misc = Array(report.miscSelect.reversed())
        let maskedMisc = zip(misc, identity.miscSelectMask).map { $0 & $1 }
        if maskedMisc != identity.miscSelect {
            return .failure(MatchFailure("QE MISCSELECT \(Hex.encode(misc)) under mask \(Hex.encode(identity.miscSelectMask)) ≠ identity \(Hex.encode(identity.miscSelect))"))
        }
        let maskedAttributes = zip(report.attributes, identity.attributesMask).map { $0 & $1 }
        if maskedAttributes != identity.attributes {
            return .failure(MatchFailure("QE ATTRIBUTES \(Hex.encode(report.attributes)) under mask \(Hex.encode(identity.attributesMask)) ≠ identity \(Hex.encode(identity.attributes))"))
        }
        guard let level = EnclaveTCBLevel.match(report.isvSVN, in: identity.tcbLevels) else {
            return .failure(MatchFailure("QE ISVSVN \(report.isvSVN) is below every TCB level (lowest \(identity.tcbLevels.map(\.isvSVN).min().map(String.init) ?? "none"))"))
        }
        return .success(level)
    }

    /// Why a QE report does not match its identity.
    struct MatchFailure: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
