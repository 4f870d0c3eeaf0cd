import Foundation
import HTTPTestSupport
import Testing

@Suite struct CLITests {
    @Test func versionAndUnknownSubcommand() throws {
        let version = try ChildProcess.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("0."))
        let bad = try ChildProcess.run(["no-such-command"])
        #expect(bad.status != 0)
        #expect(!bad.stderr.isEmpty)
    }
}
