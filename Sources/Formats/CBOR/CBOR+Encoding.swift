// RFC 8949 §4.2.1: core deterministic encoding.

extension CBOR {
    /// The deterministic encoding of this item (RFC 8949 §4.2.1): shortest heads, definite
    /// lengths, map keys sorted bytewise by their encodings, floats in the shortest of half,
    /// single and double precision that keeps the value, every NaN as `0xf97e00` (§4.2.2).
    ///
    /// Traps on `.simple(24...31)`, which no well-formed encoding can carry (§3.3).
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        encode(into: &out)
        return out
    }

    /// Appends the deterministic encoding of this item to `out` (see ``encoded()``).
    public func encode(into out: inout [UInt8]) {
        switch self {
        case .unsigned(let n):
            CBOR.appendHead(major: 0, n, to: &out)
        case .negative(let n):
            CBOR.appendHead(major: 1, n, to: &out)
        case .bytes(let b):
            CBOR.appendHead(major: 2, UInt64(b.count), to: &out)
            out.append(contentsOf: b)
        case .text(let s):
            let utf8 = s.utf8
            CBOR.appendHead(major: 3, UInt64(utf8.count), to: &out)
            out.append(contentsOf: utf8)
        case .array(let a):
            CBOR.appendHead(major: 4, UInt64(a.count), to: &out)
            for element in a { element.encode(into: &out) }
        case .map(let m):
            CBOR.appendHead(major: 5, UInt64(m.count), to: &out)
            // RFC 8949 §4.2.1: keys sorted in the bytewise lexicographic order of their encodings.
            var keys = m.map { (encoding: $0.key.encoded(), value: $0.value) }
            keys.sort { $0.encoding.lexicographicallyPrecedes($1.encoding) }
            for entry in keys {
                out.append(contentsOf: entry.encoding)
                entry.value.encode(into: &out)
            }
        case .tagged(let tag, let content):
            CBOR.appendHead(major: 6, tag, to: &out)
            content.encode(into: &out)
        case .simple(let v):
            precondition(!(24...31).contains(v), "CBOR simple values 24…31 are not well-formed (RFC 8949 §3.3)")
            if v < 24 {
                out.append(0xe0 | v)
            } else {
                out.append(0xf8)
                out.append(v)
            }
        case .bool(let b):
            out.append(b ? 0xf5 : 0xf4)
        case .null:
            out.append(0xf6)
        case .undefined:
            out.append(0xf7)
        case .float(let d):
            CBOR.appendFloat(d, to: &out)
        }
    }

    /// Appends the shortest head (RFC 8949 §3, §4.2.1) of major type `major` with argument `n`.
    static func appendHead(major: UInt8, _ n: UInt64, to out: inout [UInt8]) {
        let mt = major << 5
        switch n {
        case 0..<24:
            out.append(mt | UInt8(n))
        case 24...0xff:
            out.append(mt | 24)
            out.append(UInt8(n))
        case 0x100...0xffff:
            out.append(mt | 25)
            appendBigEndian(n, byteCount: 2, to: &out)
        case 0x1_0000...0xffff_ffff:
            out.append(mt | 26)
            appendBigEndian(n, byteCount: 4, to: &out)
        default:
            out.append(mt | 27)
            appendBigEndian(n, byteCount: 8, to: &out)
        }
    }

    /// Appends the low `byteCount` bytes of `n`, most significant first (RFC 8949 §3: network
    /// byte order).
    static func appendBigEndian(_ n: UInt64, byteCount: Int, to out: inout [UInt8]) {
        var shift = (byteCount - 1) * 8
        while shift >= 0 {
            out.append(UInt8(truncatingIfNeeded: n >> UInt64(shift)))
            shift -= 8
        }
    }

    /// Appends `d` as the shortest float that keeps its value (RFC 8949 §4.2.1, §4.2.2).
    static func appendFloat(_ d: Double, to out: inout [UInt8]) {
        if let half = FloatWidth.halfBits(exactly: d) {
            out.append(0xf9)
            appendBigEndian(UInt64(half), byteCount: 2, to: &out)
        } else if let single = FloatWidth.singleBits(exactly: d) {
            out.append(0xfa)
            appendBigEndian(UInt64(single), byteCount: 4, to: &out)
        } else {
            out.append(0xfb)
            appendBigEndian(d.bitPattern, byteCount: 8, to: &out)
        }
    }
}
