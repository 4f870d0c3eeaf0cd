import Foundation
import HTTPTestSupport
import Testing

/// `serve` and `witness serve` check their inputs and their address before they make any state:
/// a start that fails says why in one line and leaves no data directory or key behind.
@Suite struct ServeStartupErrorTests {
    /// A fresh directory with an issuer list and a log list; the data directory is not made.
    static func scene() throws -> (root: URL, data: String, issuers: String, logs: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("serve-start-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let issuer = try ChildProcess.run(["keys", "generate", "--name", "issuer.example", "--out", root.appendingPathComponent("issuer.key").path])
        #expect(issuer.status == 0)
        let issuers = root.appendingPathComponent("issuers.txt")
        try Data(issuer.stdout.utf8).write(to: issuers)
        let logs = root.appendingPathComponent("logs.txt")
        try Data("log.example/serve \(ClientErrorTests.vkey)\n".utf8).write(to: logs)
        return (root, root.appendingPathComponent("data").path, issuers.path, logs.path)
    }

    static func inUse(_ port: Int) -> String {
        "Error: cannot listen on 127.0.0.1:\(port): address already in use; is another server running there? choose another --listen\n"
    }

    @Test func serveOnAPortInUseNamesTheAddressAndMakesNothing() async throws {
        let (root, data, issuers, _) = try Self.scene()
        defer { try? FileManager.default.removeItem(at: root) }
        let (fd, port) = try TestPort.listening()
        defer { close(fd) }
        let result = try await runWithinDeadline(
            ["serve", "--data", data, "--listen", "127.0.0.1:\(port)", "--origin", "log.example/serve", "--issuers", issuers])
        #expect(result?.status == 1)
        #expect(result?.stderr == Self.inUse(port))
        #expect(!FileManager.default.fileExists(atPath: data))
    }

    @Test func witnessServeOnAPortInUseNamesTheAddressAndMakesNothing() async throws {
        let (root, data, _, logs) = try Self.scene()
        defer { try? FileManager.default.removeItem(at: root) }
        let (fd, port) = try TestPort.listening()
        defer { close(fd) }
        let result = try await runWithinDeadline(
            ["witness", "serve", "--data", data, "--listen", "127.0.0.1:\(port)", "--logs", logs, "--name", "w.example/witness"])
        #expect(result?.status == 1)
        #expect(result?.stderr == Self.inUse(port))
        #expect(!FileManager.default.fileExists(atPath: data))
    }

    @Test func serveWithAnUnreadableInputMakesNothing() async throws {
        let (root, data, issuers, _) = try Self.scene()
        defer { try? FileManager.default.removeItem(at: root) }
        let base = ["serve", "--data", data, "--listen", "127.0.0.1:0", "--origin", "log.example/serve"]
        for arguments in [
            base + ["--issuers", root.path + "/missing.txt"],
            base + ["--issuers", issuers, "--witnesses", root.path + "/missing.txt"],
            base + ["--issuers", issuers, "--listen", "nosuch.invalid:0"],
        ] {
            let result = try await runWithinDeadline(arguments)
            #expect(result?.status == 1, "\(arguments)")
            #expect(result?.stderr.split(separator: "\n").count == 1, "\(result?.stderr ?? "")")
            #expect(!FileManager.default.fileExists(atPath: data), "\(arguments)")
        }
    }

    @Test func anAddressOfAnotherMachineIsNamed() async throws {
        let (root, data, _, logs) = try Self.scene()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try await runWithinDeadline(["witness", "serve", "--data", data, "--listen", "192.0.2.1:0", "--logs", logs])
        #expect(result?.status == 1)
        #expect(result?.stderr == "Error: cannot listen on 192.0.2.1:0: the address is not one of this machine's; choose another --listen\n")
        #expect(!FileManager.default.fileExists(atPath: data))
    }
}
