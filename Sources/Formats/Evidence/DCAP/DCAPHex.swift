// Hex fields of Intel PCS collateral. TCB Info and QE Identity write hex in upper case
// ("B0C06F000000"), the collateral JSON's signatures and CRLs in lower case; both are accepted,
// and a field must have exactly its documented length.
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
        var out = [UInt8]()
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else {
                throw EvidenceError(.badCollateral, "\(field): not hex at character \(i)")
            }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
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
