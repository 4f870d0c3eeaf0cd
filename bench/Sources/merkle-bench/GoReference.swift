// (c) The Go reference, golang.org/x/mod/sumdb/tlog, doing the same work: bench/go-reference/run
// builds it from Debian's packages and prints one line of key=value pairs.
import BenchSupport
import Foundation

enum GoReference {
    struct Result {
        let rate: Rate
        let root: String
    }

    /// The script, found next to this package's sources.
    static var script: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("go-reference/run")
    }

    /// Runs the Go benchmark over `leaves` golden leaves, `runs` times (median).
    static func run(leaves: Int, runs: Int) throws -> Result {
        let process = Process()
        process.executableURL = script
        process.arguments = ["-n", "\(leaves)", "-runs", "\(runs)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("\(script.path) exited with status \(process.terminationStatus)")
        }
        var fields: [String: String] = [:]
        for pair in String(decoding: output, as: UTF8.self).split(whereSeparator: \.isWhitespace) {
            let kv = pair.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { fields[String(kv[0])] = String(kv[1]) }
        }
        guard let wall = fields["leaves_per_second"].flatMap(Double.init),
            let cpu = fields["leaves_per_cpu_second"].flatMap(Double.init), let root = fields["root"]
        else {
            throw BenchError("unexpected output from \(script.path): \(String(decoding: output, as: UTF8.self))")
        }
        return Result(rate: Rate(perWallSecond: wall, perCPUSecond: cpu), root: root)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
