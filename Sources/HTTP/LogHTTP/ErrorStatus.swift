// The one table from errors to HTTP statuses and codes (specs/http-api.md, "Errors"). Bad input
// is always a 4xx; a 5xx means the log itself cannot serve. Every answer carries an UPPER_SNAKE
// code: the registration checks' own, the engine's in UPPER_SNAKE, or one of the route codes.
import HTTPServing
import HTTPTypes
import Hummingbird
import LogEngine
import Merkle
import Statements

enum ErrorStatus {
    /// The failure to send for `error`, which a route threw.
    static func failure(for error: any Error) -> APIFailure {
        switch error {
        case let failure as APIFailure:
            return failure
        // The server gave up reading the request (ServerLimits) and has answered it already;
        // keep its status and code for the request metrics.
        case let failure as ServerLimitFailure:
            return APIFailure(failure.status, failure.code, failure.message)
        case let error as StatementsError:
            return APIFailure(status(of: error.code), error.code.description, error.message)
        case let error as LogEngineError:
            let status = status(of: error.code)
            let headers: HTTPFields = status == .serviceUnavailable ? [.retryAfter: "1"] : [:]
            return APIFailure(status, upperSnake(error.code.description), error.message, headers: headers)
        // Hummingbird's own: the router's unknown path, a body over a collector's limit.
        case let error as HTTPError:
            return APIFailure(error.status, code(of: error.status), error.body ?? error.status.reasonPhrase.lowercased())
        case let error as any HTTPResponseError:
            return APIFailure(error.status, code(of: error.status), error.status.reasonPhrase.lowercased())
        default:
            return APIFailure(.internalServerError, "INTERNAL_ERROR", "internal error: \(error)")
        }
    }

    /// Registration checks (specs/statements.md, "Registration checks"; RFC 9943 §6.3).
    static func status(of code: StatementsError.Code) -> HTTPResponse.Status {
        switch code {
        // The statement is larger than the log accepts.
        case .statementTooLarge: .contentTooLarge
        // RFC 9943 §5.1.1.1: the issuer is not a trust anchor of this log; the request is
        // well-formed but not allowed.
        case .unknownIssuer, .unknownKeyID: .forbidden
        // Everything else, the bad signature included: the statement itself is bad.
        default: .badRequest
        }
    }

    /// Engine conditions.
    static func status(of code: LogEngineError.Code) -> HTTPResponse.Status {
        switch code {
        case .notFound: .notFound
        case .badRequest: .badRequest
        // The pending pool is full, the log is draining, or the sequencer stopped: retry later
        // (RFC 9110 §15.6.4, with Retry-After).
        // No checkpoint has a witness quorum yet (failing closed): retry later.
        case .overloaded, .shuttingDown, .stopped, .noQuorum: .serviceUnavailable
        default: .internalServerError
        }
    }

    /// The code of an answer that Hummingbird, not a route, gave `status`.
    static func code(of status: HTTPResponse.Status) -> String {
        switch status {
        case .badRequest: "BAD_REQUEST"
        case .notFound: "NOT_FOUND"
        case .methodNotAllowed: "METHOD_NOT_ALLOWED"
        case .requestTimeout: ServerRefusal.requestTimeoutCode
        case .contentTooLarge: "BODY_TOO_LARGE"
        case .unsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE"
        case .serviceUnavailable: "UNAVAILABLE"
        default: status.kind == .serverError ? "INTERNAL_ERROR" : "BAD_REQUEST"
        }
    }

    /// An engine code on the wire: `shuttingDown` is `SHUTTING_DOWN`.
    static func upperSnake(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase, !out.isEmpty { out += "_" }
            out += character.uppercased()
        }
        return out
    }
}
