// Statements verified per second (parse, issuer lookup, Ed25519 verify: the registration checks of
// RegistrationPolicy.check) against raw Ed25519 verifications per second of the same signed bytes,
// measured in the same run on the same thread.
import BenchSupport
import CBOR
import COSE
import CryptoPrimitives
import Merkle
import Statements

enum StatementVerification {
    struct Result {
        /// Signed statements through `RegistrationPolicy.check`.
        let statements: Rate
        /// AIR v1 receipts registered directly through `RegistrationPolicy.check`.
        let airReceipts: Rate
        /// `Ed25519PublicKey.isValidSignature` over each statement's Sig_structure.
        let rawVerify: Rate
        /// The size of one statement, in bytes.
        let statementSize: Int
    }

    /// Builds `count` distinct statements from `issuers` issuers (each statement's payload is
    /// `payloadSize` bytes), then measures the three rates over them, `runs` times each, medians.
    static func run(count: Int, issuers: Int, payloadSize: Int, runs: Int) throws -> Result {
        // One key per issuer, seeds derived from the issuer number.
        var keys: [(name: String, key: Ed25519PrivateKey)] = []
        for i in 0..<issuers {
            var seed = [UInt8](repeating: 0, count: 32)
            withUnsafeBytes(of: UInt32(i + 1).bigEndian) { seed.replaceSubrange(0..<4, with: $0) }
            keys.append(("issuer-\(i).example.com/inference", try Ed25519PrivateKey(seed: seed)))
        }
        // The AIR v1 issuer: its receipts are signed below with claims shaped like the golden vectors'.
        let airKey = try Ed25519PrivateKey(seed: [UInt8](repeating: 0x2A, count: 32))
        let list = try IssuerList(
            keys: keys.map { try IssuerKey(name: $0.name, publicKey: $0.key.publicKey) }
                + [IssuerKey(name: "cyntrisec.com", publicKey: airKey.publicKey)])
        let policy = RegistrationPolicy(issuers: list)

        var statements: [[UInt8]] = []
        var signed: [(key: Ed25519PublicKey, message: [UInt8], signature: [UInt8])] = []
        for i in 0..<count {
            let (name, key) = keys[i % issuers]
            var payload = [UInt8](repeating: UInt8(truncatingIfNeeded: i), count: payloadSize)
            withUnsafeBytes(of: UInt64(i).bigEndian) { payload.replaceSubrange(0..<8, with: $0) }
            let statement = try SignedStatement.sign(
                issuer: name, subject: "model:minilm-l6-v2", contentType: .mediaType("application/json"),
                payload: payload, key: key)
            statements.append(statement.encoded())
            signed.append((key.publicKey, statement.message.toBeSigned(payload: payload), statement.message.signature))
        }
        var receipts: [[UInt8]] = []
        for i in 0..<count {
            receipts.append(try AIRReceipt.sign(claims: airClaims(i), key: airKey).encoded())
        }
        // Every input must pass before it is timed.
        for s in statements { _ = try policy.check(s) }
        for r in receipts { _ = try policy.check(r) }
        for s in signed where !s.key.isValidSignature(s.signature, for: s.message) {
            throw StatementsBenchError("a raw signature does not verify")
        }

        // The three measurements alternate, one round each at a time, so that load from other
        // processes on the shared machine falls on all three alike; each figure is the median.
        var failures = 0
        var raw: [Rate] = [], statement: [Rate] = [], air: [Rate] = []
        for round in 0..<runs {
            raw.append(measure(units: count, runs: 1, warmUp: round == 0) {
                for s in signed where !s.key.isValidSignature(s.signature, for: s.message) { failures += 1 }
            })
            statement.append(measure(units: count, runs: 1, warmUp: round == 0) {
                for s in statements where (try? policy.check(s)) == nil { failures += 1 }
            })
            air.append(measure(units: count, runs: 1, warmUp: round == 0) {
                for r in receipts where (try? policy.check(r)) == nil { failures += 1 }
            })
        }
        func medianRate(_ rates: [Rate]) -> Rate {
            Rate(perWallSecond: median(rates.map(\.perWallSecond)), perCPUSecond: median(rates.map(\.perCPUSecond)))
        }
        let rawVerify = medianRate(raw), statementRate = medianRate(statement), airRate = medianRate(air)
        guard failures == 0 else { throw StatementsBenchError("\(failures) verifications failed while timed") }
        return Result(
            statements: statementRate, airReceipts: airRate, rawVerify: rawVerify, statementSize: statements[0].count)
    }

    /// Claims like the golden Nitro vector's, with a distinct cti and sequence number for `i`.
    private static func airClaims(_ i: Int) throws -> AIRClaims {
        var cti = [UInt8](repeating: 0x5A, count: 16)
        withUnsafeBytes(of: UInt64(i).bigEndian) { cti.replaceSubrange(8..<16, with: $0) }
        func digest(_ byte: UInt8) throws -> Hash { try Hash(bytes: [UInt8](repeating: byte, count: 32)) }
        return AIRClaims(
            issuer: "cyntrisec.com", issuedAt: 1_740_500_000 + UInt64(i), cwtID: cti, modelID: "minilm-l6-v2",
            modelVersion: "1.0.0", modelHash: try digest(0xAA), requestHash: try digest(0xBB),
            responseHash: try digest(0xCC), attestationDocHash: try digest(0xDD),
            measurements: try AIRMeasurements(
                platform: .nitro, pcr0: [UInt8](repeating: 1, count: 48), pcr1: [UInt8](repeating: 2, count: 48),
                pcr2: [UInt8](repeating: 3, count: 48)),
            policyVersion: "policy-2026.02", sequenceNumber: UInt64(i), executionTimeMilliseconds: 116,
            memoryPeakMegabytes: 512, securityMode: "GatewayOnly")
    }
}
