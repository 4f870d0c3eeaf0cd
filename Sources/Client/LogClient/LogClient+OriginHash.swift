// The name of a log in a witness's API (c2sp.org/tlog-witness, specs/witness.md §Origin hash).
import CryptoPrimitives

extension LogClient {
    /// The origin hash of `origin`: the lowercase hex SHA-256 of the origin line's UTF-8 bytes,
    /// without its newline. It names a log in a witness's `GET /checkpoint/<origin hash>`.
    public static func originHash(_ origin: String) -> String {
        Hex.encode(SHA256.digest(Array(origin.utf8)))
    }
}
