// Offline appraisal of an Intel TDX DCAP quote with its collateral, at an explicit instant
// (specs/evidence.md §TDX; APPRAISAL.md §3). The order follows dcap-qvl's verify_impl: the quote's
// header and its PCK chain to the pinned Intel root with both CRLs, the QE report signed by the
// PCK leaf and binding the attestation key, the quote signed by that key; then the collateral:
// TCB Info and QE Identity signed by the TCB Signing chain and current, the QE identity, FMSPC
// and PCE-ID, the platform TCB level, the TDX module identity and the merged TCB status; last
// the TD's own policy: debug, attributes and measurements. Missing collateral is reported as
// NOT_CHECKED on every step that needs it, never as a pass.
public import Foundation
public import Evidence
import Crypto
import CryptoPrimitives
import X509

/// Appraises TDX quotes.
public enum TDXAppraiser {
    /// TDATTRIBUTES bits that must be zero: TUD bits 1–7, SEC bits 8–27 and 29, OTHER bits
    /// 32–62 (Intel TDX Module ABI, TDATTRIBUTES; dcap-qvl validate_attrs). DEBUG (0),
    /// SEPT_VE_DISABLE (28), PKS (30), KL (31) and PERFMON (63) are defined.
    static let reservedTDAttributes: UInt64 = 0x7FFF_FFFF_2FFF_FFFE
    /// TDATTRIBUTES bit 28, SEPT_VE_DISABLE.
    static let septVEDisable: UInt64 = 1 << 28

    /// Appraises `quote` with `collateral` at `instant` under `policy`. Never throws: a quote that
    /// does not parse gives a report whose only check, `tdx.format`, fails with the parser's
    /// message. Pure: no I/O and no clock.
    public static func appraise(_ quote: [UInt8], collateral: DCAPCollateral?, at instant: Date,
                                policy: AppraisalPolicy) -> AppraisalReport {
        var report = AppraisalReport(platform: .tdx, instant: instant)
        let parsed: TDXQuote
        do {
            parsed = try TDXQuote.parse(quote)
        } catch {
            report.checks.append(.fail("tdx.format", error.message))
            return report
        }
        let body = parsed.body
        report.checks.append(.pass(
            "tdx.format",
            "quote v\(parsed.version), \(body.mrServiceTD == nil ? "TD 1.0" : "TD 1.5") body, \(parsed.signedBytes.count) signed bytes, \(parsed.pckChain.count) PCK certificates"))
        report.checks.append(.check(
            "tdx.header", parsed.qeVendorID == TDXQuote.intelQEVendorID,
            pass: "version \(parsed.version), attestation key type 2 (P-256), TEE type 0x81 (TDX), Intel QE vendor ID",
            fail: "QE vendor ID \(Hex.encode(parsed.qeVendorID)), expected Intel's \(Hex.encode(TDXQuote.intelQEVendorID))"))

        // PCK chain from the quote, to the pinned Intel SGX Root CA, with both CRLs.
        CertificateChainCheck.verify(
            parsed.pckChain, label: "pck-chain", roots: PinnedRoot.trusted(for: .tdx, policy: policy), at: instant,
            revocation: collateral.map { .crls([$0.rootCACRL, $0.pckCRL]) }
                ?? .missing(required: true, reason: "no collateral: the root CA and PCK CRLs are missing"),
            into: &report)
        // The PCK leaf's SGX extension: the certified TCB level, FMSPC and PCE-ID.
        let pck: SGXPCKExtension?
        do {
            let ext = try SGXPCKExtension(certificate: parsed.pckChain[0])
            pck = ext
            report.checks.append(.pass(
                "tdx.pck-extension",
                "FMSPC \(Hex.encode(ext.fmspc)), PCE-ID \(Hex.encode(ext.pceID)), PCESVN \(ext.pceSVN), SGX TCB components \(ext.sgxTCBComponents.map(String.init).joined(separator: " "))"))
        } catch {
            pck = nil
            report.checks.append(.fail("tdx.pck-extension", error.message))
        }

        // The QE report, signed by the PCK leaf, binds the attestation key, which signs the quote.
        let qeSigned = isValidP256(signature: parsed.qeReportSignature, over: parsed.qeReport.bytes,
                                   key: P256.Signing.PublicKey(parsed.pckChain[0].certificate.publicKey))
        report.checks.append(.check(
            "tdx.qe-report-signature", qeSigned,
            pass: "the QE report verifies under the PCK leaf's P-256 key",
            fail: "the QE report does not verify under the PCK leaf (\(parsed.pckChain[0].commonName)) key"))
        let expectedBinding = CryptoPrimitives.SHA256.digest(parsed.attestationKey + parsed.qeAuthData)
        let qeData = parsed.qeReport.reportData
        let bound = Array(qeData[0..<32]) == expectedBinding && qeData[32...].allSatisfy { $0 == 0 }
        report.checks.append(.check(
            "tdx.qe-report-data", bound,
            pass: "QE REPORTDATA is SHA-256(attestation key ‖ QE auth data) followed by 32 zero bytes",
            fail: "QE REPORTDATA \(Hex.encode(qeData)), expected \(Hex.encode(expectedBinding)) followed by 32 zero bytes"))
        let quoteSigned = isValidP256(signature: parsed.signature, over: parsed.signedBytes,
                                      key: try? P256.Signing.PublicKey(rawRepresentation: parsed.attestationKey))
        report.checks.append(.check(
            "tdx.quote-signature", quoteSigned,
            pass: "the quote's \(parsed.signedBytes.count) signed bytes verify under the attestation key",
            fail: "the quote's signature does not verify under the attestation key \(Hex.encode(parsed.attestationKey))"))
        if qeSigned && bound && quoteSigned {
            report.bindingFields["report_data"] = body.reportData
        }

        if let collateral {
            CollateralChecks.run(parsed, pck: pck, collateral, at: instant, policy: policy, into: &report)
        } else {
            for name in CollateralChecks.names {
                report.checks.append(.notChecked(name, "no collateral: this step cannot run without TCB Info and QE Identity"))
            }
        }

        // The TD's own policy.
        if body.isDebug {
            report.checks.append(policy.allowDebug
                ? .pass("debug", "debug allowed by policy (TDATTRIBUTES bit 0, DEBUG, is set)")
                : .fail("debug", "the TD is a debug TD (TDATTRIBUTES \(Hex.encode(body.tdAttributes)), bit 0 DEBUG) and the policy refuses debug"))
        } else {
            report.checks.append(.pass("debug", "TDATTRIBUTES bit 0 (DEBUG) is clear"))
        }
        report.checks.append(attributesCheck(body, policy: policy))

        for (name, value) in measurements(body) {
            report.measurements.append(EvidenceMeasurement(name, value))
        }
        for name in policy.measurements.keys.sorted() {
            let allowed = policy.measurements[name] ?? []
            guard let value = report.measurements.first(where: { $0.name == name })?.value else {
                report.checks.append(.fail("measurement.\(name)", "a TDX quote has no measurement \(name)"))
                continue
            }
            report.checks.append(.check(
                "measurement.\(name)", allowed.contains(value),
                pass: "\(name) \(Hex.encode(value)) is allowed",
                fail: "\(name) is \(Hex.encode(value)); expected one of \(allowed.map { Hex.encode($0) }.joined(separator: ", "))"))
        }
        return report
    }

    /// Reserved TDATTRIBUTES bits, SEPT_VE_DISABLE when the policy requires it, and a zero
    /// MRSERVICETD for TD 1.5.
    static func attributesCheck(_ body: TDReportBody, policy: AppraisalPolicy) -> AppraisalCheck {
        let value = body.tdAttributesValue
        if value & reservedTDAttributes != 0 {
            return .fail("tdx.attributes", "TDATTRIBUTES \(Hex.encode(body.tdAttributes)) sets reserved bits (0x\(String(value & reservedTDAttributes, radix: 16)))")
        }
        if policy.requireSEPTVEDisable && value & septVEDisable == 0 {
            return .fail("tdx.attributes", "TDATTRIBUTES \(Hex.encode(body.tdAttributes)) lacks SEPT_VE_DISABLE (bit 28), which the policy requires")
        }
        if let service = body.mrServiceTD, !service.allSatisfy({ $0 == 0 }) {
            return .fail("tdx.attributes", "MRSERVICETD is \(Hex.encode(service)), expected zero")
        }
        return .pass("tdx.attributes", "no reserved TDATTRIBUTES bit is set"
            + (value & septVEDisable != 0 ? "; SEPT_VE_DISABLE is set" : "; SEPT_VE_DISABLE is not required by the policy")
            + (body.mrServiceTD == nil ? "" : "; MRSERVICETD is zero"))
    }

    /// The measurements of a TD report body, by the names of specs/evidence.md §TDX.
    static func measurements(_ body: TDReportBody) -> [(String, [UInt8])] {
        [
            ("MRTD", body.mrTD), ("RTMR0", body.rtmrs[0]), ("RTMR1", body.rtmrs[1]), ("RTMR2", body.rtmrs[2]),
            ("RTMR3", body.rtmrs[3]), ("MRCONFIGID", body.mrConfigID), ("MROWNER", body.mrOwner),
            ("MROWNERCONFIG", body.mrOwnerConfig), ("MRSEAM", body.mrSEAM), ("MRSIGNERSEAM", body.mrSignerSEAM),
            ("REPORTDATA", body.reportData), ("TEE_TCB_SVN", body.teeTCBSVN), ("TDATTRIBUTES", body.tdAttributes),
            ("XFAM", body.xfam),
        ]
    }

    /// Whether `signature` (raw P-256 `r ‖ s`) verifies over `message` with SHA-256 under `key`.
    static func isValidP256(signature: [UInt8], over message: [UInt8], key: P256.Signing.PublicKey?) -> Bool {
        guard let key, let sig = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
        return key.isValidSignature(sig, for: message)
    }
}
