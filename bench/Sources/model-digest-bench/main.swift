// model-digest-bench: model digest throughput in MB/s against coreutils sha256sum on the same
// files, in one run on one machine (specs/receipt-profile.md §Model digest; issue 3, Performance).
//
// Usage: model-digest-bench [--size-mib N] [--runs N] [--dir PATH] [--keep]
// Generates about N MiB (default 1024) of model-like files in a new directory under PATH (default:
// the system's temporary directory), removes it afterwards unless --keep.
import BenchSupport
import Foundation

var sizeMiB = 1024
var runs = 3
var parent = FileManager.default.temporaryDirectory
var keep = false
var arguments = CommandLine.arguments.dropFirst()
while let a = arguments.popFirst() {
    switch a {
    case "--size-mib": sizeMiB = Int(arguments.popFirst() ?? "") ?? 0
    case "--runs": runs = Int(arguments.popFirst() ?? "") ?? 0
    case "--dir": parent = URL(fileURLWithPath: arguments.popFirst() ?? ".")
    case "--keep": keep = true
    default: sizeMiB = 0
    }
    if sizeMiB < 4 || runs < 1 {
        FileHandle.standardError.write(Data("usage: model-digest-bench [--size-mib N>=4] [--runs N>=1] [--dir PATH] [--keep]\n".utf8))
        exit(2)
    }
}

let root = parent.appendingPathComponent("model-digest-bench-\(ProcessInfo.processInfo.processIdentifier)")
/// Removes the generated files (unless --keep) and exits; `exit` skips `defer`.
@MainActor func finish(_ status: Int32) -> Never {
    if !keep { try? FileManager.default.removeItem(at: root) }
    exit(status)
}
do {
    print("model-digest-bench: ModelManifest.hashing (receiptlog-sha256-manifest-v1, one thread) against")
    print("coreutils sha256sum on the same files, both from the page cache. Rates are medians of \(runs) runs")
    print("in MB/s (10^6 bytes) per CPU-second (of the hashing thread; of the child process for the tools),")
    print("with wall-clock rates in brackets; the ratio uses CPU time because the machine is shared.")
    let generated = try ModelDigestBenchmark.generate(at: root, totalMiB: sizeMiB)
    print("files: \(generated.files), \(format(Double(generated.bytes))) bytes in \(root.path)")
    let f = try ModelDigestBenchmark.run(directory: root, runs: runs)
    func mb(_ r: Rate) -> String {
        "\(format(r.perCPUSecond / 1e6)) MB/s per CPU-second (\(format(r.perWallSecond / 1e6)) MB/s wall)"
    }
    heading("model digest throughput")
    print("receiptlog model digest:  \(mb(f.ours))")
    print("sha256sum (coreutils):    \(mb(f.sha256sum))")
    if let openssl = f.openssl { print("openssl dgst -sha256:     \(mb(openssl))") }
    heading("target (CPU-time rates)")
    let ratio = f.ours.perCPUSecond / f.sha256sum.perCPUSecond
    let met = ratio >= 0.9
    print("\(met ? "met   " : "MISSED") model digest / sha256sum: \(format(ratio))x (target >= 0.9)"
        + "; wall-clock ratio \(format(f.ours.perWallSecond / f.sha256sum.perWallSecond))x")
    finish(met ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("model-digest-bench: \(error)\n".utf8))
    finish(1)
}
