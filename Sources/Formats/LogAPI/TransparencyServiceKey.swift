// draft-ietf-scitt-scrapi-09 §2.1, §2.2: the Transparency Service's receipt-verification keys, as
// COSE Keys (RFC 9052 §7) of key type OKP with curve Ed25519 (RFC 9053 §7.2).
//
//     { / kty / 1: 1, / kid / 2: h'4a9c1b2e', / alg / 3: -8, / crv / -1: 6, / x / -2: h'…32 bytes…' }
public import CBOR
import Foundation
import Notes

/// A public key the log signs its COSE receipts with, as the COSE Key that
/// `/.well-known/scitt-keys` serves.
public struct TransparencyServiceKey: Sendable, Hashable {
    /// The key identifier: the `kid` of the receipts this key signs.
    public let keyID: [UInt8]
    /// The Ed25519 public key (32 bytes).
    public let publicKey: [UInt8]

    /// COSE Key labels (RFC 9052 §7.1) and OKP parameters (RFC 9053 §7.2).
    static let ktyLabel: Int64 = 1, kidLabel: Int64 = 2, algLabel: Int64 = 3, crvLabel: Int64 = -1, xLabel: Int64 = -2
    /// Key type OKP (RFC 9053 §7.2), curve Ed25519 (RFC 9053 §7.1), algorithm EdDSA (RFC 9053 §2.2).
    static let okp: Int64 = 1, ed25519: Int64 = 6, edDSA: Int64 = -8
    /// The longest `kid` read.
    public static let maximumKeyIDCount = 64

    /// The key `publicKey` (32 bytes) with identifier `keyID` (1…64 bytes). Traps otherwise:
    /// the log's own key is never input.
    public init(keyID: [UInt8], publicKey: [UInt8]) {
        precondition(publicKey.count == 32 && (1...Self.maximumKeyIDCount).contains(keyID.count), "bad math: not an Ed25519 key with a kid")
        self.keyID = keyID
        self.publicKey = publicKey
    }

    /// The COSE Key map.
    public var cbor: CBOR {
        .map([
            .int(Self.ktyLabel): .int(Self.okp), .int(Self.kidLabel): .bytes(keyID), .int(Self.algLabel): .int(Self.edDSA),
            .int(Self.crvLabel): .int(Self.ed25519), .int(Self.xLabel): .bytes(publicKey),
        ])
    }

    /// The COSE Key in deterministic CBOR (RFC 8949 §4.2.1): the body of
    /// `/.well-known/scitt-keys/{kid}` (draft-ietf-scitt-scrapi-09 §2.2).
    public func encoded() -> [UInt8] { cbor.encoded() }

    /// The COSE Key Set (RFC 9052 §7: an array of COSE Keys) of `keys` in deterministic CBOR:
    /// the body of `/.well-known/scitt-keys` (draft-ietf-scitt-scrapi-09 §2.1).
    public static func keySet(_ keys: [TransparencyServiceKey]) -> [UInt8] {
        CBOR.array(keys.map(\.cbor)).encoded()
    }

    /// Parses one COSE Key strictly: deterministic CBOR, exactly the five entries above, OKP,
    /// Ed25519, EdDSA, a 32-byte `x` and a 1…64-byte `kid`. Throws
    /// ``LogAPIError/Code/malformedKey`` otherwise.
    public init(decoding bytes: [UInt8]) throws(LogAPIError) {
        try self.init(Self.item(bytes))
    }

    /// Parses a COSE Key Set of such keys (at most 64). Throws ``LogAPIError/Code/malformedKey``.
    public static func decodeSet(_ bytes: [UInt8]) throws(LogAPIError) -> [TransparencyServiceKey] {
        guard let array = try item(bytes).array, array.count <= 64 else {
            throw LogAPIError(.malformedKey, "a COSE Key Set is an array of at most 64 COSE Keys")
        }
        var keys: [TransparencyServiceKey] = []
        for key in array { keys.append(try TransparencyServiceKey(key)) }
        return keys
    }

    private static func item(_ bytes: [UInt8]) throws(LogAPIError) -> CBOR {
        do {
            return try CBOR.decode(bytes, requireDeterministic: true)
        } catch {
            throw LogAPIError(.malformedKey, "not one item of deterministic CBOR: \(error.message)")
        }
    }

    private init(_ item: CBOR) throws(LogAPIError) {
        guard let map = item.map, map.count == 5,
            map[.int(Self.ktyLabel)] == .int(Self.okp), map[.int(Self.algLabel)] == .int(Self.edDSA),
            map[.int(Self.crvLabel)] == .int(Self.ed25519),
            let x = map[.int(Self.xLabel)]?.byteString, x.count == 32,
            let kid = map[.int(Self.kidLabel)]?.byteString, (1...Self.maximumKeyIDCount).contains(kid.count)
        else {
            throw LogAPIError(.malformedKey, "not a COSE Key {1: 1, 2: kid, 3: -8, -1: 6, -2: 32 bytes} (RFC 9053 §7.2)")
        }
        self.init(keyID: kid, publicKey: x)
    }

    /// The `kid` as it appears in `/.well-known/scitt-keys/{kid_value}`: base64url without
    /// padding (RFC 7515 §2), since a binary `kid` is not URL-safe (draft-ietf-scitt-scrapi-09 §2.2).
    public var urlKeyID: String { Self.base64url(keyID) }

    /// The `kid` named by a `{kid_value}` path segment: unpadded base64url of 1…64 bytes in its
    /// one canonical form (re-encoding gives the segment back); nil otherwise.
    public static func keyID(urlSegment segment: some StringProtocol) -> [UInt8]? {
        guard !segment.isEmpty, segment.utf8.count <= 88,
            segment.utf8.allSatisfy({ $0 == 0x2D || $0 == 0x5F || ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) })
        else { return nil }
        var standard = String(segment).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
        guard let bytes = try? Base64.decode(standard), (1...maximumKeyIDCount).contains(bytes.count),
            base64url(bytes) == segment
        else { return nil }
        return bytes
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        var text = Base64.encode(bytes)
        while text.hasSuffix("=") { text.removeLast() }
        return text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }
}
