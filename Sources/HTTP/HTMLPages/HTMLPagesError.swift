// The one error of HTMLPages: a page template that cannot be used.

/// A page template that does not parse or breaks the escaping rule of ``HTMLPages``.
public struct HTMLPagesError: Error, CustomStringConvertible {
    /// What is wrong, for people.
    public let message: String

    init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
