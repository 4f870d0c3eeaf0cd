// The issuer list: the trust anchors of the registration policy (RFC 9943 §5.1.1.1, "TSs MUST
// maintain a list of trust anchors"). Each entry is an Ed25519 issuer key; an issuer may have
// several keys, told apart by their key IDs.
import CryptoPrimitives

/// A set of issuer keys, looked up by issuer name (`iss`) and key ID (`kid`).
///
/// Invariants, checked when the list is built: no key appears twice, no issuer has two keys with
/// the same key ID, and no public key belongs to two issuers. Immutable and safe to share.
public struct IssuerList: Sendable {
    /// The keys, in the order they were given.
    public let keys: [IssuerKey]
    private let byName: [String: [IssuerKey]]

    /// Creates a list from `keys`, in order.
    ///
    /// Throws `BAD_ISSUER_LIST` when a key repeats an earlier one, shares its name and key ID with
    /// an earlier key, or has the public key of an earlier key of another issuer. The message names
    /// the positions (1-based) of both keys.
    public init(keys: [IssuerKey]) throws(StatementsError) {
        try self.init(keys: keys, positions: keys.indices.map { $0 + 1 }, unit: "key")
    }

    /// Creates a list where `positions[i]` names where `keys[i]` came from (a key number, or a line
    /// number when `unit` is "line") for error messages.
    init(keys: [IssuerKey], positions: [Int], unit: String) throws(StatementsError) {
        var byName: [String: [(key: IssuerKey, position: Int)]] = [:]
        var owner: [Ed25519PublicKey: (name: String, position: Int)] = [:]
        for (i, key) in keys.enumerated() {
            let position = positions[i]
            for earlier in byName[key.name, default: []] {
                if earlier.key == key {
                    throw StatementsError(.badIssuerList, "\(unit) \(position) repeats \(unit) \(earlier.position)")
                }
                if earlier.key.keyID == key.keyID {
                    throw StatementsError(
                        .badIssuerList,
                        "\(unit) \(position) has the same issuer and key ID (\(IssuerKey.hex(key.keyID))) as \(unit) \(earlier.position)")
                }
            }
            if let earlier = owner[key.publicKey] {
                throw StatementsError(
                    .badIssuerList,
                    "\(unit) \(position) gives issuer \(IssuerKey.quoted(key.name)) the key of issuer \(IssuerKey.quoted(earlier.name)) (\(unit) \(earlier.position)); a key belongs to one issuer")
            }
            owner[key.publicKey] = (key.name, position)
            byName[key.name, default: []].append((key, position))
        }
        self.keys = keys
        self.byName = byName.mapValues { $0.map(\.key) }
    }

    /// Returns the keys of the issuer named `issuer`, in list order; empty when it is unknown.
    public func keys(of issuer: String) -> [IssuerKey] {
        byName[issuer] ?? []
    }

    /// Returns the key of `issuer` with key ID `keyID`, or nil.
    public func key(of issuer: String, keyID: UInt32) -> IssuerKey? {
        byName[issuer]?.first { $0.keyID == keyID }
    }

    /// Whether an issuer named `issuer` has at least one key in the list.
    public func contains(issuer: String) -> Bool {
        byName[issuer] != nil
    }
}
