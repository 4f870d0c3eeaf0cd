// The shared reader of evidence and collateral statement payloads: one deterministic CBOR map
// with text keys, closed (no key outside the given ones).
import CBOR

struct StatementPayloadMap {
    private let map: [CBOR: CBOR]
    private let what: String

    init(_ bytes: some Collection<UInt8>, keys: Set<String>, optional: Set<String>, what: String) throws(EvidenceError) {
        let item: CBOR
        do {
            item = try CBOR.decode(bytes, requireDeterministic: true)
        } catch {
            throw EvidenceError(.malformed, "the \(what) payload is not deterministic CBOR: \(error.message)")
        }
        guard let map = item.map else { throw EvidenceError(.malformed, "the \(what) payload is not a CBOR map") }
        for key in map.keys {
            guard let name = key.textString, keys.contains(name) || optional.contains(name) else {
                throw EvidenceError(.malformed, "the \(what) payload has an unknown key \(key)")
            }
        }
        for key in keys where map[.text(key)] == nil {
            throw EvidenceError(.malformed, "the \(what) payload has no \"\(key)\"")
        }
        self.map = map
        self.what = what
    }

    func text(_ key: String) throws(EvidenceError) -> String {
        guard let s = map[.text(key)]?.textString else { throw EvidenceError(.malformed, "\"\(key)\" of the \(what) is not text") }
        return s
    }

    func bytes(_ key: String) throws(EvidenceError) -> [UInt8] {
        guard let b = map[.text(key)]?.byteString else { throw EvidenceError(.malformed, "\"\(key)\" of the \(what) is not a byte string") }
        return b
    }

    func optionalBytes(_ key: String) throws(EvidenceError) -> [UInt8]? {
        map[.text(key)] == nil ? nil : try bytes(key)
    }

    func optionalByteArrays(_ key: String) throws(EvidenceError) -> [[UInt8]]? {
        guard let item = map[.text(key)] else { return nil }
        guard let array = item.array, !array.isEmpty else {
            throw EvidenceError(.malformed, "\"\(key)\" of the \(what) is not a non-empty array")
        }
        var out: [[UInt8]] = []
        for element in array {
            guard let b = element.byteString else { throw EvidenceError(.malformed, "\"\(key)\" of the \(what) holds a non-byte-string") }
            out.append(b)
        }
        return out
    }
}
