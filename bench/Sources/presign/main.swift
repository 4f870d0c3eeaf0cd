// presign: the statements and the Ed25519 figure for bench/log-server/registration-wrk.
//
//   presign sign --issuer-key FILE --count N --out FILE [--payload-bytes B]
//       signs N distinct statements of the issuer (subject and payload carry a random run ID and
//       the statement's number) on all cores and writes them to FILE as a statement file
//       (StatementFile.swift): one header line, then N records of the same length.
//   presign verify-cost [--message-bytes B] [--rounds R] [--per-round N]
//       the CPU time of one Ed25519 verification (swift-crypto through CryptoPrimitives'
//       Ed25519PublicKey) on the calling thread: the median of R rounds of N verifications.
import BenchSupport
import Foundation

/// A command line that cannot run as given.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

let usage = """
    usage: presign sign --issuer-key FILE --count N --out FILE [--payload-bytes B]
           presign verify-cost [--message-bytes B] [--rounds R] [--per-round N]
    """

/// The value of each `--name value` pair in `arguments`, refusing names not in `known`.
func options(_ arguments: ArraySlice<String>, known: Set<String>) throws -> [String: String] {
    var out: [String: String] = [:]
    var rest = arguments
    while let name = rest.popFirst() {
        guard known.contains(name) else { throw UsageError("unknown option \(name)") }
        guard let value = rest.popFirst() else { throw UsageError("\(name) needs a value") }
        out[name] = value
    }
    return out
}

/// The positive integer given as `name`, or `fallback` when absent.
func integer(_ options: [String: String], _ name: String, _ fallback: Int?, range: ClosedRange<Int>) throws -> Int {
    guard let text = options[name] else {
        guard let fallback else { throw UsageError("\(name) is required") }
        return fallback
    }
    guard let value = Int(text), range.contains(value) else {
        throw UsageError("\(name) must be an integer from \(range.lowerBound) to \(range.upperBound), not \(text)")
    }
    return value
}

do {
    let arguments = CommandLine.arguments.dropFirst()
    switch arguments.first {
    case "sign":
        let o = try options(arguments.dropFirst(), known: ["--issuer-key", "--count", "--out", "--payload-bytes"])
        guard let keyPath = o["--issuer-key"] else { throw UsageError("--issuer-key is required") }
        guard let out = o["--out"] else { throw UsageError("--out is required") }
        let count = try integer(o, "--count", nil, range: 1...100_000_000)
        let payloadBytes = try integer(o, "--payload-bytes", 256, range: 16...60_000)
        let started = Instant.now()
        let file = try await StatementFile.sign(
            count: count, payloadBytes: payloadBytes, signer: try IssuerKeyFile.read(keyPath))
        try file.write(to: out)
        let seconds = Instant.now().wall - started.wall
        print("presigned \(count) statements of \(file.recordBytes) bytes in \(String(format: "%.2f", seconds)) s to \(out)")
    case "verify-cost":
        let o = try options(arguments.dropFirst(), known: ["--message-bytes", "--rounds", "--per-round"])
        let cost = VerifyCost.measure(
            messageBytes: try integer(o, "--message-bytes", 420, range: 1...1_000_000),
            rounds: try integer(o, "--rounds", 9, range: 1...1_000),
            perRound: try integer(o, "--per-round", 2_000, range: 1...10_000_000))
        print(cost.line)
    default:
        throw UsageError("a mode is required: sign or verify-cost")
    }
} catch let error as UsageError {
    FileHandle.standardError.write(Data("presign: \(error)\n\(usage)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("presign: \(error)\n".utf8))
    exit(1)
}
