import Foundation
import HTTPTestSupport
import Testing

/// `receiptlog keys generate` and `receiptlog keys show`, run through the real binary.
@Suite struct KeysCommandTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("receiptlog-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        return url
    }

    static func vkeyShape(_ text: String, name: String, typeSymbol: Character) -> Bool {
        // <name>+<8 hex>+<44 base64 chars of type ‖ 32-byte key>, then a newline.
        let fields = text.dropLast().split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        return text.hasSuffix("\n") && fields.count == 3 && fields[0] == name && fields[1].count == 8
            && fields[1].allSatisfy { $0.isHexDigit && !$0.isUppercase } && fields[2].count == 44
            && fields[2].first == typeSymbol
    }

    @Test func generateWritesAPrivateFileAndShowPrintsTheSameKey() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("log.key").path

        let generated = try ChildProcess.run(["keys", "generate", "--name", "log.example/one", "--out", file])
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(generated.stderr.isEmpty)
        #expect(Self.vkeyShape(generated.stdout, name: "log.example/one", typeSymbol: "A"))

        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let contents = try String(contentsOfFile: file, encoding: .utf8)
        #expect(contents.hasPrefix("PRIVATE+KEY+log.example/one+"))
        #expect(contents.hasSuffix("\n") && contents.filter { $0 == "\n" }.count == 1)
        // The private key file carries the same key ID as the printed verifier key.
        let id = generated.stdout.split(separator: "+")[1]
        #expect(contents.split(separator: "+")[3] == id)

        let shown = try ChildProcess.run(["keys", "show", file])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout == generated.stdout)

        // A second key gets a different verifier key.
        let other = dir.appendingPathComponent("other.key").path
        let second = try ChildProcess.run(["keys", "generate", "--name", "log.example/one", "--out", other])
        #expect(second.status == 0)
        #expect(second.stdout != generated.stdout)
    }

    @Test func generateCosignatureKey() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("witness.key").path
        let generated = try ChildProcess.run(
            ["keys", "generate", "--name", "witness.example", "--out", file, "--type", "cosignature"])
        #expect(generated.status == 0, "\(generated.stderr)")
        // Type 0x04 makes the base64 field start with "B".
        #expect(Self.vkeyShape(generated.stdout, name: "witness.example", typeSymbol: "B"))
        #expect(try ChildProcess.run(["keys", "show", file]).stdout == generated.stdout)
    }

    @Test func generateRefusesToOverwriteAndBadNames() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("existing.key").path
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: file))

        let overwrite = try ChildProcess.run(["keys", "generate", "--name", "log.example", "--out", file])
        #expect(overwrite.status != 0)
        #expect(overwrite.stdout.isEmpty)
        #expect(overwrite.stderr.contains("already exists"))
        #expect(overwrite.stderr.filter { $0 == "\n" }.count == 1)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep me\n")

        for name in ["", "has space", "has+plus"] {
            let path = dir.appendingPathComponent("bad-\(name.count).key").path
            let result = try ChildProcess.run(["keys", "generate", "--name", name, "--out", path])
            #expect(result.status != 0, "\(name)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("key name"), "\(result.stderr)")
            #expect(result.stderr.filter { $0 == "\n" }.count == 1)
            #expect(!FileManager.default.fileExists(atPath: path))
        }

        let noDir = dir.appendingPathComponent("missing/dir.key").path
        let missing = try ChildProcess.run(["keys", "generate", "--name", "log.example", "--out", noDir])
        #expect(missing.status != 0)
        #expect(missing.stderr.filter { $0 == "\n" }.count == 1)
    }

    @Test func showRejectsBadFiles() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let skey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
        let good = dir.appendingPathComponent("good.key")
        try Data((skey + "\n").utf8).write(to: good)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: good.path)
        let shown = try ChildProcess.run(["keys", "show", good.path])
        #expect(shown.status == 0)
        #expect(shown.stdout == "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW\n")

        let cases: [(String, Data)] = [
            ("empty", Data()),
            ("verifier key", Data("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW\n".utf8)),
            ("wrong id", Data("PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz\n".utf8)),
            ("two newlines", Data((skey + "\n\n").utf8)),
            ("CRLF", Data((skey + "\r\n").utf8)),
            ("not UTF-8", Data([0xFF, 0xFE])),
            ("huge", Data(repeating: 0x41, count: 100_000)),
        ]
        for (name, data) in cases {
            let url = dir.appendingPathComponent("\(name).key")
            try data.write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
            let result = try ChildProcess.run(["keys", "show", url.path])
            #expect(result.status != 0, "\(name)")
            #expect(result.stdout.isEmpty, "\(name)")
            #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(name): \(result.stderr)")
        }
        // A key others may read, or one behind a symbolic link, is refused with what to do.
        let open = dir.appendingPathComponent("open.key")
        try Data((skey + "\n").utf8).write(to: open)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: open.path)
        let refused = try ChildProcess.run(["keys", "show", open.path])
        #expect(refused.status != 0 && refused.stdout.isEmpty)
        #expect(refused.stderr.contains("chmod 600 \(open.path)"), "\(refused.stderr)")
        let link = dir.appendingPathComponent("link.key")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: good)
        let linked = try ChildProcess.run(["keys", "show", link.path])
        #expect(linked.status != 0 && linked.stderr.contains("symbolic link"), "\(linked.stderr)")
        let missing = try ChildProcess.run(["keys", "show", dir.appendingPathComponent("nope.key").path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("cannot read"))
        #expect(missing.stderr.filter { $0 == "\n" }.count == 1)
    }
}
