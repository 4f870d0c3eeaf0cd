// Hex fields of Intel PCS collateral. TCB Info and QE Identity write hex in upper case
// ("B0C06F000000"), the collateral JSON's signatures and CRLs in lower case; both are accepted,
// and a field must have exactly its documented length.
import CryptoPrimitives
import Foundation

/// Decoding of the hex fields of DCAP collateral.
enum DCAPHex {
    /// The bytes of `text`, which must be hex (either case) of exactly `count` bytes when
    /// `count` is given. Throws `badCollateral` naming `field` otherwise.
    static func decode(_ text: String, field: String, count: Int? = nil) throws(EvidenceError) -> [UInt8] {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else {
            throw EvidenceError(.badCollateral, "\(field): hex of odd length \(chars.count)")
        }
        if let count, chars.count != 2 * count {
            throw EvidenceError(.badCollateral, "\(field): expected \(count) bytes of hex, found \(chars.count) characters")
        }
        // Either case: CryptoPrimitives' Hex reads lower case only.
        guard let bytes = Hex.decode(text.lowercased()) else {
            throw EvidenceError(.badCollateral, "\(field): not hex")
        }
        return bytes
    }

    /// The instant of an RFC 3339 field; `badCollateral` naming `field` if it is not one.
    static func date(_ text: String, field: String) throws(EvidenceError) -> Date {
        guard let date = RFC3339.parse(text) else {
            throw EvidenceError(.badCollateral, "\(field): \"\(text)\" is not an RFC 3339 UTC instant")
        }
        return date
    }

    /// Decodes `T` from JSON with Foundation's decoder; `badCollateral` naming `what` on failure.
    static func json<T: Decodable>(_ type: T.Type, from bytes: [UInt8], what: String) throws(EvidenceError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw EvidenceError(.badCollateral, "\(what) is not of the documented JSON form: \(error)")
        }
    }
}
