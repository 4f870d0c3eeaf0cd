// evidence-bench: the cost of appraising hardware evidence, all figures from one run:
//
//   (1) per platform, one appraisal of a real vector (N1 Nitro, S1 SEV-SNP, T1 TDX) against the
//       sum of the signature verifications it performs, each timed alone (target: ratio <= 1.5);
//   (2) verifying one receipt bundle that carries SEV-SNP evidence and collateral (target:
//       median <= 20 ms);
//   (3) registration checks on receipts with and without references to logged evidence (target:
//       no more cost);
//   (4) P-384, P-256 and RSA-4096 verifications per second with swift-crypto, and OpenSSL's
//       `openssl speed` for comparison.
//
//   evidence-bench [--iterations N] [--warm-up N] [--count N] [--rounds N] [--seconds S]
//                  [--repo DIR] [--no-openssl] [--only 1|2|3|4] [--platform nitro|snp|tdx]
//
// --only runs one figure and --platform one platform of figure (1), for profiling; the summary
// is printed only when every figure ran.
import BenchSupport
import Foundation

var iterations = 200
var warmUp = 20
var count = 2_000
var rounds = 5
var seconds = 3.0
var repo: String?
var openssl = true
var only: Int?
var platforms = ["nitro", "snp", "tdx"]
var arguments = CommandLine.arguments.dropFirst()
func usage() -> Never {
    FileHandle.standardError.write(Data(
        "usage: evidence-bench [--iterations N] [--warm-up N] [--count N] [--rounds N] [--seconds S] [--repo DIR] [--no-openssl] [--only 1|2|3|4] [--platform nitro|snp|tdx]\n".utf8))
    exit(2)
}
while let a = arguments.popFirst() {
    switch a {
    case "--iterations": iterations = Int(arguments.popFirst() ?? "") ?? 0
    case "--warm-up": warmUp = Int(arguments.popFirst() ?? "") ?? -1
    case "--count": count = Int(arguments.popFirst() ?? "") ?? 0
    case "--rounds": rounds = Int(arguments.popFirst() ?? "") ?? 0
    case "--seconds": seconds = Double(arguments.popFirst() ?? "") ?? 0
    case "--repo": repo = arguments.popFirst()
    case "--no-openssl": openssl = false
    case "--only": only = Int(arguments.popFirst() ?? "") ?? 0
    case "--platform": platforms = [arguments.popFirst() ?? ""]
    default: usage()
    }
}
guard iterations >= 100, warmUp >= 0, count > 0, rounds > 0, seconds > 0, (1...4).contains(only ?? 1),
      platforms.allSatisfy(["nitro", "snp", "tdx"].contains)
else { usage() }
@MainActor func runs(_ figure: Int) -> Bool { only == nil || only == figure }

/// The load averages, from /proc/loadavg.
func loadAverage() -> String {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}

do {
    let root = try TEEVectors.repositoryRoot(repo)
    let vectors = try TEEVectors(root: root)
    print("evidence-bench: one thread; cores online: \(ProcessInfo.processInfo.activeProcessorCount); load average \(loadAverage())")
    print("vectors: \(root.path)/Tests/Vectors/tee")

    var appraisals: [AppraisalResult] = []
    if runs(1) {
        let cases = try platforms.map { p in
            try p == "nitro" ? AppraisalBenchmark.nitro(vectors) : p == "snp" ? AppraisalBenchmark.snp(vectors) : AppraisalBenchmark.tdx(vectors)
        }
        appraisals = try AppraisalBenchmark.run(cases, iterations: iterations, warmUp: warmUp)
        for r in appraisals { AppraisalBenchmark.print(r, iterations: iterations, warmUp: warmUp) }
    }
    var bundleResult: BundleBenchmark.Result?
    if runs(2) {
        let r = try BundleBenchmark.run(try EvidenceBundle.make(vectors), iterations: iterations, warmUp: warmUp)
        BundleBenchmark.print(r, iterations: iterations, warmUp: warmUp)
        bundleResult = r
    }
    var registrationResult: RegistrationBenchmark.Result?
    if runs(3) {
        let r = try RegistrationBenchmark.run(vectors, count: count, rounds: rounds)
        RegistrationBenchmark.print(r, count: count, rounds: rounds)
        registrationResult = r
    }
    var cryptoResult: CryptoLibraryBenchmark.Result?
    if runs(4) {
        let r = try CryptoLibraryBenchmark.run(vectors, seconds: seconds, openssl: openssl)
        CryptoLibraryBenchmark.print(r, seconds: seconds)
        cryptoResult = r
    }
    guard only == nil, appraisals.count == 3, let bundle = bundleResult, let registration = registrationResult, let crypto = cryptoResult
    else { exit(0) }

    heading("summary (CPU time of the measuring thread; load average now \(loadAverage()))")
    for r in appraisals {
        print("(1) \(pad(r.label, 10, alignLeft: true)) appraisal \(ms(r.appraisal.cpuMedian)), \(r.signatures.count) signatures \(ms(r.signatureCPUSum)), ratio "
            + String(format: "%.2f", r.cpuRatio) + (r.cpuRatio <= 1.5 ? " (met)" : " (NOT met)"))
    }
    print("(2) bundle verify median \(ms(bundle.verify.wallMedian)) wall, \(ms(bundle.verify.cpuMedian)) CPU" + (bundle.verify.wallMedian <= 0.020 ? " (met)" : " (NOT met)"))
    print("(3) registration with / without evidence references " + String(format: "%.3f", registration.cpuRatio))
    print("(4) swift-crypto P-384 \(format(crypto.p384.perCPUSecond))/s, P-256 \(format(crypto.p256.perCPUSecond))/s, RSA-4096 PSS \(format(crypto.rsa4096PSS.perCPUSecond))/s"
        + (crypto.openssl.map { o in "; OpenSSL P-384 \(o["P-384"].map(format) ?? "?")/s, P-256 \(o["P-256"].map(format) ?? "?")/s, RSA-4096 \(o["RSA-4096"].map(format) ?? "?")/s" } ?? ""))
} catch {
    print("evidence-bench: \(error)")
    exit(1)
}
