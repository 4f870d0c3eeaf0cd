// RFC 9290 §2: Concise Problem Details, the error body of SCRAPI (draft-ietf-scitt-scrapi-09 §2).
//
//     { / title / -1: "Not Found", / detail / -2: "NOT_FOUND: entry 9 is not in the tree of size 4" }
import CBOR

/// A Concise Problem Details data item (RFC 9290 §2) with the two standard entries SCRAPI uses,
/// `title` (-1) and `detail` (-2).
///
/// The log puts the draft's title for the condition in `title` and its error answer,
/// `CODE: message` (``ErrorAnswer``), in `detail` (specs/scrapi.md, "Errors").
public struct ProblemDetails: Sendable, Hashable {
    /// The media type: `application/concise-problem-details+cbor` (RFC 9290 §6.3).
    public static let mediaType = "application/concise-problem-details+cbor"
    /// The `title` key (RFC 9290 §2).
    public static let titleKey: Int64 = -1
    /// The `detail` key (RFC 9290 §2).
    public static let detailKey: Int64 = -2
    /// The largest encoding ``init(decoding:)`` reads.
    public static let maximumSize = 1 << 16

    /// A short human-readable summary of the problem type.
    public let title: String?
    /// A human-readable explanation of this occurrence of the problem.
    public let detail: String?

    /// A problem with `title` and `detail`.
    public init(title: String?, detail: String?) {
        self.title = title
        self.detail = detail
    }

    /// The problem for `answer`: `title`, and `CODE: message` as the detail.
    public init(title: String, answer: ErrorAnswer) {
        self.init(title: title, detail: answer.description)
    }

    /// The deterministic CBOR encoding (RFC 8949 §4.2.1): a map of the entries present. RFC 9290
    /// requires the map to be non-empty; a problem with neither entry encodes as `{}`, which
    /// callers never build.
    public func encoded() -> [UInt8] {
        var map: [CBOR: CBOR] = [:]
        if let title { map[.int(Self.titleKey)] = .text(title) }
        if let detail { map[.int(Self.detailKey)] = .text(detail) }
        return CBOR.map(map).encoded()
    }

    /// Parses a problem details map: one CBOR map of at most ``maximumSize`` bytes whose `title`
    /// and `detail`, when present, are text strings. Other entries (RFC 9290's other standard
    /// entries and custom entries) are allowed and ignored, as RFC 9290 §3 lets a recipient do.
    /// Throws ``LogAPIError/Code/malformedProblemDetails`` for anything else.
    public init(decoding bytes: [UInt8]) throws(LogAPIError) {
        guard bytes.count <= Self.maximumSize else {
            throw LogAPIError(.malformedProblemDetails, "problem details are \(bytes.count) bytes; the limit is \(Self.maximumSize)")
        }
        let item: CBOR
        do {
            item = try CBOR.decode(bytes)
        } catch {
            throw LogAPIError(.malformedProblemDetails, "problem details are not one CBOR item: \(error.message)")
        }
        guard let map = item.map, !map.isEmpty else {
            throw LogAPIError(.malformedProblemDetails, "problem details are a non-empty CBOR map (RFC 9290 §2)")
        }
        func text(_ key: Int64, _ name: String) throws(LogAPIError) -> String? {
            guard let value = map[.int(key)] else { return nil }
            guard let string = value.textString else {
                throw LogAPIError(.malformedProblemDetails, "the problem's \(name) (\(key)) is not a text string")
            }
            return string
        }
        title = try text(Self.titleKey, "title")
        detail = try text(Self.detailKey, "detail")
    }
}
