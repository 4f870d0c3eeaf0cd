// The one error protocol of every module (docs/architecture.md, "Errors"): a stable code, a
// message for people, the underlying cause when there is one, and where the error was thrown.

/// An error with a stable code and a one-line message, as every module of this package throws.
///
/// Errors compare equal (and hash) by their code alone, so tests and callers match on what went
/// wrong rather than on the wording. ``description`` is the line a person reads, `CODE: message`;
/// ``debugDescription`` adds where the error was thrown and its cause, for logs and bug reports.
public protocol CodedError: Error, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of the module's codes.
    associatedtype Code: Hashable, Sendable, CustomStringConvertible

    /// What went wrong, as a stable code.
    var code: Code { get }
    /// A message that says what is wrong, for people.
    var message: String { get }
    /// The error this one was made from, when it wraps one (a system call's, another module's).
    var underlying: (any Error)? { get }
    /// The file (`#fileID`) the error was thrown in.
    var file: String { get }
    /// The line the error was thrown at.
    var line: UInt { get }
}

extension CodedError {
    /// `CODE: message`.
    public var description: String { "\(code): \(message)" }

    /// `CODE: message [file:line]`, then `; caused by` and the underlying error's debug
    /// description, down the chain.
    public var debugDescription: String {
        var text = "\(description) [\(file):\(line)]"
        if let underlying {
            text += "; caused by " + String(reflecting: underlying)
        }
        return text
    }

    /// Errors are equal when their codes are.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// Hashes the code.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
