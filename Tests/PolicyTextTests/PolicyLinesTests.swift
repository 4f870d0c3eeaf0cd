import PolicyText
import Testing

/// The lexical rules every line-based policy file shares.
@Suite struct PolicyLinesTests {
    static func lex(_ text: String, margins: PolicyLines.Margins = .refused) throws(PolicyTextError) -> [PolicyLine] {
        Array(try PolicyLines(Array(text.utf8), limit: 1 << 20, what: "the file", margins: margins))
    }

    static func error(_ text: String, margins: PolicyLines.Margins = .refused) -> PolicyTextError? {
        do {
            _ = try lex(text, margins: margins)
            return nil
        } catch {
            return error
        }
    }

    @Test func yieldsKeywordsAndValuesWithTheirLineNumbers() throws {
        let lines = try Self.lex("# comment\n\nlog a+b+c\nevidence-root sev-snp abcd\n#\nalone\nlast value")
        #expect(lines.map(\.number) == [3, 4, 6, 7])
        #expect(lines.map(\.keyword) == ["log", "evidence-root", "alone", "last"])
        #expect(lines.map(\.value) == ["a+b+c", "sev-snp abcd", nil, "value"])
        #expect(lines.map(\.text) == ["log a+b+c", "evidence-root sev-snp abcd", "alone", "last value"])
    }

    @Test func emptyFilesAndCommentsYieldNothing() throws {
        #expect(try Self.lex("").isEmpty)
        #expect(try Self.lex("\n\n# only\n#\tcomments may hold tabs\n").isEmpty)
    }

    @Test func theFinalNewlineIsOptional() throws {
        #expect(try Self.lex("a b\n") == Self.lex("a b"))
    }

    @Test func aValueKeepsItsInnerSpaces() throws {
        #expect(try Self.lex("model-id a  b\n").first?.value == "a  b")
    }

    @Test(arguments: [
        ("carriage return", "a b\r\n", "line 1: carriage return; lines end with LF alone"),
        ("carriage return in a comment", "a b\n# c\r\n", "line 2: carriage return; lines end with LF alone"),
        ("lone carriage return", "a b\rc d\n", "line 1: carriage return; lines end with LF alone"),
        ("tab", "a\tb\n", "line 1: a tab; a keyword and its value are separated by exactly one space"),
        ("tab in a value", "a b\tc\n", "line 1: a tab; a keyword and its value are separated by exactly one space"),
        ("NUL", "a b\u{0}\n", "line 1: control character U+0000; a policy file holds none but LF and tab"),
        ("escape in a comment", "# \u{1B}[31m\n", "line 1: control character U+001B; a policy file holds none but LF and tab"),
        ("C1 control", "a \u{85}\n", "line 1: control character U+0085; a policy file holds none but LF and tab"),
        ("delete", "a \u{7F}\n", "line 1: control character U+007F; a policy file holds none but LF and tab"),
        ("leading space", " a b\n", "line 1: a line starts with its keyword, not a space"),
        ("indented comment", "  # c\n", "line 1: a line starts with its keyword, not a space"),
        ("blank line of spaces", "a b\n  \n", "line 2: a line starts with its keyword, not a space"),
        ("two spaces", "a  b\n", "line 1: a value follows its keyword after exactly one space, without trailing spaces"),
        ("trailing space", "a b \n", "line 1: a value follows its keyword after exactly one space, without trailing spaces"),
        ("keyword and space", "a \n", "line 1: a value follows its keyword after exactly one space, without trailing spaces"),
    ])
    func refusesWithTheLine(_ name: String, _ text: String, _ message: String) {
        #expect(Self.error(text)?.message == message, "\(name)")
    }

    @Test func theFirstFaultyLineIsNamed() {
        let error = Self.error("# ok\na b\n\nc  d\ne\tf\n")
        #expect(error?.line == 4)
        #expect(error?.description.hasPrefix("line 4: ") == true)
    }

    @Test func wholeFileFaultsHaveNoLine() throws {
        do {
            _ = try PolicyLines([0x61, 0xFF, 0x0A], limit: 10, what: "the list")
            Issue.record("accepted invalid UTF-8")
        } catch {
            #expect(error == PolicyTextError(line: nil, "the list is not valid UTF-8"))
            #expect(error.message == "the list is not valid UTF-8")
        }
        let tooLarge = [UInt8](repeating: UInt8(ascii: "#"), count: 11)
        #expect(throws: PolicyTextError(line: nil, "the list is 11 bytes; the limit is 10")) {
            try PolicyLines(tooLarge, limit: 10, what: "the list")
        }
        #expect(try PolicyLines(tooLarge.dropLast(), limit: 10, what: "the list").isEmpty)
    }

    @Test func ignoredMarginsAllowBlankAndIndentedLines() throws {
        let lines = try Self.lex("  \n\t# indented\n \tkey\t \n  a b  \n", margins: .ignored)
        #expect(lines.map(\.number) == [3, 4])
        #expect(lines.map(\.text) == ["key", "a b"])
        #expect(lines.map(\.value) == [nil, "b"])
        // Inside the line the rules stay.
        #expect(Self.error("a\tb\n", margins: .ignored)?.line == 1)
        #expect(Self.error("a  b\n", margins: .ignored)?.line == 1)
        #expect(Self.error(" a b\r\n", margins: .ignored)?.line == 1)
    }

    @Test func multiByteTextIsKept() throws {
        let lines = try Self.lex("origin 日本.example/log\n# é\n")
        #expect(lines.first?.value == "日本.example/log")
    }
}
