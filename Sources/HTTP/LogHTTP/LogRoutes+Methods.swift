// 405 Method Not Allowed for a known path asked with another method (RFC 9110 §15.5.6), with the
// `Allow` field; Hummingbird's router alone would answer such a request 404.
import HTTPTypes
import Hummingbird

extension LogRoutes {
    /// Every path of the log's API and the methods it answers (HEAD is answered wherever GET is).
    static let methods: [(path: RouterPath, allowed: [HTTPRequest.Method])] = [
        ("checkpoint", [.get]), ("tile/**", [.get]), ("entries", [.post]), ("entries/:index", [.get]),
        ("entries/:index/receipt", [.get]), ("entries/:index/proof", [.get]), ("entries/:index/witnessed", [.get]),
        ("lookup/:hash", [.get]), ("proof/consistency", [.get]), ("healthz", [.get]), ("metrics", [.get]),
        (".well-known/scitt-keys", [.get]), (".well-known/scitt-keys/:kid", [.get]),
    ]

    /// The methods answered 405 on a known path when not in its list; any other method is 404,
    /// like an unknown path.
    static let refusedMethods: [HTTPRequest.Method] = [.get, .head, .post, .put, .delete, .patch, .options]

    /// Adds, for each path of ``methods``, a 405 answer with `Allow` to every method of
    /// ``refusedMethods`` it does not answer.
    static func addMethodNotAllowed(to router: Router<BasicRequestContext>) {
        for (path, allowed) in methods {
            let answered = allowed.contains(.get) ? allowed + [.head] : allowed
            let allow = answered.map(\.rawValue).joined(separator: ", ")
            for method in refusedMethods where !answered.contains(method) {
                router.on(path, method: method) { request, _ -> Response in
                    throw APIFailure(
                        .methodNotAllowed, "METHOD_NOT_ALLOWED", "\(request.uri.path) answers \(allow), not \(request.method)",
                        headers: [.allow: allow])
                }
            }
        }
    }
}
