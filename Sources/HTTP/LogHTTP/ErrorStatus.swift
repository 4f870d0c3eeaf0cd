// The one table from error codes to HTTP statuses (specs/http-api.md, "Errors"). Bad input is
// always a 4xx; a 5xx means the log itself cannot serve.
import HTTPServing
import HTTPTypes
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
        // keep its status for the request metrics.
        case let failure as ServerLimitFailure:
            return APIFailure(failure.status, failure.message)
        case let error as StatementsError:
            return APIFailure(status(of: error.code), "\(error.code): \(error.message)")
        case let error as LogEngineError:
            let status = status(of: error.code)
            let headers: HTTPFields = status == .serviceUnavailable ? [.retryAfter: "1"] : [:]
            return APIFailure(status, "\(error.code): \(error.message)", headers: headers)
        default:
            return APIFailure(.internalServerError, "internal error: \(error)")
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
}
