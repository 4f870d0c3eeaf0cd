// specs/verify.md, "Verification", step 5 with hardware evidence (specs/evidence.md §Verifying a
// bundle): the receipt's env_evidence references are resolved to the bundle's entries, each entry
// must be in the log (inclusion in the bundle's checkpoint) and a statement of a policy issuer, the
// evidence is appraised against its collateral at the time the witnesses first saw it logged, and
// the key binding to the receipt's issuer key is recomputed. VERIFIED only when all of it passes.
import Appraisal
import CryptoPrimitives
import Evidence
import Foundation
import Merkle
import Notes
import Statements

extension Verifier {
    /// What appraising a receipt's evidence found.
    struct EvidenceOutcome {
        /// VERIFIED, FAILED or NOT_CHECKED.
        let verdict: Verdict
        /// The failure or not-checked code.
        let code: VerificationError.Code?
        /// For people: what was appraised, when, and the first problem.
        let reason: String
        /// The pinned roots the verified chains ended in.
        let roots: [RootUsed]
    }

    /// The env_evidence kinds this verifier appraises, by platform.
    static let appraisedKinds: [String: EvidencePlatform] = [
        "nitro-attestation-document": .nitro, "sev-snp-report": .sevSNP, "tdx-quote": .tdx,
    ]

    /// Appraises the evidence `references` point at, or returns nil when none is of a kind this
    /// verifier appraises, or the bundle carries no entries (a v1 bundle): the environment layer
    /// then stays a policy match, never VERIFIED.
    func appraiseEvidence(
        _ bundle: ReceiptBundle, references: [InferenceReceiptEvidence], keyBinding: String?, issuerKey: [UInt8]?,
        inputs: VerificationInputs
    ) -> EvidenceOutcome? {
        let appraised = references.filter { Self.appraisedKinds[$0.kind] != nil }
        guard !appraised.isEmpty, !bundle.entries.isEmpty else { return nil }
        func outcome(_ verdict: Verdict, _ code: VerificationError.Code?, _ reason: String, _ roots: [RootUsed] = []) -> EvidenceOutcome {
            EvidenceOutcome(verdict: verdict, code: code, reason: reason, roots: roots)
        }

        // Every entry must be in the log and a statement of a policy issuer.
        let checkpoint = bundle.checkpoint
        var evidence: [Hash: (entry: BundleEntry, payload: EvidenceStatementPayload)] = [:]
        var collateral: [Hash: (platform: String, parsed: EvidenceAppraisal.Collateral)] = [:]
        let registration = RegistrationPolicy(issuers: policy.issuers)
        for entry in bundle.entries {
            guard entry.isIncluded(treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash) else {
                return outcome(.failed, .badEvidenceEntry, "entry \(entry.index) of the bundle is not in the tree of its checkpoint (size \(checkpoint.treeSize))")
            }
            let statement: SignedStatement
            do {
                guard case .signedStatement(let s) = try registration.check(entry.statement).form else {
                    return outcome(.failed, .badEvidenceEntry, "entry \(entry.index) is not a signed statement")
                }
                statement = s
            } catch {
                return outcome(.failed, .badEvidenceEntry, "entry \(entry.index) is not a valid statement of a policy issuer: \(error.code): \(error.message)")
            }
            switch statement.contentType {
            case .mediaType(EvidenceStatementPayload.contentType)?:
                if let payload = try? EvidenceStatementPayload(encoded: statement.payload) {
                    evidence[try! Hash(bytes: SHA256.digest(payload.evidence))] = (entry, payload)
                }
            case .mediaType(CollateralStatementPayload.contentType)?:
                if let payload = try? CollateralStatementPayload(encoded: statement.payload) {
                    // Parsed once here, whatever number of evidence references use it.
                    collateral[try! Hash(bytes: SHA256.digest(statement.payload))] = (
                        payload.platform,
                        EvidenceAppraisal.Collateral(
                            certificates: payload.certificates.compactMap { try? EvidenceCertificate(derEncoded: $0) },
                            crls: payload.crls.compactMap { try? CertificateRevocationList(bytes: $0) },
                            dcap: payload.dcap.flatMap { try? DCAPCollateral.parse(json: $0) })
                    )
                }
            default: continue
            }
        }

        var reasons: [String] = []
        var roots: [RootUsed] = []
        var notChecked: (VerificationError.Code, String)?
        for reference in appraised {
            let platform = Self.appraisedKinds[reference.kind]!
            guard let (entry, payload) = evidence[reference.digest] else {
                notChecked = notChecked ?? (.evidenceNotInBundle, "the receipt references \(reference.kind) sha256 \(reference.digest.hex), which the bundle does not carry (bundle create --evidence-statement)")
                continue
            }
            guard payload.platform == platform.rawValue else {
                return outcome(.failed, .badEvidenceEntry, "entry \(entry.index) holds \(payload.platform) evidence; the receipt calls it \(reference.kind)")
            }
            // Collateral: every collateral statement the receipt references for this platform.
            var evidenceCollateral = EvidenceAppraisal.Collateral()
            for ref in references where ref.kind == CollateralStatementPayload.referenceKind {
                guard let c = collateral[ref.digest] else {
                    notChecked = notChecked ?? (.evidenceNotInBundle, "the receipt references collateral sha256 \(ref.digest.hex), which the bundle does not carry")
                    continue
                }
                guard c.platform == platform.rawValue else { continue }
                evidenceCollateral.certificates += c.parsed.certificates
                evidenceCollateral.crls += c.parsed.crls
                if let dcap = c.parsed.dcap { evidenceCollateral.dcap = dcap }
            }
            let bound = witnessedTime(covering: entry.index, in: bundle)
            if bound == nil, inputs.appraisalTime == nil {
                notChecked = notChecked ?? (
                    .evidenceNotWitnessed,
                    "no witnessed checkpoint of the bundle bounds when entry \(entry.index) (\(reference.kind)) was logged, so its collateral cannot be judged at that time; give --at to appraise it at a chosen instant")
                continue
            }
            let instant = platform == .nitro ? inputs.appraisalTime : (inputs.appraisalTime ?? bound)
            var report = EvidenceAppraisal.appraise(
                platform: platform, evidence: payload.evidence, collateral: evidenceCollateral, at: instant,
                loggedBy: bound ?? inputs.appraisalTime, policy: policy.expectations.appraisal)
            if platform == .nitro, report.check("nitro.freshness")?.status == .notChecked {
                report.checks.append(.notChecked("nitro.logged-by", "no time bound for when the document was logged"))
            }
            if let keyBinding, let issuerKey {
                report.checks.append(KeyBinding.check(method: keyBinding, key: issuerKey, nonce: payload.nonce, report: report))
            } else {
                report.checks.append(.notChecked("key-binding", "the receipt names no key_binding method"))
            }
            let when = RFC3339.string(report.instant) + (inputs.appraisalTime != nil ? " (--at)" : platform == .nitro ? " (its signed timestamp)" : " (first witnessed)")
            switch report.verdict {
            case .failed:
                let f = report.firstFailure!
                return outcome(.failed, .appraisalFailed, "\(reference.kind) (entry \(entry.index)) appraised at \(when): \(f.name) failed: \(f.reason)")
            case .notChecked:
                let n = report.checks.first { $0.status == .notChecked && $0.required }!
                notChecked = notChecked ?? (.appraisalNotChecked, "\(reference.kind) (entry \(entry.index)) appraised at \(when): \(n.name) not checked: \(n.reason)")
            case .verified:
                roots += report.rootsUsed.filter { r in !roots.contains(r) }
                let tcb = report.tcbStatus.map { ", TCB \($0)" } ?? ""
                reasons.append("\(reference.kind) (entry \(entry.index)) appraised at \(when): chain to \(report.rootsUsed.map(\.name).joined(separator: ", ")), signature, policy\(tcb) and key binding \(keyBinding ?? "") pass")
            }
        }
        let others = references.filter { Self.appraisedKinds[$0.kind] == nil && $0.kind != CollateralStatementPayload.referenceKind }
        if let other = others.first, notChecked == nil {
            notChecked = (.evidenceNotAppraised, "\(other.kind) evidence (sha256 \(other.digest.hex)) is not appraised by this verifier (\(other.kind == "nvidia-gpu-evidence" ? "NVIDIA GPU evidence needs NVIDIA's RIM and OCSP services, out of scope offline" : "unknown kind"))")
        }
        if let (code, reason) = notChecked { return outcome(.notChecked, code, reason, roots) }
        return outcome(.verified, nil, reasons.joined(separator: "; "), roots)
    }

    /// The time by which a quorum of the policy's witnesses saw entry `index` logged: over the
    /// bundle's witnessed checkpoints that cover it, verify under the log key, are consistent
    /// with the bundle's checkpoint and meet the quorum, the smallest one's k-th earliest
    /// cosignature time (specs/evidence.md §Time). Nil when there is none.
    func witnessedTime(covering index: UInt64, in bundle: ReceiptBundle) -> Date? {
        guard let witnesses = policy.witnessPolicy else { return nil }
        for w in bundle.witnessed where w.checkpoint.treeSize > index {
            guard (try? w.note.verify(with: [policy.logKey])) != nil, w.checkpoint.origin == policy.origin,
                  w.isConsistent(with: bundle.checkpoint)
            else { continue }
            let counted = witnesses.verifiedCosignatures(on: w.note)
            guard counted.count >= witnesses.threshold else { continue }
            return Date(timeIntervalSince1970: Double(counted.map(\.timestamp).sorted()[witnesses.threshold - 1]))
        }
        return nil
    }
}
