// RFC 8949: Concise Binary Object Representation (CBOR), the data model of §2 and §3.

/// One CBOR data item (RFC 8949 §3), as a value.
///
/// The cases follow the major types. Two items are equal when they are the same item of the
/// CBOR data model (RFC 8949 §2): text compares by its UTF-8 bytes (not by Unicode canonical
/// equivalence), floats compare by value with `0.0` and `-0.0` distinct and every NaN equal to
/// every other NaN, and `.simple(20...23)` equals `.bool(false)`, `.bool(true)`, `.null` and
/// `.undefined`. So equal items always have the same deterministic encoding.
public indirect enum CBOR: Sendable {
    /// Major type 0: an unsigned integer.
    case unsigned(UInt64)
    /// Major type 1: a negative integer; the value is `-1 - n`.
    case negative(UInt64)
    /// Major type 2: a byte string.
    case bytes([UInt8])
    /// Major type 3: a UTF-8 text string.
    case text(String)
    /// Major type 4: an array of data items.
    case array([CBOR])
    /// Major type 5: a map; encoding sorts the keys bytewise (RFC 8949 §4.2.1).
    case map([CBOR: CBOR])
    /// Major type 6: a tag number and its content.
    case tagged(UInt64, CBOR)
    /// Major type 7: a simple value other than false, true, null and undefined. Values 24…31 are
    /// not well-formed (RFC 8949 §3.3); encoding one traps.
    case simple(UInt8)
    /// Major type 7: simple values 20 (false) and 21 (true).
    case bool(Bool)
    /// Major type 7: simple value 22.
    case null
    /// Major type 7: simple value 23.
    case undefined
    /// Major type 7: a half-, single- or double-precision float; encoding picks the shortest that
    /// keeps the value (RFC 8949 §4.2.1).
    case float(Double)
}

extension CBOR {
    /// The integer `v` as `.unsigned` (v ≥ 0) or `.negative` (v < 0).
    public static func int(_ v: Int64) -> CBOR {
        // -1 - Int64.min == Int64.max: no overflow.
        v >= 0 ? .unsigned(UInt64(v)) : .negative(UInt64(-1 - v))
    }

    /// The value of an `.unsigned` item; nil for every other item.
    public var uint64: UInt64? {
        if case .unsigned(let n) = self { return n }
        return nil
    }

    /// The value of an `.unsigned` or `.negative` item that fits in `Int64`; nil otherwise.
    public var int64: Int64? {
        switch self {
        case .unsigned(let n): return n <= UInt64(Int64.max) ? Int64(n) : nil
        case .negative(let n): return n <= UInt64(Int64.max) ? -1 - Int64(n) : nil
        default: return nil
        }
    }

    /// The bytes of a `.bytes` item; nil for every other item.
    public var byteString: [UInt8]? {
        if case .bytes(let b) = self { return b }
        return nil
    }

    /// The string of a `.text` item; nil for every other item.
    public var textString: String? {
        if case .text(let s) = self { return s }
        return nil
    }

    /// The elements of an `.array` item; nil for every other item.
    public var array: [CBOR]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The entries of a `.map` item; nil for every other item.
    public var map: [CBOR: CBOR]? {
        if case .map(let m) = self { return m }
        return nil
    }

    /// The value stored under `key` in a `.map` item; nil when there is none or this is not a map.
    public subscript(key: CBOR) -> CBOR? {
        if case .map(let m) = self { return m[key] }
        return nil
    }

    /// The tag number and content of a `.tagged` item; nil for every other item.
    public var tagged: (tag: UInt64, content: CBOR)? {
        if case .tagged(let t, let c) = self { return (t, c) }
        return nil
    }
}
