/// One line of a policy file that is neither empty nor a comment (``PolicyLines``).
public struct PolicyLine: Hashable, Sendable {
    /// The 1-based line number in the file.
    public let number: Int
    /// The whole line: without its LF and, where the file's grammar allows them, without the
    /// spaces and tabs around it.
    public let text: Substring
    /// The line up to its first space; never empty.
    public let keyword: Substring
    /// What follows the keyword and its one space; nil when the line holds no space. Never empty,
    /// and neither starts nor ends with a space.
    public let value: Substring?
}
