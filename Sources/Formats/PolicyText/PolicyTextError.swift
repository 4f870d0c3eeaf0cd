/// A policy file that breaks the lexical rules every line-based policy file shares
/// (``PolicyLines``): too large, not UTF-8, or a line of the wrong shape.
///
/// Each grammar wraps it into its own module's error, keeping ``message``.
public struct PolicyTextError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The 1-based number of the line at fault, or nil for a fault of the whole file (its size,
    /// its encoding).
    public let line: Int?
    /// What is wrong, without the line number.
    public let reason: String

    /// Creates an error for the given line (nil for the whole file).
    public init(line: Int?, _ reason: String) {
        self.line = line
        self.reason = reason
    }

    /// `line N: <reason>` for an error of one line, the reason alone for the whole file.
    public var message: String { line.map { "line \($0): \(reason)" } ?? reason }

    /// The same as ``message``.
    public var description: String { message }
}
