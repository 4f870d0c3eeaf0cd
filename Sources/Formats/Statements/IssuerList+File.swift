// The issuer list file (specs/statements.md, "Issuer list file"):
//
//     # Issuers allowed to register statements.
//     example.com/inference+9e1c2d3a+AZLq...
//
// UTF-8 text, lines separated by LF. A line that is empty or holds only spaces and tabs is blank; a
// line whose first character other than a space or tab is `#` is a comment. Every other line is one
// verifier key (IssuerKey+VerifierKey.swift), optionally surrounded by spaces and tabs.

extension IssuerList {
    /// The largest issuer list file accepted, in bytes.
    public static let maximumFileSize = 1 << 20

    /// Parses an issuer list file.
    ///
    /// Throws `BAD_ISSUER_LIST` when the file is larger than ``maximumFileSize``, is not UTF-8,
    /// holds a carriage return, or when a line is not a valid Ed25519 verifier key or repeats an
    /// earlier key (see ``init(keys:)``). The message starts with the line number (1-based).
    public init(file bytes: some Collection<UInt8>) throws(StatementsError) {
        guard bytes.count <= Self.maximumFileSize else {
            throw StatementsError(
                .badIssuerList, "the issuer list is \(bytes.count) bytes; the limit is \(Self.maximumFileSize)")
        }
        let bytes = Array(bytes)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw StatementsError(.badIssuerList, "the issuer list is not valid UTF-8")
        }
        var keys: [IssuerKey] = []
        var lines: [Int] = []
        // Split on LF bytes: a CR LF pair is one Character in Swift, so splitting a String on "\n"
        // would merge lines.
        for (index, rawLine) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            if rawLine.contains(0x0D) {
                throw StatementsError(.badIssuerList, "line \(number): carriage return; lines end with LF alone")
            }
            let line = String(decoding: rawLine, as: UTF8.self)[...].trimmingSpacesAndTabs()
            if line.isEmpty || line.hasPrefix("#") { continue }
            do {
                keys.append(try IssuerKey(verifierKey: line))
            } catch {
                throw StatementsError(.badIssuerList, "line \(number): \(error.message)")
            }
            lines.append(number)
        }
        try self.init(keys: keys, positions: lines, unit: "line")
    }

    /// The list as an issuer list file: one verifier key per line, each line ending in LF.
    public var file: String {
        keys.map { $0.verifierKey + "\n" }.joined()
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs.
    fileprivate func trimmingSpacesAndTabs() -> Substring {
        var s = self[...]
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return s
    }
}
