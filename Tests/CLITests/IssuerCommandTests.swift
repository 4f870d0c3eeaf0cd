import Foundation
import HTTPTestSupport
import Testing

/// Temporary files for the issuer command tests.
enum IssuerFixture {
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("receiptlog-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @discardableResult
    static func write(_ text: String, _ relative: String, in root: URL) throws -> String {
        try write(Array(text.utf8), relative, in: root)
    }

    @discardableResult
    static func write(_ bytes: [UInt8], _ relative: String, in root: URL) throws -> String {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// SHA-256 in hex, computed by the system's sha256sum.
    static func sha256sum(_ bytes: [UInt8]) throws -> String {
        let output = try ChildProcess.run(["sha256sum"], executable: URL(fileURLWithPath: "/usr/bin/env"), stdin: Data(bytes))
        return String(output.stdout.prefix(64))
    }

    /// Checks a failed run: non-zero status, nothing on standard output, one line on standard
    /// error that contains `fragment`.
    static func expectOneLineError(_ result: ChildProcess.Output, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status != 0, sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(fragment), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
    }
}

@Suite struct ModelDigestCommandTests {
    typealias F = IssuerFixture

    func model() throws -> URL {
        let root = try F.directory()
        try F.write("{\"layers\":2}", "config.json", in: root)
        try F.write((0..<4096).map { UInt8(truncatingIfNeeded: $0) }, "weights/shard-1.bin", in: root)
        try F.write("ref: refs/heads/main\n", ".git/HEAD", in: root)
        return root
    }

    @Test func printsTheDigestOfTheCanonicalManifest() throws {
        let root = try model()
        defer { try? FileManager.default.removeItem(at: root) }
        let digest = try ChildProcess.run(["model-digest", root.path])
        #expect(digest.status == 0)
        #expect(digest.stderr.isEmpty)
        let manifest = try ChildProcess.run(["model-digest", "--manifest", root.path])
        #expect(manifest.status == 0)
        let weights = try F.sha256sum((0..<4096).map { UInt8(truncatingIfNeeded: $0) })
        let config = try F.sha256sum(Array("{\"layers\":2}".utf8))
        #expect(manifest.stdout == "\(config)  12  config.json\n\(weights)  4096  weights/shard-1.bin\n")
        #expect(digest.stdout == (try F.sha256sum(Array(manifest.stdout.utf8))) + "\n")
    }

    @Test func refusesSymlinksUnlessFollowed() throws {
        let root = try model()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("link.json").path, withDestinationPath: "config.json")
        F.expectOneLineError(try ChildProcess.run(["model-digest", root.path]), "symbolic link")
        let followed = try ChildProcess.run(["model-digest", "--follow-symlinks", "--manifest", root.path])
        #expect(followed.status == 0)
        #expect(followed.stdout.contains("  12  link.json\n"))
    }

    @Test func badDirectoriesFailWithOneLine() throws {
        let root = try F.directory()
        defer { try? FileManager.default.removeItem(at: root) }
        F.expectOneLineError(try ChildProcess.run(["model-digest", root.path]), "no regular file")
        F.expectOneLineError(try ChildProcess.run(["model-digest", root.path + "/missing"]), "cannot read")
    }
}

@Suite struct CommitmentOpenCommandTests {
    typealias F = IssuerFixture
    // HMAC-SHA256(salt 0x01…0x20, "receiptlog/commitment/v1" ‖ "request" ‖ 0x00 ‖ "hello"), from
    // Python's hmac module.
    let value = "462b523f1098e134e0ba28c23f66d0acbb0cd0e1c42d020c536d65a496e3e513"
    let salt = (1...32).map { String(format: "%02x", $0) }.joined()

    @Test func opensWithHexSaltAndRefusesEverythingElse() throws {
        let root = try F.directory()
        defer { try? FileManager.default.removeItem(at: root) }
        let saltFile = try F.write(salt + "\n", "salt.hex", in: root)
        let data = try F.write("hello", "data", in: root)
        let ok = try ChildProcess.run([
            "commitment", "open", "--commitment", value, "--field", "request", "--salt", saltFile, "--data", data,
        ])
        #expect(ok.status == 0)
        #expect(ok.stdout.hasPrefix("opened: 5 bytes"))

        let other = try F.write("hellO", "other", in: root)
        let wrongSalt = try F.write(String(salt.dropLast()) + "1", "wrong.hex", in: root)
        let shortSalt = try F.write(String(salt.dropLast(2)), "short.hex", in: root)
        let cases: [([String], String)] = [
            (["--commitment", value, "--field", "request", "--salt", saltFile, "--data", other], "do not open"),
            (["--commitment", value, "--field", "request", "--salt", wrongSalt, "--data", data], "do not open"),
            (["--commitment", value, "--field", "response", "--salt", saltFile, "--data", data], "do not open"),
            (["--commitment", value, "--field", "request", "--salt", shortSalt, "--data", data], "32 bytes of hex"),
            (["--commitment", value, "--scheme", "hmac-sha256-v2", "--field", "request", "--salt", saltFile, "--data", data],
             "unknown commitment scheme"),
            (["--commitment", String(value.dropLast(2)), "--field", "request", "--salt", saltFile, "--data", data], "--commitment"),
            (["--commitment", value, "--field", "Request!", "--salt", saltFile, "--data", data], "field name"),
            (["--commitment", value, "--field", "request", "--salt", saltFile, "--data", root.path + "/none"], "cannot read"),
            (["--field", "request", "--salt", saltFile, "--data", data], "--commitment"),
        ]
        for (arguments, fragment) in cases {
            F.expectOneLineError(try ChildProcess.run(["commitment", "open"] + arguments), fragment)
        }
    }
}
