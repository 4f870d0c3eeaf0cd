// statements-bench: registration throughput of signed statements, all figures from one run.
//
//   statements verified per second: RegistrationPolicy.check (parse the COSE_Sign1 and its CWT
//   claims, build the leaf form, look up the issuer key by iss and kid, verify Ed25519), against
//   raw Ed25519 verifications per second of the same signed bytes (target: at least 0.85 of it);
//   AIR v1 receipts registered directly are measured beside them.
//
// Usage: statements-bench [--runs N] [--count N] [--issuers N] [--payload BYTES]
import BenchSupport
import Foundation

/// A benchmark that could not run as set up.
struct StatementsBenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

var runs = 5
var count = 2_000
var issuers = 100
var payloadSize = 512
var arguments = CommandLine.arguments.dropFirst()
while let a = arguments.popFirst() {
    switch a {
    case "--runs": runs = Int(arguments.popFirst() ?? "") ?? runs
    case "--count": count = Int(arguments.popFirst() ?? "") ?? count
    case "--issuers": issuers = Int(arguments.popFirst() ?? "") ?? issuers
    case "--payload": payloadSize = Int(arguments.popFirst() ?? "") ?? payloadSize
    default:
        FileHandle.standardError.write(
            Data("usage: statements-bench [--runs N] [--count N] [--issuers N] [--payload BYTES]\n".utf8))
        exit(2)
    }
}
guard runs > 0, count > 0, issuers > 0, payloadSize >= 8 else {
    FileHandle.standardError.write(Data("statements-bench: counts must be positive, the payload at least 8 bytes\n".utf8))
    exit(2)
}

print("statements-bench: one thread. Rates are medians of \(runs) alternating rounds of \(count) items,")
print("per CPU-second of the measuring thread, with wall-clock rates in brackets; the ratio uses CPU time.")
print("cores online: \(ProcessInfo.processInfo.activeProcessorCount)")

heading("statements verified per second against raw Ed25519 verifications, one core")
let result: StatementVerification.Result
do {
    result = try StatementVerification.run(count: count, issuers: issuers, payloadSize: payloadSize, runs: runs)
} catch {
    print("statement benchmark failed: \(error)")
    exit(1)
}
print("statements: \(result.statementSize) bytes each, \(payloadSize)-byte payloads, \(issuers) issuers in the issuer list")
print("raw Ed25519 verify (same signed bytes):  \(result.rawVerify)")
print("signed statements registered:           \(result.statements)")
print("AIR v1 receipts registered directly:    \(result.airReceipts)")

heading("target (CPU-time rates)")
let ratio = result.statements.perCPUSecond / result.rawVerify.perCPUSecond
let airRatio = result.airReceipts.perCPUSecond / result.rawVerify.perCPUSecond
let met = ratio >= 0.85
print("\(met ? "met   " : "MISSED") statements/raw verify: \(format(ratio)) (target >= 0.85)")
print("       AIR receipts/raw verify: \(format(airRatio)) (no target)")
print("       wall-clock ratio statements/raw verify: \(format(result.statements.perWallSecond / result.rawVerify.perWallSecond))")
exit(0)
