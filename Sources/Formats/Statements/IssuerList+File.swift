// The issuer list file (specs/statements.md, "Issuer list file"):
//
//     # Issuers allowed to register statements.
//     example.com/inference+9e1c2d3a+AZLq...
//
// UTF-8 text, lines separated by LF. A line that is empty or holds only spaces and tabs is blank; a
// line whose first character other than a space or tab is `#` is a comment. Every other line is one
// verifier key (IssuerKey+VerifierKey.swift), optionally surrounded by spaces and tabs. `PolicyLines`
// checks these lexical rules, with the margins that this grammar alone allows.
import PolicyText

extension IssuerList {
    /// The largest issuer list file accepted, in bytes.
    public static let maximumFileSize = 1 << 20

    /// Parses an issuer list file.
    ///
    /// Throws `BAD_ISSUER_LIST` when the file is larger than ``maximumFileSize``, is not UTF-8,
    /// holds a carriage return or another control character (a tab only in a margin or a
    /// comment), or when a line is not a valid Ed25519 verifier key or repeats an
    /// earlier key (see ``init(keys:)``). The message starts with the line number (1-based).
    public init(file bytes: some Collection<UInt8>) throws(StatementsError) {
        let policyLines: PolicyLines
        do {
            policyLines = try PolicyLines(bytes, limit: Self.maximumFileSize, what: "the issuer list", margins: .ignored)
        } catch {
            throw StatementsError(.badIssuerList, error.message)
        }
        var keys: [IssuerKey] = []
        var lines: [Int] = []
        for line in policyLines {
            do {
                keys.append(try IssuerKey(verifierKey: line.text))
            } catch {
                throw StatementsError(.badIssuerList, "line \(line.number): \(error.message)")
            }
            lines.append(line.number)
        }
        try self.init(keys: keys, positions: lines, unit: "line")
    }

    /// The list as an issuer list file: one verifier key per line, each line ending in LF.
    public var file: String {
        keys.map { $0.verifierKey + "\n" }.joined()
    }
}
