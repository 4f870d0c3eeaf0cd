// Figure (1): one appraisal of each real vector through `EvidenceAppraisal.appraise`, against the
// signature verifications that appraisal performs, each timed alone with the primitive the
// appraiser calls (swift-crypto ECDSA for raw signatures in the evidence and collateral,
// `EvidenceCertificate.isSigned(by:)` and `CertificateRevocationList.isSigned(by:)` for
// certificates and CRLs, which verify through `SignatureScheme.isValidSignature`). The evidence
// parse and the chain checks are timed on their own too, to show where the rest of the time goes.
// All of them are timed in turn, one call each per round, so that the ratio compares calls made
// under the same load.
//
// The signatures, as the appraisers make them (CertificateChainCheck.verify checks every
// certificate of a chain against the next, the root against itself, then each CRL against its
// issuer in the chain):
//   Nitro  the COSE ES384 signature, then one per certificate of [leaf, cabundle reversed]
//   SNP    the report's ECDSA P-384 signature, VCEK ← ASK, ASK ← ARK, ARK ← ARK (RSASSA-PSS)
//   TDX    the PCK chain (leaf ← platform CA ← root ← root), the root CA CRL and the PCK CRL, the
//          QE report (P-256 by the PCK leaf), the quote (P-256 by the attestation key), the TCB
//          Signing chain (signing ← root ← root) and the root CA CRL again, TCB Info and QE
//          Identity (P-256 by the TCB Signing certificate)
import Appraisal
import BenchSupport
import Crypto
import Evidence
import Foundation
import X509

/// One platform's appraisal and the work it is made of.
struct AppraisalCase {
    /// One signature verification the appraisal performs.
    struct Signature {
        let name: String
        /// Whether CertificateChainCheck.verify makes it (a certificate's or a CRL's signature).
        var inChain = false
        let verify: () -> Bool
    }

    /// "N1 Nitro", "S1 SEV-SNP", "T1 TDX".
    let label: String
    /// The appraisal through the one entry point, collateral already parsed.
    let appraise: () -> AppraisalReport
    /// Every signature verification the appraisal performs, in its order.
    let signatures: [Signature]
    /// The appraiser's parsing of the evidence bytes.
    let parse: () -> Bool
    /// Parsing the certificates the evidence carries (part of ``parse``), and how many there are.
    let certificateParse: (count: Int, run: () -> Bool)?
    /// The appraiser's certificate chain checks (CertificateChainCheck.verify), signatures included.
    let chainChecks: () -> Bool
    /// What the collateral parse is, and the parse itself; it happens before the entry point.
    let collateralParse: (name: String, run: () -> Bool)?
}

/// What figure (1) measured for one platform.
struct AppraisalResult {
    let label: String
    let report: AppraisalReport
    let appraisal: Samples
    let signatures: [(name: String, inChain: Bool, samples: Samples)]
    let parse: Samples
    let certificateParse: (count: Int, samples: Samples)?
    let chainChecks: Samples
    let collateralParse: (name: String, samples: Samples)?

    var signatureCPUSum: Double { signatures.reduce(0) { $0 + $1.samples.cpuMedian } }
    var signatureWallSum: Double { signatures.reduce(0) { $0 + $1.samples.wallMedian } }
    /// The appraisal's median CPU time over the sum of the signatures' median CPU times.
    var cpuRatio: Double { appraisal.cpuMedian / signatureCPUSum }
    var wallRatio: Double { appraisal.wallMedian / signatureWallSum }
}

enum AppraisalBenchmark {
    static let policy = AppraisalPolicy.default

    /// Times each of `bodies` once per round, in turn, for `iterations` rounds after `warmUp`
    /// untimed ones; counts the calls that return false in `failures`.
    static func sampleInTurn(_ bodies: [() -> Bool], iterations: Int, warmUp: Int, failures: inout Int) -> [Samples] {
        for _ in 0..<warmUp { for body in bodies where !body() { failures += 1 } }
        var wall = [[Double]](repeating: [], count: bodies.count), cpu = wall
        for _ in 0..<iterations {
            for (i, body) in bodies.enumerated() {
                let start = Instant.now()
                if !body() { failures += 1 }
                let end = Instant.now()
                wall[i].append(end.wall - start.wall)
                cpu[i].append(end.cpu - start.cpu)
            }
        }
        return zip(wall, cpu).map { Samples(wall: $0, cpu: $1) }
    }

    /// Checks every case's appraisal and signatures, then times them.
    static func run(_ cases: [AppraisalCase], iterations: Int, warmUp: Int) throws -> [AppraisalResult] {
        try cases.map { c in
            let report = c.appraise()
            guard report.verdict == .verified else {
                throw EvidenceBenchError("\(c.label): the appraisal is \(report.verdict.rawValue), expected VERIFIED: \(report.firstFailure.map { "\($0.name): \($0.reason)" } ?? "")")
            }
            for s in c.signatures where !s.verify() {
                throw EvidenceBenchError("\(c.label): the signature \(s.name) does not verify")
            }
            guard c.parse(), c.certificateParse?.run() ?? true, c.chainChecks(), c.collateralParse?.run() ?? true else {
                throw EvidenceBenchError("\(c.label): the parse or chain check does not pass on its own")
            }
            // Every body is timed once per round, in turn, so that a change in the machine's load
            // during the run falls on the appraisal and its parts alike.
            var bodies: [() -> Bool] = [{ c.appraise().verdict == .verified }]
            bodies += c.signatures.map(\.verify)
            bodies.append(c.parse)
            if let p = c.certificateParse { bodies.append(p.run) }
            bodies.append(c.chainChecks)
            if let p = c.collateralParse { bodies.append(p.run) }
            var failures = 0
            var samples = sampleInTurn(bodies, iterations: iterations, warmUp: warmUp, failures: &failures)[...]
            let appraisal = samples.removeFirst()
            let signatures = c.signatures.map { s -> (name: String, inChain: Bool, samples: Samples) in
                (s.name, s.inChain, samples.removeFirst())
            }
            let parse = samples.removeFirst()
            let certificates = c.certificateParse.map { p -> (count: Int, samples: Samples) in (p.count, samples.removeFirst()) }
            let chains = samples.removeFirst()
            let collateral = c.collateralParse.map { p -> (name: String, samples: Samples) in (p.name, samples.removeFirst()) }
            guard failures == 0 else { throw EvidenceBenchError("\(c.label): \(failures) timed calls failed") }
            return AppraisalResult(
                label: c.label, report: report, appraisal: appraisal, signatures: signatures, parse: parse,
                certificateParse: certificates, chainChecks: chains, collateralParse: collateral)
        }
    }

    // MARK: - The cases

    /// `certificate ← issuer` for each certificate of `chain`, the root against itself, as
    /// CertificateChainCheck.verify does.
    static func chainSignatures(_ chain: [EvidenceCertificate], label: String) -> [AppraisalCase.Signature] {
        chain.indices.map { i in
            let cert = chain[i], issuer = i + 1 < chain.count ? chain[i + 1] : chain[i]
            let what = i + 1 < chain.count ? "\(short(cert.commonName)) ← \(short(issuer.commonName))" : "\(short(cert.commonName)) self-signed"
            return .init(name: "\(label) \(what) (\(cert.signatureScheme))", inChain: true) { cert.isSigned(by: issuer) }
        }
    }

    /// `crl ← its issuer in chain`, as the revocation step does.
    static func crlSignature(_ crl: CertificateRevocationList, chain: [EvidenceCertificate], label: String) throws -> AppraisalCase.Signature {
        guard let issuer = chain.first(where: { $0.certificate.subject == crl.issuer }) else {
            throw EvidenceBenchError("\(label): no certificate of the chain issued the CRL of \(crl.issuer)")
        }
        return .init(name: "\(label) CRL ← \(short(issuer.commonName)) (\(crl.signatureScheme))", inChain: true) { crl.isSigned(by: issuer) }
    }

    /// A common name cut to 24 characters, for the output.
    static func short(_ name: String) -> String { name.count <= 24 ? name : name.prefix(23) + "…" }

    /// N1 at its own signed timestamp.
    static func nitro(_ vectors: TEEVectors) throws -> AppraisalCase {
        let bytes = vectors.nitroDocument
        let document = try NitroAttestationDocument.parse(bytes)
        let chain = try parseNitroChain(document)
        let leaf = chain[0], signedBytes = document.signedBytes, signature = document.signature
        let cose = AppraisalCase.Signature(name: "COSE_Sign1 ES384 by the leaf (P-384)") {
            guard let key = P384.Signing.PublicKey(leaf.certificate.publicKey),
                  let sig = try? P384.Signing.ECDSASignature(rawRepresentation: signature)
            else { return false }
            return key.isValidSignature(sig, for: signedBytes)
        }
        let roots = PinnedRoot.trusted(for: .nitro, policy: policy)
        return AppraisalCase(
            label: "N1 Nitro",
            appraise: {
                EvidenceAppraisal.appraise(platform: .nitro, evidence: bytes, collateral: .init(), at: nil, loggedBy: nil, policy: policy)
            },
            signatures: [cose] + chainSignatures(chain, label: "chain"),
            parse: {
                guard let d = try? NitroAttestationDocument.parse(bytes), let c = try? parseNitroChain(d) else { return false }
                return c.count == chain.count
            },
            certificateParse: (chain.count, { chain.allSatisfy { (try? EvidenceCertificate(derEncoded: $0.der)) != nil } }),
            chainChecks: {
                var report = AppraisalReport(platform: .nitro, instant: document.timestampDate)
                return CertificateChainCheck.verify(
                    chain, label: "chain", roots: roots, at: document.timestampDate,
                    revocation: .missing(required: false, reason: "none"), into: &report)
            },
            collateralParse: nil)
    }

    /// The leaf, then the cabundle reversed (leaf first, root last), as NitroAppraiser builds it.
    static func parseNitroChain(_ document: NitroAttestationDocument) throws(EvidenceError) -> [EvidenceCertificate] {
        var chain = [try EvidenceCertificate(derEncoded: document.certificate)]
        for der in document.cabundle.reversed() { chain.append(try EvidenceCertificate(derEncoded: der)) }
        return chain
    }

    /// S1 with its VCEK alone (the appraiser completes the chain with its compiled-in Milan ASK
    /// and ARK; the bench reads the same certificates from ask_ark_milan.pem and checks that the
    /// appraisal's root is that ARK).
    static func snp(_ vectors: TEEVectors) throws -> AppraisalCase {
        let bytes = vectors.snpReport, vcekDER = vectors.vcek
        let report = try SNPAttestationReport.parse(bytes)
        let vcek = try EvidenceCertificate(derEncoded: vcekDER)
        let askArk = try EvidenceCertificate.parseAll(vectors.askArkMilan)
        guard askArk.count == 2 else { throw EvidenceBenchError("ask_ark_milan.pem holds \(askArk.count) certificates, expected 2") }
        let chain = [vcek] + askArk
        let instant = TEEVectors.snpInstant
        let appraised = EvidenceAppraisal.appraise(
            platform: .sevSNP, evidence: bytes, collateral: .init(certificates: [vcek]), at: instant, loggedBy: nil, policy: policy)
        guard appraised.rootsUsed.map(\.sha256) == [askArk[1].sha256] else {
            throw EvidenceBenchError("S1: the appraisal's root is not the ARK of ask_ark_milan.pem")
        }
        let signedBytes = report.signedBytes, rs = report.signatureR + report.signatureS
        let reportSignature = AppraisalCase.Signature(name: "report ECDSA P-384 / SHA-384 by \(vcek.commonName)") {
            guard let key = P384.Signing.PublicKey(vcek.certificate.publicKey),
                  let sig = try? P384.Signing.ECDSASignature(rawRepresentation: rs)
            else { return false }
            return key.isValidSignature(sig, for: SHA384.hash(data: signedBytes))
        }
        let roots = PinnedRoot.trusted(for: .sevSNP, policy: policy)
        return AppraisalCase(
            label: "S1 SEV-SNP",
            appraise: {
                EvidenceAppraisal.appraise(
                    platform: .sevSNP, evidence: bytes, collateral: .init(certificates: [vcek]), at: instant, loggedBy: nil, policy: policy)
            },
            signatures: [reportSignature] + chainSignatures(chain, label: "chain"),
            parse: {
                (try? SNPAttestationReport.parse(bytes)) != nil && (try? AMDCertificateExtensions(vcek)) != nil
            },
            certificateParse: nil,
            chainChecks: {
                var out = AppraisalReport(platform: .sevSNP, instant: instant)
                return CertificateChainCheck.verify(
                    chain, label: "chain", roots: roots, at: instant,
                    revocation: .missing(required: false, reason: "none"), into: &out)
            },
            collateralParse: ("VCEK DER", { (try? EvidenceCertificate(derEncoded: vcekDER)) != nil }))
    }

    /// T1 with its DCAP collateral.
    static func tdx(_ vectors: TEEVectors) throws -> AppraisalCase {
        let bytes = vectors.tdxQuote, json = vectors.tdxCollateral
        let quote = try TDXQuote.parse(bytes)
        let dcap = try DCAPCollateral.parse(json: json)
        let instant = TEEVectors.tdxInstant
        let pck = quote.pckChain, signing = dcap.tcbInfoIssuerChain
        let leaf = pck[0]

        func p256(_ name: String, key: @escaping () -> P256.Signing.PublicKey?, signature: [UInt8], message: [UInt8]) -> AppraisalCase.Signature {
            .init(name: name) {
                guard let key = key(), let sig = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
                return key.isValidSignature(sig, for: message)
            }
        }
        let attestationKey = quote.attestationKey
        var signatures = chainSignatures(pck, label: "pck-chain")
        signatures.append(try crlSignature(dcap.rootCACRL, chain: pck, label: "pck-chain root CA"))
        signatures.append(try crlSignature(dcap.pckCRL, chain: pck, label: "pck-chain PCK"))
        signatures.append(p256("QE report ECDSA P-256 by the PCK leaf", key: { P256.Signing.PublicKey(leaf.certificate.publicKey) },
                               signature: quote.qeReportSignature, message: quote.qeReport.bytes))
        signatures.append(p256("quote ECDSA P-256 by the attestation key", key: { try? P256.Signing.PublicKey(rawRepresentation: attestationKey) },
                               signature: quote.signature, message: quote.signedBytes))
        signatures += chainSignatures(signing, label: "tcb-signing-chain")
        signatures.append(try crlSignature(dcap.rootCACRL, chain: signing, label: "tcb-signing-chain root CA"))
        signatures.append(p256("TCB Info ECDSA P-256 by \(signing[0].commonName)", key: { P256.Signing.PublicKey(signing[0].certificate.publicKey) },
                               signature: dcap.tcbInfoSignature, message: dcap.tcbInfoBytes))
        signatures.append(p256("QE Identity ECDSA P-256 by \(signing[0].commonName)", key: { P256.Signing.PublicKey(signing[0].certificate.publicKey) },
                               signature: dcap.qeIdentitySignature, message: dcap.qeIdentityBytes))

        let roots = PinnedRoot.trusted(for: .tdx, policy: policy)
        return AppraisalCase(
            label: "T1 TDX",
            appraise: {
                EvidenceAppraisal.appraise(platform: .tdx, evidence: bytes, collateral: .init(dcap: dcap), at: instant, loggedBy: nil, policy: policy)
            },
            signatures: signatures,
            parse: {
                guard let q = try? TDXQuote.parse(bytes) else { return false }
                return (try? SGXPCKExtension(certificate: q.pckChain[0])) != nil
            },
            certificateParse: (pck.count, { pck.allSatisfy { (try? EvidenceCertificate(derEncoded: $0.der)) != nil } }),
            chainChecks: {
                var out = AppraisalReport(platform: .tdx, instant: instant)
                let a = CertificateChainCheck.verify(
                    pck, label: "pck-chain", roots: roots, at: instant, revocation: .crls([dcap.rootCACRL, dcap.pckCRL]), into: &out)
                let b = CertificateChainCheck.verify(
                    signing, label: "tcb-signing-chain", roots: roots, at: instant, revocation: .crls([dcap.rootCACRL]), into: &out)
                return a && b
            },
            collateralParse: ("DCAP collateral JSON", { (try? DCAPCollateral.parse(json: json)) != nil }))
    }

    // MARK: - Output

    static func print(_ r: AppraisalResult, iterations: Int, warmUp: Int) {
        let chainSignatures = r.signatures.filter(\.inChain).reduce(0) { $0 + $1.samples.cpuMedian }
        heading("(1) \(r.label): one appraisal against the sum of its signature verifications")
        let roots = r.report.rootsUsed.map(\.name).joined(separator: ", ")
        Swift.print("verdict \(r.report.verdict.rawValue) at \(RFC3339.string(r.report.instant)), \(r.report.checks.count) checks, root \(roots)\(r.report.tcbStatus.map { ", TCB \($0)" } ?? "")")
        Swift.print("appraisal (EvidenceAppraisal.appraise, collateral parsed): CPU median \(ms(r.appraisal.cpuMedian)), wall median \(ms(r.appraisal.wallMedian)); \(iterations) iterations after \(warmUp) warm-up")
        Swift.print("\(r.signatures.count) signature verifications, each timed alone (median CPU / wall):")
        for (name, _, s) in r.signatures {
            Swift.print("  \(pad(name, 74, alignLeft: true)) \(pad(ms(s.cpuMedian), 10)) \(pad(ms(s.wallMedian), 10))")
        }
        Swift.print("  \(pad("sum of the medians", 74, alignLeft: true)) \(pad(ms(r.signatureCPUSum), 10)) \(pad(ms(r.signatureWallSum), 10))")
        Swift.print(String(format: "appraisal / sum of signatures: %.2f (CPU), %.2f (wall)", r.cpuRatio, r.wallRatio)
            + "; target <= 1.5 (CPU): \(r.cpuRatio <= 1.5 ? "met" : "NOT met")")
        Swift.print("alone, median CPU: evidence parse \(ms(r.parse.cpuMedian))"
            + (r.certificateParse.map { " (of which its \($0.count) certificates' DER \(ms($0.samples.cpuMedian)))" } ?? "")
            + "; chain checks \(ms(r.chainChecks.cpuMedian)), of which their \(r.signatures.filter(\.inChain).count) signatures \(ms(chainSignatures))"
            + (r.collateralParse.map { "; before the appraisal, \($0.name) parse \(ms($0.samples.cpuMedian))" } ?? ""))
        let beyond = r.appraisal.cpuMedian - r.signatureCPUSum
        Swift.print("appraisal beyond its signatures: \(ms(beyond)) = evidence parse \(ms(r.parse.cpuMedian)) + chain checks beyond their signatures \(ms(r.chainChecks.cpuMedian - chainSignatures)) + the rest \(ms(beyond - r.parse.cpuMedian - (r.chainChecks.cpuMedian - chainSignatures)))")
    }
}
