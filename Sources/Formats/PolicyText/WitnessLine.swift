// The `witness` line shared by the log's witness file (specs/http-api.md, "Witnessing") and the
// trust policy (specs/verify.md, "Trust policy"): one grammar, so that a line copied from one
// file into the other reads the same.
//
//     witness w1 w1.example+4a9c1b2e+BPj… https://w1.example   (NAME VERIFIER-KEY URL)
//     witness w1 w1.example+4a9c1b2e+BPj…                      (NAME VERIFIER-KEY)
//     witness w1.example+4a9c1b2e+BPj…                         (VERIFIER-KEY)
//
// The fields are separated by exactly one space. The grammar splits them; what each file requires
// of them (a URL for the log, which must know where to send checkpoints) and how the key is
// parsed stay with the file.

/// The fields of a `witness` line's value: an optional name, a verifier key's text and an optional
/// URL.
public struct WitnessLine: Hashable, Sendable {
    /// The name given before the key, if any: a label for logs and metrics, not the key's name.
    public let name: Substring?
    /// The verifier key's text form (c2sp.org/signed-note), unparsed.
    public let key: Substring
    /// The witness's base URL, if any; when present it starts with `http://` or `https://`.
    public let url: Substring?

    /// The grammar, for messages.
    public static let grammar = "witness NAME VERIFIER-KEY URL (or witness VERIFIER-KEY)"

    /// Splits a `witness` line's value into its fields.
    ///
    /// Throws ``PolicyTextError`` with the line's number for a value of more than three fields,
    /// an empty field (two spaces in a row), a key and URL without a name, or a third field that is not an http(s) URL.
    public init(_ line: PolicyLine) throws(PolicyTextError) {
        let fields = line.value?.split(separator: " ", omittingEmptySubsequences: false) ?? []
        guard (1...3).contains(fields.count), !fields.contains(where: \.isEmpty) else {
            throw PolicyTextError(
                line: line.number,
                "a witness line is `\(Self.grammar)`, its fields separated by exactly one space; this one has \(fields.filter { !$0.isEmpty }.count) field(s)\(fields.contains(where: \.isEmpty) ? " and two spaces in a row" : "")")
        }
        switch fields.count {
        case 1: (name, key, url) = (nil, fields[0], nil)
        case 2:
            guard !fields[1].hasPrefix("http://") && !fields[1].hasPrefix("https://") else {
                throw PolicyTextError(line: line.number, "a witness line with a URL names the witness first: `witness NAME VERIFIER-KEY URL`")
            }
            (name, key, url) = (fields[0], fields[1], nil)
        default:
            let url = fields[2]
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw PolicyTextError(line: line.number, "\(url.prefix(128)) is not an http(s) URL: a witness line is `\(Self.grammar)`")
            }
            (name, key, self.url) = (fields[0], fields[1], url)
        }
    }
}
