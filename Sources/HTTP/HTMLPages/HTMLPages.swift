// Server-rendered HTML pages (specs/http-api.md, "Pages"): Mustache templates, one shared style
// and error page, no JavaScript and no external assets. Every value reaches the page through
// `{{name}}`, which escapes it for HTML (`<`, `>`, `&`, `"`, `'`); templates never use the
// unescaped forms (`{{{name}}}`, `{{& name}}`), and ``init(templates:)`` refuses one that does.
import Foundation
public import Hummingbird
import Mustache
import NIOCore

/// A server's set of page templates, with the shared stylesheet and error page.
///
/// Each server passes its own `header` and `footer` partials (the page chrome) and its page
/// templates; a page template includes them with `{{>header}}` and `{{>footer}}`, and every
/// model passed to ``render(_:_:)`` has a `title`. ``HTMLPages`` is immutable and `Sendable`.
public struct HTMLPages: Sendable {
    private let library: MustacheLibrary

    /// The media type of every page.
    public static let contentType = "text/html; charset=utf-8"

    /// Compiles `templates` (by name) with the shared `head` and `style` partials and `error` page. Throws
    /// ``HTMLPagesError`` for a template that does not parse or that uses an unescaped tag.
    public init(templates: [String: String]) throws(HTMLPagesError) {
        var library = MustacheLibrary()
        let all = templates.merging(["head": Self.head, "style": Self.style, "error": Self.errorTemplate]) { own, _ in own }
        for (name, text) in all.sorted(by: { $0.key < $1.key }) {
            guard !text.contains("{{{"), !text.contains("{{&") else {
                throw HTMLPagesError("the page template \(name) uses an unescaped tag")
            }
            do {
                try library.register(text, named: name)
            } catch {
                throw HTMLPagesError("the page template \(name) does not parse: \(error)")
            }
        }
        self.library = library
    }

    /// Renders the template `name` with `model` (a struct whose properties the template names).
    /// A missing template is a programming error and traps.
    public func render(_ name: String, _ model: Any) -> String {
        guard let text = library.render(model, withTemplate: name) else {
            preconditionFailure("no page template \(name)")
        }
        return text
    }

    /// The page `name` rendered with `model`, as a response with `status`.
    public func response(_ name: String, _ model: Any, status: HTTPResponse.Status = .ok) -> Response {
        Self.response(html: render(name, model), status: status)
    }

    /// An error page: `status` with its reason phrase as the title and `message` as the text.
    public func errorResponse(_ status: HTTPResponse.Status, _ message: String) -> Response {
        response("error", ErrorPage(title: "\(status.code) \(status.reasonPhrase)", message: message), status: status)
    }

    /// A response carrying `html`, with the headers every page has: `Content-Type:
    /// text/html; charset=utf-8` and `Cache-Control: no-store` (a page shows the log's state now).
    public static func response(html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: contentType, .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// A `303 See Other` to `location` (a path of this server), as a search answers.
    public static func redirect(to location: String) -> Response {
        Response(
            status: .seeOther, headers: [.location: location, .cacheControl: "no-store", .contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(string: "")))
    }

    /// Whether an `Accept` header value accepts HTML: absent, or listing `text/html`, `text/*` or
    /// `*/*` without `q=0` (RFC 9110 §12.5.1).
    public static func acceptsHTML(_ accept: String?) -> Bool {
        guard let accept else { return true }
        for item in accept.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let type = parts.first, ["text/html", "text/*", "*/*"].contains(type) else { continue }
            // A weight of 0 refuses the type; anything else accepts it.
            let refused = parts.dropFirst().contains { parameter in
                let compact = parameter.replacingOccurrences(of: " ", with: "")
                return compact.hasPrefix("q=") && Double(compact.dropFirst(2)) == 0
            }
            if !refused { return true }
        }
        return false
    }

    /// The model of the error page.
    struct ErrorPage {
        let title: String
        let message: String
    }
}
