// Model digest throughput: `ModelManifest.hashing(directory:)` (specs/receipt-profile.md §Model
// digest) against coreutils `sha256sum` over the same files in the same run. Both read the files
// from the page cache (a warm-up pass loads them), so the figures compare hashing and reading,
// not the disk.
import BenchSupport
import Foundation
import ModelDirectory
import Statements

#if canImport(Glibc)
import Glibc
#endif

enum ModelDigestBenchmark {
    /// A failure that stops the benchmark.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// One measurement: bytes per second on both clocks.
    struct Figures {
        var ours: Rate
        var sha256sum: Rate
        var openssl: Rate?
        var bytes: Int
        var files: Int
    }

    /// Writes a model-like directory of `totalMiB` MiB under `root`: a small config, a tokenizer
    /// and shards of at most 256 MiB, filled with xorshift bytes (incompressible, fast to make).
    static func generate(at root: URL, totalMiB: Int) throws -> (bytes: Int, files: Int) {
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("weights"), withIntermediateDirectories: true)
        try Data("{\"hidden_size\":4096,\"layers\":32}\n".utf8).write(to: root.appendingPathComponent("config.json"))
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func fill(_ buffer: inout [UInt64]) {
            for i in buffer.indices {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                buffer[i] = state
            }
        }
        var chunk = [UInt64](repeating: 0, count: (1 << 20) / 8)
        func write(_ name: String, mebibytes: Int) throws {
            let url = root.appendingPathComponent(name)
            guard fm.createFile(atPath: url.path, contents: nil) else { throw Failure("cannot create \(url.path)") }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            for _ in 0..<mebibytes {
                fill(&chunk)
                try chunk.withUnsafeBytes { try handle.write(contentsOf: Data($0)) }
            }
        }
        try write("tokenizer.json", mebibytes: 2)
        var left = totalMiB - 2
        var shard = 1
        while left > 0 {
            let size = min(256, left)
            try write(String(format: "weights/model-%05d.safetensors", shard), mebibytes: size)
            left -= size
            shard += 1
        }
        let manifest = try ModelManifest.hashing(directory: root.path)
        return (Int(manifest.totalSize), manifest.entries.count)
    }

    /// Runs both hashers `runs` times each, alternating, and returns median byte rates. Checks
    /// that `sha256sum` and `openssl` agree with every file hash of the manifest.
    static func run(directory root: URL, runs: Int) throws -> Figures {
        let warm = try ModelManifest.hashing(directory: root.path)  // loads the page cache
        let paths = warm.entries.map { root.appendingPathComponent($0.path).path }
        let bytes = Int(warm.totalSize)
        var ours: [(Double, Double)] = []
        var sums: [(Double, Double)] = []
        var openssl: [(Double, Double)] = []
        let hasOpenSSL = FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
        for _ in 0..<runs {
            let start = Instant.now()
            let manifest = try ModelManifest.hashing(directory: root.path)
            let end = Instant.now()
            guard manifest == warm else { throw Failure("the manifest changed between runs") }
            ours.append((end.wall - start.wall, end.cpu - start.cpu))

            let (sumTimes, sumOutput) = try child("/usr/bin/sha256sum", ["--"] + paths)
            try check(sumOutput, against: warm, paths: paths, tool: "sha256sum")
            sums.append(sumTimes)
            if hasOpenSSL {
                let (sslTimes, sslOutput) = try child("/usr/bin/openssl", ["dgst", "-sha256", "-r"] + paths)
                try check(sslOutput.replacingOccurrences(of: " *", with: "  "), against: warm, paths: paths, tool: "openssl")
                openssl.append(sslTimes)
            }
        }
        func rate(_ times: [(Double, Double)]) -> Rate {
            Rate(
                perWallSecond: median(times.map { Double(bytes) / $0.0 }),
                perCPUSecond: median(times.map { Double(bytes) / max($0.1, 1e-9) }))
        }
        return Figures(
            ours: rate(ours), sha256sum: rate(sums), openssl: openssl.isEmpty ? nil : rate(openssl), bytes: bytes,
            files: warm.entries.count)
    }

    /// Runs a child process; returns its wall time, its CPU time (user + system, from
    /// `RUSAGE_CHILDREN`) and its standard output.
    private static func child(_ path: String, _ arguments: [String]) throws -> ((Double, Double), String) {
        let before = childrenCPU()
        let start = Instant.now()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let wall = Instant.now().wall - start.wall
        guard process.terminationStatus == 0 else { throw Failure("\(path) exited with \(process.terminationStatus)") }
        return ((wall, childrenCPU() - before), String(decoding: output, as: UTF8.self))
    }

    private static func childrenCPU() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// Checks `<hex>  <path>` lines against the manifest's per-file hashes.
    private static func check(_ output: String, against manifest: ModelManifest, paths: [String], tool: String) throws {
        let lines = output.split(separator: "\n")
        guard lines.count == paths.count else { throw Failure("\(tool) printed \(lines.count) lines for \(paths.count) files") }
        for (line, (entry, path)) in zip(lines, zip(manifest.entries, paths)) {
            guard line == "\(entry.sha256.hex)  \(path)" else {
                throw Failure("\(tool) disagrees on \(entry.path): \(line)")
            }
        }
    }
}
