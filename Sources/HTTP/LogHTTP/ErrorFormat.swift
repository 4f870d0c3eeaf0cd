// Which form an error answer takes (specs/http-api.md, "Errors"; specs/scrapi.md, "Errors"):
// RFC 9290 Concise Problem Details for SCRAPI clients, as draft-ietf-scitt-scrapi-09 §2 requires,
// and the text line `CODE: message` for every client of the log's own API, which never asks for
// CBOR.
import HTTPServing
import HTTPTypes
import LogAPI

/// The two forms of an error answer.
enum ErrorFormat: Equatable {
    /// `text/plain; charset=utf-8`: `CODE: message` and a newline.
    case text
    /// `application/concise-problem-details+cbor` (RFC 9290): the draft's title, and
    /// `CODE: message` as the detail.
    case problemDetails

    /// The form for a request with these `Accept` field values to `path`, first rule that applies:
    ///
    /// 1. `Accept` lists `application/concise-problem-details+cbor`: problem details.
    /// 2. `Accept` lists `text/plain`: text.
    /// 3. `Accept` lists `application/cbor` or `application/cose` (what a SCRAPI client sends,
    ///    draft-ietf-scitt-scrapi-09 §2.1–§2.5): problem details.
    /// 4. `path` is a SCRAPI-only resource (``isSCRAPIOnly(path:)``): problem details.
    /// 5. Otherwise (no `Accept`, `*/*`, JSON): text, as the log's API always answered.
    ///
    /// A media range with `q=0` counts as not listed (RFC 9110 §12.5.1).
    static func choose(accept: [String], path: String?) -> ErrorFormat {
        let listed = Set(accept.flatMap { $0.split(separator: ",") }.compactMap(acceptedType))
        if listed.contains(ProblemDetails.mediaType) { return .problemDetails }
        if listed.contains("text/plain") { return .text }
        if listed.contains(MediaTypes.cbor) || listed.contains(MediaTypes.cose) { return .problemDetails }
        if let path, isSCRAPIOnly(path: path) { return .problemDetails }
        return .text
    }

    /// The media type of one `Accept` element, lower-cased, without parameters; nil when it is
    /// given `q=0`.
    private static func acceptedType(_ element: Substring) -> String? {
        let parts = element.split(separator: ";").map { String($0.filter { $0 != " " && $0 != "\t" }).lowercased() }
        guard let type = parts.first, !type.isEmpty else { return nil }
        let rejected = parts.dropFirst().contains { $0.hasPrefix("q=") && Double($0.dropFirst(2)) == 0 }
        return rejected ? nil : type
    }

    /// Whether `path` names a resource that only SCRAPI defines: `/.well-known/scitt-keys…`
    /// and receipt resolution by entry ID, `/entries/<64 lowercase hex digits>`. Their clients
    /// are SCRAPI clients, which read problem details (draft-ietf-scitt-scrapi-09 §2).
    static func isSCRAPIOnly(path: String) -> Bool {
        if path.hasPrefix("/.well-known/") { return true }
        guard path.hasPrefix("/entries/") else { return false }
        return EntryID.leafHash(path.dropFirst("/entries/".count)) != nil
    }

    /// The `Content-Type` and body of `answer` in this form.
    func render(_ answer: ErrorAnswer, status: HTTPResponse.Status, title: String?) -> (String, [UInt8]) {
        switch self {
        case .text:
            return (MediaTypes.text, answer.text)
        case .problemDetails:
            let problem = ProblemDetails(title: title ?? Self.title(code: answer.code, status: status), answer: answer)
            return (ProblemDetails.mediaType, problem.encoded())
        }
    }

    /// The problem `title` for `code`: the title draft-ietf-scitt-scrapi-09 gives the condition
    /// (§2: "Malformed request"; §2.3.3: "Bad Signature Algorithm", "Payload Missing",
    /// "Rejected"; §2.2: "No such key"; §2.5.2: "Not Found"), else the status's reason phrase.
    static func title(code: String, status: HTTPResponse.Status) -> String {
        switch code {
        case "BAD_ALG": "Bad Signature Algorithm"
        case "MISSING_PAYLOAD": "Payload Missing"
        case "EMPTY_BODY", "NOT_CBOR", "NOT_COSE_SIGN1", "BAD_PARAMETER", "MISSING_PARAMETER", "BAD_TILE_PATH",
            ServerRefusal.malformedRequestCode:
            "Malformed request"
        case "BAD_ENTRY_ID": "Invalid locator"
        case "NO_SUCH_KEY": "No such key"
        default:
            // Every other check of the statement is the log's registration policy refusing it.
            if status == .badRequest || status == .forbidden { "Rejected" } else { status.reasonPhrase }
        }
    }

    /// How the server's own refusals (``ServerRefusal``) are written: rules 1–3 and 5 of
    /// ``choose(accept:path:)`` (no route, so no path).
    static let serverRefusal: ServerRefusal.Renderer = { refusal, accept in
        let answer = ErrorAnswer(code: refusal.code, message: refusal.message)
        let status = HTTPResponse.Status(code: Int(refusal.status.code))
        let (type, body) = choose(accept: accept.map { [$0] } ?? [], path: nil).render(answer, status: status, title: nil)
        return (type, body)
    }
}
