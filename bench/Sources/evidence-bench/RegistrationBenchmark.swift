// Figure (3): the registration checks (`RegistrationPolicy.check`, what the log runs on every
// submitted statement) on inference receipts without env_evidence, and on receipts that reference
// already-logged SEV-SNP evidence and its collateral (two env_evidence references and a
// key_binding). Registration does not resolve or appraise the references (specs/evidence.md: the
// evidence is appraised when a bundle is verified), so the two should cost the same but for the
// longer payload. `count` distinct receipts of each kind; the two measurements alternate for
// `rounds` rounds so that load from other processes falls on both alike; each figure is the
// median round, per CPU-second of the measuring thread.
import BenchSupport
import CryptoPrimitives
import Foundation
import Statements

enum RegistrationBenchmark {
    struct Result {
        let plain: Rate
        let withEvidence: Rate
        let plainSize: Int
        let evidenceSize: Int
        var cpuRatio: Double { withEvidence.perCPUSecond / plain.perCPUSecond }
        var wallRatio: Double { withEvidence.perWallSecond / plain.perWallSecond }
    }

    static func run(_ vectors: TEEVectors, count: Int, rounds: Int) throws -> Result {
        let issuerKey = try EvidenceBundle.key(0x11)
        let issuers = try IssuerList(keys: [try IssuerKey(name: EvidenceBundle.issuerName, publicKey: issuerKey.publicKey)])
        let policy = RegistrationPolicy(issuers: issuers)
        let references = try EvidenceBundle.snpStatements(vectors, issuer: issuerKey).references
        let issuedAt: UInt64 = 1_767_225_600
        var plain = [[UInt8]](), withEvidence = [[UInt8]]()
        for n in 0..<count {
            plain.append(try EvidenceBundle.receiptClaims(n, issuedAt: issuedAt, references: [], keyBinding: nil)
                .signedStatement(key: issuerKey).encoded())
            withEvidence.append(try EvidenceBundle.receiptClaims(
                count + n, issuedAt: issuedAt, references: references, keyBinding: "report-data-sha512-pubkey"
            ).signedStatement(key: issuerKey).encoded())
        }
        for s in plain + withEvidence { _ = try policy.check(s) }

        var failures = 0
        var a: [Rate] = [], b: [Rate] = []
        for round in 0..<rounds {
            a.append(measure(units: count, runs: 1, warmUp: round == 0) {
                for s in plain where (try? policy.check(s)) == nil { failures += 1 }
            })
            b.append(measure(units: count, runs: 1, warmUp: round == 0) {
                for s in withEvidence where (try? policy.check(s)) == nil { failures += 1 }
            })
        }
        guard failures == 0 else { throw EvidenceBenchError("\(failures) registration checks failed while timed") }
        func medianRate(_ rates: [Rate]) -> Rate {
            Rate(perWallSecond: median(rates.map(\.perWallSecond)), perCPUSecond: median(rates.map(\.perCPUSecond)))
        }
        return Result(plain: medianRate(a), withEvidence: medianRate(b), plainSize: plain[0].count, evidenceSize: withEvidence[0].count)
    }

    static func print(_ r: Result, count: Int, rounds: Int) {
        heading("(3) registration checks: receipts without env_evidence vs. with two references to logged evidence")
        Swift.print("RegistrationPolicy.check, \(count) distinct receipts of each kind, \(rounds) alternating rounds, median round")
        Swift.print("without env_evidence (\(r.plainSize) bytes):                       \(r.plain)")
        Swift.print("with sev-snp-report + tee-collateral + key_binding (\(r.evidenceSize) bytes): \(r.withEvidence)")
        Swift.print(String(format: "with / without: %.3f (CPU), %.3f (wall); target: no more cost (>= 1.0 within noise)", r.cpuRatio, r.wallRatio))
    }
}
