// merkle-bench: the Merkle core's figures, all from one run on one machine.
//
//   (a) SHA-256 limit: 65-byte node hashes per second on one core (OpenSSL EVP, as integrated)
//   (b) leaves per second integrating 1,000,000 leaves, verified against the golden root
//   (c) the same work by golang.org/x/mod/sumdb/tlog (bench/go-reference/run)
//   (d) inclusion and consistency proofs built and verified per second at 10^3, 10^5, 10^7 leaves
//
// Usage: merkle-bench [--runs N] [--no-go] [--max-proof-size N] [--only a|b|c|d]
// (--only runs one section and skips the target check, for profiling one part.)
import BenchSupport
import Foundation
import Merkle

var runs = 5
var withGo = true
var maxProofSize = 10_000_000
var only: String?
var arguments = CommandLine.arguments.dropFirst()
while let a = arguments.popFirst() {
    switch a {
    case "--runs": runs = Int(arguments.popFirst() ?? "") ?? runs
    case "--no-go": withGo = false
    case "--max-proof-size": maxProofSize = Int(arguments.popFirst() ?? "") ?? maxProofSize
    case "--only" where ["a", "b", "c", "d"].contains(arguments.first ?? ""): only = arguments.popFirst()
    default:
        FileHandle.standardError.write(
            Data("usage: merkle-bench [--runs N] [--no-go] [--max-proof-size N] [--only a|b|c|d]\n".utf8))
        exit(2)
    }
}

print("merkle-bench: one thread for every Swift figure (the Go reference runs with GOMAXPROCS=1).")
print("Rates are medians of \(runs) runs, per CPU-second of the measuring thread (process, for Go),")
print("with wall-clock rates in brackets; ratios use the CPU-time rates because the machine is shared.")
print("cores online: \(ProcessInfo.processInfo.activeProcessorCount)")

@MainActor func selected(_ section: String) -> Bool { only == nil || only == section }

var limit: Rate?
if selected("a") {
    heading("(a) SHA-256 limit: 65-byte node hashes, OpenSSL EVP, one core")
    limit = SHA256Limit.prefixed(count: 2_000_000, runs: runs)
    print("copied pre-absorbed 0x01 context (the integrator's path): \(limit!)")
    let plain = SHA256Limit.plain(count: 2_000_000, runs: runs)
    print("EVP_DigestInit_ex2 per hash (plain path):                 \(plain)")
}

var integration: IntegrationBenchmark.Result?
var goldenOK = true
if selected("b") {
    heading("(b) integration of 1,000,000 leaves (leaf + interior hashes, tile levels kept), one core")
    let entries = IntegrationBenchmark.goldenEntries(1_000_000)
    let result = IntegrationBenchmark.run(entries: entries, runs: runs)
    goldenOK = result.root.hex == IntegrationBenchmark.goldenRoot
    print("one call:            \(result.oneBatch) leaves")
    print("batches of 1,000:    \(result.batchesOf1000) leaves")
    print("root \(result.root.hex) \(goldenOK ? "= golden" : "!= golden \(IntegrationBenchmark.goldenRoot)")")
    print("stored tile-level hashes: \(format(Double(result.storedHashes)))")
    integration = result
}

var go: GoReference.Result?
var goOK = true
if withGo && selected("c") {
    heading("(c) Go reference: golang.org/x/mod/sumdb/tlog StoredHashes, in-memory store, GOMAXPROCS=1")
    do {
        let result = try GoReference.run(leaves: 1_000_000, runs: runs)
        goOK = result.root == IntegrationBenchmark.goldenRoot
        print("\(result.rate) leaves")
        print("root \(result.root) \(goOK ? "= golden" : "!= golden")")
        go = result
    } catch {
        print("Go reference failed: \(error)")
        goOK = false
    }
}

var proofsOK = true
if selected("d") {
    heading("(d) proofs per second: built from stored hashes, verified against the root, one core")
    do {
        try ProofBenchmark.run(sizes: [1_000, 100_000, 10_000_000].filter { $0 <= maxProofSize }, seconds: 1)
    } catch {
        print("proof benchmark failed: \(error)")
        proofsOK = false
    }
}

guard only == nil else { exit(goldenOK && goOK && proofsOK ? 0 : 1) }

heading("targets (CPU-time rates)")
func check(_ label: String, _ value: Double, _ target: Double, _ unit: String) -> Bool {
    let ok = value >= target
    print("\(ok ? "met   " : "MISSED") \(label): \(format(value))\(unit) (target >= \(format(target))\(unit))")
    return ok
}
let b = integration!.oneBatch.perCPUSecond
var allMet = check("(b) leaves/s", b, 2_500_000, "")
if let go {
    allMet = check("(b)/(c)", b / go.rate.perCPUSecond, 2.5, "x") && allMet
}
allMet = check("(b)/((a)/2)", b / (limit!.perCPUSecond / 2), 0.8, "") && allMet
let checksOK = goldenOK && goOK && proofsOK
print(checksOK ? "" : "\nCHECK FAILED: see above")
print(allMet ? "all targets met" : "some targets missed")
exit(checksOK ? 0 : 1)
