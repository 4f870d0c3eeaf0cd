// verify-bench: the time to verify one receipt bundle offline (issue 6: at most 5 ms in a release
// build, excluding the model directory).
//
//   (a) parse the bundle and verify it against a parsed policy: the work of `receiptlog verify`
//       after reading its files: 5 Ed25519 verifications (log signature, 2 cosignatures, COSE
//       receipt, issuer signature), a 17-hash inclusion proof, the claims, 2 commitments opened;
//   (b) the same plus parsing the policy file;
//   (c) raw Ed25519 verifications, for scale.
//
// Per-iteration wall and thread-CPU times; median and p99 over --iterations (default 2,000).
// --write DIR writes bundle, policy, salts and data there for a whole-process run of
// `receiptlog verify` (with hyperfine), and prints the command.
import BenchSupport
import CryptoPrimitives
import Foundation
import Statements
import Verification

var iterations = 2_000
var writeDirectory: String?
var arguments = CommandLine.arguments.dropFirst()
while let a = arguments.popFirst() {
    switch a {
    case "--iterations": iterations = Int(arguments.popFirst() ?? "") ?? iterations
    case "--write": writeDirectory = arguments.popFirst()
    default:
        FileHandle.standardError.write(Data("usage: verify-bench [--iterations N] [--write DIR]\n".utf8))
        exit(2)
    }
}
guard iterations >= 100 else {
    FileHandle.standardError.write(Data("verify-bench: at least 100 iterations\n".utf8))
    exit(2)
}

let setup: BenchBundle
do {
    setup = try BenchBundle.make()
} catch {
    print("verify-bench: setup failed: \(error)")
    exit(1)
}
print("verify-bench: one thread, \(iterations) iterations per figure; cores online: \(ProcessInfo.processInfo.activeProcessorCount)")
print("bundle: \(setup.bundle.count) bytes (statement \(setup.statementCount) bytes, \(setup.pathCount) proof hashes, 2 cosignatures, COSE receipt)")

let policy = try! TrustPolicy(file: setup.policy)
let verifier = Verifier(policy: policy)
let inputs = VerificationInputs(now: setup.now, openings: setup.openings)

// The report must be a full pass, or the timing means nothing.
let first = verifier.verify(try! ReceiptBundle(parsing: setup.bundle), inputs: inputs)
guard first.outcome == .verified, first.checks.filter({ $0.verdict == .verified }).count == 6 else {
    print("verify-bench: the bundle does not verify as expected:\n\(first.text)")
    exit(1)
}

/// Times `body` once per iteration, after 50 untimed warm-up calls.
@MainActor func sample(_ body: () -> Void) -> Samples {
    BenchSupport.sample(iterations: iterations, warmUp: 50, body)
}

func percentile(_ values: [Double], _ p: Double) -> Double { Samples.percentile(values, p) }

func report(_ label: String, _ times: Samples) {
    func ms(_ seconds: Double) -> String { String(format: "%.3f ms", seconds * 1000) }
    print(
        "\(label): CPU median \(ms(median(times.cpu))), p99 \(ms(percentile(times.cpu, 0.99)));"
            + " wall median \(ms(median(times.wall))), p99 \(ms(percentile(times.wall, 0.99)))")
}

heading("(a) parse + verify one bundle (policy parsed once)")
var outcomes = 0
let a = sample {
    let bundle = try! ReceiptBundle(parsing: setup.bundle)
    if verifier.verify(bundle, inputs: inputs).outcome == .verified { outcomes += 1 }
}
report("(a)", a)

heading("(b) parse the policy, parse + verify one bundle")
let b = sample {
    let policy = try! TrustPolicy(file: setup.policy)
    let bundle = try! ReceiptBundle(parsing: setup.bundle)
    if Verifier(policy: policy).verify(bundle, inputs: inputs).outcome == .verified { outcomes += 1 }
}
report("(b)", b)
guard outcomes == 2 * (iterations + 50) else {
    print("verify-bench: some verifications did not pass")
    exit(1)
}

heading("(c) one raw Ed25519 verification, for scale")
let key = try! Ed25519PrivateKey(seed: [UInt8](repeating: 0x11, count: 32))
let message = [UInt8](repeating: 0x42, count: 300)
let signature = key.signature(for: message)
let publicKey = key.publicKey
let c = sample { precondition(publicKey.isValidSignature(signature, for: message)) }
report("(c)", c)
print(String(format: "(a) median CPU / (c) median CPU = %.2f Ed25519 verifications", median(a.cpu) / median(c.cpu)))

let target = 0.005
print(median(a.wall) <= target && percentile(a.wall, 0.99) <= target
    ? "target (a) <= 5 ms (median and p99, wall): met"
    : "target (a) <= 5 ms (median and p99, wall): NOT met")

if let writeDirectory {
    let dir = URL(fileURLWithPath: writeDirectory)
    try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    func write(_ name: String, _ bytes: [UInt8]) { try! Data(bytes).write(to: dir.appendingPathComponent(name)) }
    write("receipt.bundle", setup.bundle)
    write("policy.txt", setup.policy)
    for (field, opening) in setup.openings {
        write("\(field).salt", Array(opening.salt.map { String(format: "%02x", $0) }.joined().utf8))
        write("\(field).txt", opening.data)
    }
    let d = dir.path
    print("\nwrote \(d); whole process:")
    print("receiptlog verify --bundle \(d)/receipt.bundle --policy \(d)/policy.txt --open request=\(d)/request.salt:\(d)/request.txt --open response=\(d)/response.salt:\(d)/response.txt")
}
