// The lexical rules shared by the line-based policy files: the trust policy (specs/verify.md,
// "Trust policy"), the appraisal settings (specs/evidence.md §8), the log's witness file
// (specs/http-api.md, "Witnessing"), the issuer list (specs/statements.md, "Issuer list file") and
// the witness's log list (specs/witness.md, "Log list"). Each grammar reads the keyword and value
// of the lines this yields and keeps its own rules for them.
//
//     # a comment
//     keyword value
//     keyword a value with spaces
//
// UTF-8 text of at most a given number of bytes, in lines separated by LF; the final LF may be
// omitted. A carriage return anywhere is refused, as is any other control character but a tab, and
// a tab outside a comment. An empty line, or one whose first character is `#`, is ignored. Every
// other line is a keyword, and then optionally exactly one space and a value that neither starts
// nor ends with a space. With ``PolicyLines/Margins/ignored`` (the issuer list) spaces and tabs
// around a line are ignored first, so a blank or indented comment line is ignored too.

/// The lines of a policy file that are neither empty nor comments, each split into its keyword
/// and value, after checking the lexical rules every policy file shares.
///
/// The whole file is checked before any line is returned, so a lexical fault anywhere in the file
/// is found before a grammar reads the first line.
public struct PolicyLines: RandomAccessCollection, Sendable {
    /// What a grammar allows around a line.
    public enum Margins: Sendable {
        /// A line starts with its keyword and its value has no trailing space.
        case refused
        /// Spaces and tabs before and after a line are ignored (specs/statements.md, "Issuer list
        /// file").
        case ignored
    }

    /// The lines, in file order.
    public let lines: [PolicyLine]

    /// The index of the first line.
    public var startIndex: Int { lines.startIndex }
    /// The index after the last line.
    public var endIndex: Int { lines.endIndex }
    /// The line at `position`.
    public subscript(position: Int) -> PolicyLine { lines[position] }

    /// Lexes a policy file.
    ///
    /// - Parameters:
    ///   - bytes: the file.
    ///   - limit: the largest file accepted, in bytes.
    ///   - what: the file as named in the messages of whole-file errors ("the issuer list").
    ///   - margins: whether spaces and tabs around a line are ignored.
    /// - Throws: ``PolicyTextError`` without a line for a file over `limit` bytes or not UTF-8;
    ///   with the number of the first line at fault for a carriage return, another control
    ///   character (a tab outside a comment and the margins), a line that starts with a space, or
    ///   a value that is empty or starts or ends with a space.
    public init(_ bytes: some Collection<UInt8>, limit: Int, what: String, margins: Margins = .refused) throws(PolicyTextError) {
        guard bytes.count <= limit else {
            throw PolicyTextError(line: nil, "\(what) is \(bytes.count) bytes; the limit is \(limit)")
        }
        guard let text = String(validating: Array(bytes), as: UTF8.self) else {
            throw PolicyTextError(line: nil, "\(what) is not valid UTF-8")
        }
        var lines: [PolicyLine] = []
        // Split on LF bytes: a CR LF pair is one Character, so splitting Characters would merge
        // lines. An LF is a whole scalar, so every piece is valid UTF-8.
        for (index, raw) in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            if let line = try Self.lex(Substring(raw), number: index + 1, margins: margins) {
                lines.append(line)
            }
        }
        self.lines = lines
    }

    /// The line, nil for an empty line or a comment; throws for a line that breaks a rule.
    static func lex(_ raw: Substring, number: Int, margins: Margins) throws(PolicyTextError) -> PolicyLine? {
        func fail(_ reason: String) -> PolicyTextError { PolicyTextError(line: number, reason) }
        guard !raw.utf8.contains(0x0D) else { throw fail("carriage return; lines end with LF alone") }
        if let scalar = raw.unicodeScalars.first(where: { $0 != "\t" && $0.properties.generalCategory == .control }) {
            throw fail("control character \(Self.codePoint(scalar)); a policy file holds none but LF and tab")
        }
        var text = raw
        if margins == .ignored {
            while let c = text.utf8.first, c == 0x20 || c == 0x09 { text = text.dropFirst() }
            while let c = text.utf8.last, c == 0x20 || c == 0x09 { text = text.dropLast() }
        }
        if text.isEmpty || text.utf8.first == UInt8(ascii: "#") { return nil }
        guard !text.utf8.contains(0x09) else {
            throw fail("a tab; a keyword and its value are separated by exactly one space")
        }
        guard text.utf8.first != 0x20 else { throw fail("a line starts with its keyword, not a space") }
        guard let space = text.firstIndex(of: " ") else {
            return PolicyLine(number: number, text: text, keyword: text, value: nil)
        }
        let value = text[text.index(after: space)...]
        guard let first = value.utf8.first, first != 0x20, value.utf8.last != 0x20 else {
            throw fail("a value follows its keyword after exactly one space, without trailing spaces")
        }
        return PolicyLine(number: number, text: text, keyword: text[..<space], value: value)
    }

    /// `U+` and at least four upper-case hex digits, as `U+0009`.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex
    }
}
