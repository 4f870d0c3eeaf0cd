// Appraisal of an AWS Nitro Enclaves attestation document (APPRAISAL.md §1; aws/aws-nitro-enclaves-
// nsm-api docs/attestation_process.md §3): the COSE signature with the leaf's P-384 key, the chain
// `[certificate, cabundle[N-1], …, cabundle[0]]` to the pinned AWS root at one instant, the age
// of the document against the time the log accepted it, the debug rule and the PCR allow-lists.
public import Foundation
import Evidence
import Crypto
import X509
import CryptoPrimitives

/// Appraises Nitro attestation documents (specs/evidence.md §Nitro).
public enum NitroAppraiser {
    /// Why `chain.revocation` never runs for Nitro.
    static let noRevocation = "AWS Nitro chains carry no CRL (attestation_process.md §3.2.4)"

    /// Appraises the signed attestation document `document` (COSE_Sign1 bytes, tagged or not).
    ///
    /// Certificates are judged at `instant` when it is given, else at the document's own signed
    /// `timestamp` (trustworthy only because `nitro.signature` is checked first: when it fails the
    /// rest still runs at that timestamp and the verdict is FAILED). `bound` is the time the log
    /// first held the document; when given, the document must be at most `policy.nitroMaxAge`
    /// older than it and not newer. Never throws: a document that does not parse gives a FAILED
    /// `nitro.format` and every other check NOT_CHECKED. Pure: no clock, no I/O.
    ///
    /// Checks, in order: `nitro.format`, `nitro.signature`, `chain.pinned-root`, `chain.names`,
    /// `chain.signatures`, `chain.validity`, `chain.ca-constraints`, `chain.revocation` (never
    /// run, not required), `chain.leaf-usage`, `nitro.freshness`, `debug`, then
    /// `measurement.<NAME>` for each name the policy lists. Measurements are `PCR0`…`PCR31`, those
    /// present, in index order; `bindingFields` holds `public_key`, `user_data` and `nonce` when
    /// present and the signature verified.
    public static func appraise(
        _ document: [UInt8], at instant: Date? = nil, loggedBy bound: Date? = nil, policy: AppraisalPolicy
    ) -> AppraisalReport {
        let parsed: NitroAttestationDocument
        let certificates: [EvidenceCertificate]
        do throws(EvidenceError) {
            parsed = try NitroAttestationDocument.parse(document)
            certificates = try parseCertificates(parsed)
        } catch {
            return unparsed(error, at: instant ?? bound ?? Date(timeIntervalSince1970: 0), policy: policy)
        }
        var report = AppraisalReport(platform: .nitro, instant: instant ?? parsed.timestampDate)
        report.checks.append(.pass(
            "nitro.format",
            "COSE_Sign1 ES384 from \(parsed.moduleID): \(parsed.pcrs.count) PCRs, \(certificates.count) certificates, timestamp \(RFC3339.string(parsed.timestampDate))"))

        // §3.2.1: the signature first; only a signed timestamp may serve as the instant.
        let leaf = certificates[0]
        let signature = signatureCheck(parsed, leaf: leaf)
        report.checks.append(signature)

        // §3.2.3: [TARGET_CERT, INTERM_N, …, INTERM_1, ROOT_CERT]; cabundle[0] is compared with
        // the pinned root, never trusted because it arrived with the document.
        CertificateChainCheck.verify(
            certificates, label: "chain", roots: PinnedRoot.trusted(for: .nitro, policy: policy), at: report.instant,
            revocation: .missing(required: false, reason: noRevocation), into: &report)
        report.checks.append(leafUsageCheck(leaf))

        report.checks.append(freshnessCheck(parsed, loggedBy: bound, policy: policy))
        report.checks.append(debugCheck(parsed, policy: policy))

        for (index, value) in parsed.sortedPCRs {
            report.measurements.append(EvidenceMeasurement("PCR\(index)", value))
        }
        report.checks.append(contentsOf: measurementChecks(report.measurements, policy: policy))

        if signature.status == .pass {
            report.bindingFields["public_key"] = parsed.publicKey
            report.bindingFields["user_data"] = parsed.userData
            report.bindingFields["nonce"] = parsed.nonce
        }
        return report
    }

    /// The leaf, then the cabundle reversed: the chain leaf first, root last (§3.2.3).
    static func parseCertificates(_ document: NitroAttestationDocument) throws(EvidenceError) -> [EvidenceCertificate] {
        var chain = [try EvidenceCertificate(derEncoded: document.certificate)]
        for der in document.cabundle.reversed() {
            chain.append(try EvidenceCertificate(derEncoded: der))
        }
        return chain
    }

    /// A report for a document that did not parse: `nitro.format` FAILs with the parser's
    /// message and every other check is reported as not run.
    static func unparsed(_ error: EvidenceError, at instant: Date, policy: AppraisalPolicy) -> AppraisalReport {
        var report = AppraisalReport(platform: .nitro, instant: instant)
        report.checks.append(.fail("nitro.format", error.description))
        let reason = "the document did not parse"
        for name in ["nitro.signature", "chain.pinned-root", "chain.names", "chain.signatures", "chain.validity",
                     "chain.ca-constraints"] {
            report.checks.append(.notChecked(name, reason))
        }
        report.checks.append(.notChecked("chain.revocation", noRevocation, required: false))
        for name in ["chain.leaf-usage", "nitro.freshness", "debug"] + policy.measurements.keys.sorted().map({ "measurement.\($0)" }) {
            report.checks.append(.notChecked(name, reason))
        }
        return report
    }

    /// `nitro.signature`: ES384 over the Sig_structure with the leaf's P-384 key (§3.2.1, RFC 9053 §2.1).
    static func signatureCheck(_ document: NitroAttestationDocument, leaf: EvidenceCertificate) -> AppraisalCheck {
        let name = "nitro.signature"
        guard let key = P384.Signing.PublicKey(leaf.certificate.publicKey) else {
            return .fail(name, "the leaf \(leaf.commonName) has a \(leaf.certificate.publicKey) key; expected P-384 for ES384")
        }
        guard let signature = try? P384.Signing.ECDSASignature(rawRepresentation: document.signature) else {
            return .fail(name, "the signature is not a P-384 r ‖ s pair")
        }
        return .check(
            name, key.isValidSignature(signature, for: document.signedBytes),
            pass: "ES384 by \(leaf.commonName) over the Sig_structure verifies",
            fail: "ES384 by \(leaf.commonName) over the Sig_structure does not verify")
    }

    /// `chain.leaf-usage`: the leaf's keyUsage asserts digitalSignature (§3.2.3.3).
    static func leafUsageCheck(_ leaf: EvidenceCertificate) -> AppraisalCheck {
        let name = "chain.leaf-usage"
        let usage: KeyUsage?
        do {
            usage = try leaf.certificate.extensions.keyUsage
        } catch {
            return .fail(name, "the leaf \(leaf.commonName) has a malformed keyUsage extension")
        }
        guard let usage else {
            return .fail(name, "the leaf \(leaf.commonName) has no keyUsage extension; expected digitalSignature")
        }
        return .check(
            name, usage.digitalSignature,
            pass: "the leaf \(leaf.commonName) has keyUsage digitalSignature",
            fail: "the leaf \(leaf.commonName) has keyUsage \(usage); expected digitalSignature")
    }

    /// `nitro.freshness`: the signed timestamp is no later than the logging time `bound` and at
    /// most `policy.nitroMaxAge` before it (APPRAISAL.md pitfall N3). Not run without a bound.
    static func freshnessCheck(_ document: NitroAttestationDocument, loggedBy bound: Date?, policy: AppraisalPolicy) -> AppraisalCheck {
        let name = "nitro.freshness"
        guard let bound else {
            return .notChecked(name, "no logging time: the document's age was not judged", required: false)
        }
        let stamp = RFC3339.string(document.timestampDate), logged = RFC3339.string(bound)
        let age = bound.timeIntervalSince(document.timestampDate)
        let seconds = String(format: "%.3f", age), limit = String(format: "%.3f", policy.nitroMaxAge)
        if age < 0 {
            return .fail(name, "the timestamp \(stamp) is after the logging time \(logged); expected at or before it")
        }
        return .check(
            name, age <= policy.nitroMaxAge,
            pass: "the timestamp \(stamp) is \(seconds) s before the logging time \(logged) (at most \(limit) s)",
            fail: "the timestamp \(stamp) is \(seconds) s before the logging time \(logged); expected at most \(limit) s")
    }

    /// `debug`: a debug enclave reports PCR0, PCR1 and PCR2 all zero (APPRAISAL.md §1 step 5).
    static func debugCheck(_ document: NitroAttestationDocument, policy: AppraisalPolicy) -> AppraisalCheck {
        let name = "debug"
        let registers: [UInt] = [0, 1, 2]
        let missing = registers.filter { document.pcrs[$0] == nil }
        guard missing.isEmpty else {
            return .notChecked(name, "the document has no \(missing.map { "PCR\($0)" }.joined(separator: ", ")): debug mode cannot be ruled out")
        }
        let isDebug = registers.allSatisfy { document.pcrs[$0]!.allSatisfy { $0 == 0 } }
        if !isDebug { return .pass(name, "PCR0, PCR1 and PCR2 are not all zero: not a debug enclave") }
        if policy.allowDebug { return .pass(name, "debug allowed by policy: PCR0, PCR1 and PCR2 are all zero (a debug enclave)") }
        return .fail(name, "PCR0, PCR1 and PCR2 are all zero: a debug enclave, and the policy does not allow debug")
    }

    /// `measurement.<NAME>` for each allow-list of the policy: the document's names first, in
    /// their order, then the names it lacks, sorted.
    static func measurementChecks(_ measurements: [EvidenceMeasurement], policy: AppraisalPolicy) -> [AppraisalCheck] {
        let present = measurements.map(\.name).filter { policy.measurements[$0] != nil }
        let absent = policy.measurements.keys.filter { name in !measurements.contains { $0.name == name } }.sorted()
        return (present + absent).map { name in
            let allowed = policy.measurements[name] ?? []
            let expected = allowed.map { Hex.encode($0) }.joined(separator: ", ")
            guard let found = measurements.first(where: { $0.name == name })?.value else {
                return .fail("measurement.\(name)", "the document has no \(name); expected one of [\(expected)]")
            }
            return .check(
                "measurement.\(name)", allowed.contains(found),
                pass: "\(name) \(Hex.encode(found)) is allowed",
                fail: "\(name) is \(Hex.encode(found)); expected one of [\(expected)]")
        }
    }
}
