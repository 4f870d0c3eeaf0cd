// witness-bench: add-checkpoint requests handled per second with consistency proofs from a
// 10^6-entry log (issue 5; target at least 2,000/s), all figures from one run.
//
//   (a) engine, one log: Witness.addCheckpoint(body:) fed a growing sequence of signed
//       checkpoints on one thread: parse, Ed25519 verify, consistency proof, cosign, one synced
//       RocksDB write each. A log's requests are sequential by nature: each starts from the size
//       the previous one stored.
//   (b) engine, L logs at once (default 8), one thread each: the per-log locks do not serialise
//       them, and RocksDB commits concurrent synced writes in one group (one fsync for several).
//   (c) HTTP on loopback, one log: the same through the Hummingbird server over one keep-alive
//       connection (server and client in this process).
//   (d) HTTP on loopback, L logs, L connections.
//
// The witness state goes to a new directory under --dir (default: the system's temporary
// directory); every synced write waits for the disk, so the wall rate of one log is bounded by
// the fsync latency of that file system.
//
// Usage: witness-bench [--runs N] [--count N] [--tree N] [--logs L] [--dir PATH] [--no-http]
import BenchSupport
import Foundation

var runs = 3
var count = 4_000
var treeSize = 1_000_000
var http = true
var logCount = 8
var stateRoot = NSTemporaryDirectory()
var arguments = CommandLine.arguments.dropFirst()
while let a = arguments.popFirst() {
    switch a {
    case "--runs": runs = Int(arguments.popFirst() ?? "") ?? runs
    case "--count": count = Int(arguments.popFirst() ?? "") ?? count
    case "--tree": treeSize = Int(arguments.popFirst() ?? "") ?? treeSize
    case "--no-http": http = false
    case "--logs": logCount = Int(arguments.popFirst() ?? "") ?? logCount
    case "--dir": stateRoot = (arguments.popFirst() ?? stateRoot) + "/"
    default:
        FileHandle.standardError.write(Data("usage: witness-bench [--runs N] [--count N] [--tree N] [--logs L] [--dir PATH] [--no-http]\n".utf8))
        exit(2)
    }
}
guard runs > 0, count > 0, treeSize >= 2 * count, (1...250).contains(logCount) else {
    FileHandle.standardError.write(Data("witness-bench: runs and count positive, tree at least 2 × count\n".utf8))
    exit(2)
}

let setUp = Instant.now()
let tree = try BenchLog.buildTree(size: treeSize)
let logs = try (0..<logCount).map { try BenchLog(origin: "bench.example/log-\($0)", seed: UInt8($0 + 1), tree: tree) }
let first = UInt64(treeSize / 2)
let bodies = try logs.map { try $0.sequence(first: first, count: count) }
let built = Instant.now()
let proofLines = bodies[0].dropFirst().map { body in
    String(decoding: body, as: UTF8.self).split(separator: "\n\n", maxSplits: 1)[0].split(separator: "\n").count - 1
}
print("witness-bench: \(count) add-checkpoint requests per log, sizes \(first) → \(treeSize) in steps of \((UInt64(treeSize) - first) / UInt64(count)),")
print("  consistency proofs of \(proofLines.min()!)–\(proofLines.max()!) hashes; medians of \(runs) runs on fresh state.")
print("  A \(format(Double(treeSize)))-entry tree built and \(logCount * (count + 1)) checkpoints of \(logCount) logs signed in \(String(format: "%.1f", built.wall - setUp.wall)) s.")

heading("(a) engine, one log, one thread")
print("  \(try EngineBenchmark.sequential(logs[0], bodies: bodies[0], runs: runs, root: stateRoot))")
print("  state under \(stateRoot)")
heading("(b) engine, \(logCount) logs, \(logCount) threads")
print("  \(format(try EngineBenchmark.parallel(logs, bodies: bodies, runs: runs, root: stateRoot)))/s wall in total")
if http {
    heading("(c) HTTP on loopback, one log, one connection")
    print("  \(try await HTTPBenchmark.run([logs[0]], bodies: [bodies[0]], runs: runs, root: stateRoot)) (CPU: whole process)")
    heading("(d) HTTP on loopback, \(logCount) logs, \(logCount) connections")
    print("  \(try await HTTPBenchmark.run(logs, bodies: bodies, runs: runs, root: stateRoot)) (CPU: whole process)")
}
