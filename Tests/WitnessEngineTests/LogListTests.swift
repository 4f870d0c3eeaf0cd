import Notes
import Testing
@testable import WitnessEngine
import WitnessTestSupport

/// The log list file: `<origin> <verifier key>` lines and `#` comments.
@Suite struct LogListTests {
    static let a = TestLog(origin: "log.example/a", seed: 1)
    static let b = TestLog(origin: "log.example/b", seed: 2)
    static let rotated = TestLog(origin: "log.example/a", seed: 3)

    @Test func parsesLinesCommentsAndRotatedKeys() throws {
        let text = """
            # logs this witness cosigns for

            \(Self.a.logListLine)
            \(Self.b.logListLine)
            # a second key of log a
            \(Self.rotated.logListLine)
            """
        let list = try LogList(parsing: Array(text.utf8))
        #expect(list.keys.count == 2)
        #expect(list.keys(for: "log.example/a") == [Self.a.key.verifierKey, Self.rotated.key.verifierKey])
        #expect(list.keys(for: "log.example/b") == [Self.b.key.verifierKey])
        // The final newline is optional.
        #expect(try LogList(parsing: Array((Self.a.logListLine + "\n").utf8)).keys.count == 1)
    }

    @Test(arguments: [
        ("empty", ""),
        ("only comments", "# nothing\n\n"),
        ("missing key", "log.example/a\n"),
        ("two spaces", "log.example/a  KEY\n"),
        ("tab", "log.example/a\tKEY\n"),
        ("three fields", "log.example/a KEY extra\n"),
        ("bad key", "log.example/a log.example/a+00000000+AAAA\n"),
        ("carriage return", "\(a.logListLine)\r\n"),
        ("leading space", " \(a.logListLine)\n"),
        ("duplicate key", "\(a.logListLine)\n\(a.logListLine)\n"),
        ("cosignature key", "log.example/a \(testWitnessKey.verifierKey.encoded)\n"),
        ("not UTF-8", "log.example/\u{FFFD}"),
    ])
    func refuses(_ name: String, _ text: String) {
        var bytes = Array(text.utf8)
        if name == "not UTF-8" { bytes = [0x6C, 0xFF, 0x20, 0x41] }
        #expect(throws: WitnessEngineError(.malformedLogList, "")) { try LogList(parsing: bytes) }
    }

    @Test func refusesOversized() {
        let bytes = [UInt8](repeating: UInt8(ascii: "#"), count: LogList.maxCount + 1)
        #expect(throws: WitnessEngineError(.malformedLogList, "")) { try LogList(parsing: bytes) }
    }
}
