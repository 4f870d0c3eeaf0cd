// The one table from witness engine error codes to HTTP statuses, as c2sp.org/tlog-witness
// v1.0.0 §add-checkpoint prescribes them.
public import Hummingbird
public import WitnessEngine

/// Maps ``WitnessEngineError`` codes to HTTP response statuses.
public enum WitnessStatus {
    /// The status for an error code. Codes that no request can cause (a bad log list or key
    /// file) and storage failures are 500; every code a malformed or unacceptable request can
    /// cause is a 4xx.
    public static func status(for code: WitnessEngineError.Code) -> HTTPResponse.Status {
        switch code {
        // "the witness MUST respond with a '400 Bad Request'" when the old size exceeds the
        // checkpoint size; a body that is not the format of §add-checkpoint is a bad request too.
        case .malformedBody, .oldSizeTooLarge: .badRequest
        // "If the checkpoint origin is unknown, the witness MUST respond with a '404 Not Found'".
        case .unknownOrigin: .notFound
        // "If none of the signatures verify against a trusted public key, the witness MUST
        // respond with a '403 Forbidden'".
        case .untrustedCheckpoint: .forbidden
        // "If it doesn't match, the witness MUST respond with a '409 Conflict'" (old size), and
        // v1.0.0's "If they don't match, … '409 Conflict'" (same size, different root hash).
        case .oldSizeMismatch, .rootMismatch: .conflict
        // "If the Merkle Consistency Proof doesn't verify, the witness MUST respond with a '422
        // Unprocessable Entity'".
        case .inconsistentProof: .unprocessableContent
        // GET /checkpoint/<origin-hash> of a log the witness never cosigned (specs/witness.md).
        case .noCheckpoint: .notFound
        default: .internalServerError
        }
    }

    /// The code on the wire for an engine error code: UPPER_SNAKE (`oldSizeMismatch` is
    /// `OLD_SIZE_MISMATCH`), as every error answer of the witness carries one.
    public static func code(for code: WitnessEngineError.Code) -> String {
        var out = ""
        for character in code.description {
            if character.isUppercase, !out.isEmpty { out += "_" }
            out += character.uppercased()
        }
        return out
    }

    /// The code of an answer that Hummingbird, not the engine, gave `status`.
    static func code(of status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "NOT_FOUND"
        case .methodNotAllowed: "METHOD_NOT_ALLOWED"
        case .contentTooLarge: "BODY_TOO_LARGE"
        case .requestTimeout: "REQUEST_TIMEOUT"
        default: status.kind == .serverError ? "INTERNAL_ERROR" : "BAD_REQUEST"
        }
    }
}
