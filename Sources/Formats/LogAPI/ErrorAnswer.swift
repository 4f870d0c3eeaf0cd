// Every error answer of the log's HTTP API carries a stable code and a message (specs/http-api.md,
// "Errors"): as the text line `CODE: message` (text/plain), or inside RFC 9290 Concise Problem
// Details (application/concise-problem-details+cbor, specs/scrapi.md).
import Foundation

/// An error answer: a stable UPPER_SNAKE code and a one-line message for people.
public struct ErrorAnswer: Sendable, Hashable, CustomStringConvertible {
    /// The stable code: 1…64 characters of `A`–`Z`, `0`–`9` and `_`, starting with a letter.
    public let code: String
    /// The message, one line, without a trailing newline.
    public let message: String

    /// The media type of the text form.
    public static let textMediaType = "text/plain; charset=utf-8"

    /// An answer with `code` and `message`; newlines in `message` become spaces. Traps on a code
    /// that is not UPPER_SNAKE: codes are constants of the server, never input.
    public init(code: String, message: String) {
        precondition(Self.isCode(code), "bad math: \(code) is not an UPPER_SNAKE error code")
        self.code = code
        self.message = message.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// `CODE: message`.
    public var description: String { "\(code): \(message)" }

    /// The text form: `CODE: message` and a newline.
    public var text: [UInt8] { Array((description + "\n").utf8) }

    /// Whether `text` is an UPPER_SNAKE code: 1…64 characters of `A`–`Z`, `0`–`9` and `_`,
    /// starting with a letter.
    public static func isCode(_ text: some StringProtocol) -> Bool {
        guard let first = text.utf8.first, (0x41...0x5A).contains(first), text.utf8.count <= 64 else { return false }
        return text.utf8.allSatisfy { (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    /// Reads `CODE: message` (a trailing newline allowed); nil when the line does not start with
    /// a code and `": "`.
    public init?(line: some StringProtocol) {
        var text = Substring(line)
        if text.hasSuffix("\n") { text = text.dropLast() }
        guard let colon = text.firstRange(of: ": "), Self.isCode(text[..<colon.lowerBound]) else { return nil }
        self.init(code: String(text[..<colon.lowerBound]), message: String(text[colon.upperBound...]))
    }

    /// Reads an error answer of either form, chosen by `contentType`: Concise Problem Details
    /// whose `detail` is `CODE: message`, or a text body `CODE: message`. Nil when the body is
    /// neither (an answer from something other than a ReceiptLog server, such as a proxy).
    public init?(contentType: String?, body: [UInt8]) {
        let essence = contentType?.split(separator: ";", maxSplits: 1).first?.trimmingCharacters(in: .whitespaces).lowercased()
        if essence == ProblemDetails.mediaType {
            guard let problem = try? ProblemDetails(decoding: body), let detail = problem.detail else { return nil }
            self.init(line: detail)
        } else {
            guard body.count <= 1 << 16, let text = String(validating: body, as: UTF8.self) else { return nil }
            self.init(line: text)
        }
    }
}
