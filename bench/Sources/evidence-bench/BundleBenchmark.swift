// Figure (2): `Verifier(policy:).verify(bundle, inputs:)` on the bundle of EvidenceBundle: the
// receipt's inclusion, 2 cosignatures, the COSE receipt and the issuer signature, then the
// environment layer: both entries' inclusion and registration checks (2 more Ed25519
// verifications), the witnessed checkpoint (log signature and cosignatures again), the collateral
// parse (3 certificates), the SEV-SNP appraisal and the key binding, which fails (see
// EvidenceBundle). The bundle is parsed once; parse + verify is timed as well.
import BenchSupport
import CryptoPrimitives
import Foundation
import Verification

enum BundleBenchmark {
    struct Result {
        let bundleSize: Int
        let entrySizes: [Int]
        let environment: ClaimCheck
        let verify: Samples
        let parseAndVerify: Samples
        /// One Ed25519 verification, for scale.
        let ed25519: Samples
    }

    /// The Ed25519 verifications of one verify: the log signature, 2 cosignatures, the COSE
    /// receipt and the receipt's issuer signature; the 2 entries' issuer signatures; the
    /// witnessed checkpoint's log signature and 2 cosignatures.
    static let ed25519Count = 10

    static func run(_ setup: EvidenceBundle, iterations: Int, warmUp: Int) throws -> Result {
        let policy = try TrustPolicy(file: setup.policy)
        let verifier = Verifier(policy: policy)
        let bundle = try ReceiptBundle(parsing: setup.bundle)
        let report = verifier.verify(bundle, inputs: setup.inputs)
        // Every layer before the environment verifies; the environment fails at key-binding only.
        for check in report.checks.prefix(4) where check.verdict != .verified {
            throw EvidenceBenchError("the bundle's \(check.layer) line is \(check.verdict): \(check.reason)")
        }
        guard let environment = report.checks.first(where: { $0.layer == .environment }), environment.verdict == .failed,
              environment.code == VerificationError.Code.appraisalFailed.description,
              environment.reason.contains("key-binding failed")
        else {
            throw EvidenceBenchError("the environment line is not a failure at key-binding:\n\(report.text)")
        }
        var failures = 0
        let verify = sample(iterations: iterations, warmUp: warmUp) {
            if verifier.verify(bundle, inputs: setup.inputs).checks[4].verdict != .failed { failures += 1 }
        }
        let both = sample(iterations: iterations, warmUp: warmUp) {
            guard let b = try? ReceiptBundle(parsing: setup.bundle) else { failures += 1; return }
            if verifier.verify(b, inputs: setup.inputs).checks[4].verdict != .failed { failures += 1 }
        }
        let key = try Ed25519PrivateKey(seed: [UInt8](repeating: 0x11, count: 32))
        let message = [UInt8](repeating: 0x42, count: 300)
        let signature = key.signature(for: message), publicKey = key.publicKey
        let ed25519 = sample(iterations: iterations, warmUp: warmUp) {
            if !publicKey.isValidSignature(signature, for: message) { failures += 1 }
        }
        guard failures == 0 else { throw EvidenceBenchError("\(failures) timed verifications differed") }
        return Result(
            bundleSize: setup.bundle.count, entrySizes: setup.entrySizes, environment: environment, verify: verify,
            parseAndVerify: both, ed25519: ed25519)
    }

    static func print(_ r: Result, iterations: Int, warmUp: Int) {
        heading("(2) verify one receipt bundle with SEV-SNP evidence and collateral")
        Swift.print("bundle: \(r.bundleSize) bytes; evidence statement \(r.entrySizes[0]) bytes, collateral statement \(r.entrySizes[1]) bytes (VCEK, ASK, ARK), receipt \(r.entrySizes[2]) bytes; log of 8 entries, 2 of 3 cosignatures at 2023-04-04T19:23:43Z")
        Swift.print("environment: \(r.environment.verdict) \(r.environment.code ?? ""): \(r.environment.reason)")
        Swift.print("Verifier.verify (bundle parsed once): CPU median \(ms(r.verify.cpuMedian)), p99 \(ms(Samples.percentile(r.verify.cpu, 0.99))); wall median \(ms(r.verify.wallMedian)), p99 \(ms(Samples.percentile(r.verify.wall, 0.99))); \(iterations) iterations after \(warmUp) warm-up")
        Swift.print("parse + verify:                       CPU median \(ms(r.parseAndVerify.cpuMedian)); wall median \(ms(r.parseAndVerify.wallMedian))")
        Swift.print("for scale: one Ed25519 verification \(ms(r.ed25519.cpuMedian)) CPU; verify makes \(ed25519Count) (\(ms(Double(ed25519Count) * r.ed25519.cpuMedian))) besides the SEV-SNP appraisal of (1)")
        Swift.print("target median <= 20 ms (wall): \(r.verify.wallMedian <= 0.020 ? "met" : "NOT met")")
    }
}
