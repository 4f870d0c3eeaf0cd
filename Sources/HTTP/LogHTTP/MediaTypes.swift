/// The media types of the log's API (specs/http-api.md).
enum MediaTypes {
    /// Checkpoints, proofs, messages.
    static let text = "text/plain; charset=utf-8"
    /// Tiles and entry bundles (c2sp.org/tlog-tiles).
    static let octetStream = "application/octet-stream"
    /// Signed statements and COSE receipts (RFC 9052 §9).
    static let cose = "application/cose"
    /// JSON answers.
    static let json = "application/json"
    /// CBOR data items: the COSE Keys of `/.well-known/scitt-keys` (draft-ietf-scitt-scrapi-09 §2.1).
    static let cbor = "application/cbor"
    /// Prometheus text exposition format 0.0.4.
    static let prometheus = "text/plain; version=0.0.4; charset=utf-8"

    /// Whether a `Content-Type` value names `type`, ignoring parameters, case and spaces.
    static func matches(_ value: String?, _ type: String) -> Bool {
        guard let value else { return false }
        let essence = value.split(separator: ";", maxSplits: 1).first ?? ""
        return essence.trimmingCharacters(in: .whitespaces).lowercased() == type
    }

    /// Whether an `Accept` value asks for JSON.
    static func acceptsJSON(_ value: String?) -> Bool {
        guard let value else { return false }
        return value.split(separator: ",").contains { matches(String($0), json) }
    }
}
