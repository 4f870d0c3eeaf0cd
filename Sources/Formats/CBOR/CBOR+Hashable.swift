// RFC 8949 §2: equality of data items in the CBOR data model. Equal items have equal
// deterministic encodings, which is what map-key uniqueness (§5.6) needs.

extension CBOR: Hashable {
    /// Whether two items are the same data item: see ``CBOR`` for the rules on text, floats and
    /// simple values.
    public static func == (lhs: CBOR, rhs: CBOR) -> Bool {
        switch (lhs.normalized, rhs.normalized) {
        case (.unsigned(let a), .unsigned(let b)): return a == b
        case (.negative(let a), .negative(let b)): return a == b
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.text(let a), .text(let b)): return a.utf8.elementsEqual(b.utf8)
        case (.array(let a), .array(let b)): return a == b
        case (.map(let a), .map(let b)): return a == b
        case (.tagged(let t, let a), .tagged(let u, let b)): return t == u && a == b
        case (.simple(let a), .simple(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null), (.undefined, .undefined): return true
        case (.float(let a), .float(let b)): return a.isNaN ? b.isNaN : a.bitPattern == b.bitPattern
        default: return false
        }
    }

    /// Hashes the item consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        switch normalized {
        case .unsigned(let n): hasher.combine(0 as UInt8); hasher.combine(n)
        case .negative(let n): hasher.combine(1 as UInt8); hasher.combine(n)
        case .bytes(let b): hasher.combine(2 as UInt8); hasher.combine(b)
        case .text(var s):
            hasher.combine(3 as UInt8)
            s.withUTF8 {
                hasher.combine($0.count)
                hasher.combine(bytes: UnsafeRawBufferPointer($0))
            }
        case .array(let a): hasher.combine(4 as UInt8); hasher.combine(a)
        case .map(let m): hasher.combine(5 as UInt8); hasher.combine(m)
        case .tagged(let t, let c): hasher.combine(6 as UInt8); hasher.combine(t); hasher.combine(c)
        case .simple(let v): hasher.combine(7 as UInt8); hasher.combine(v)
        case .bool(let v): hasher.combine(8 as UInt8); hasher.combine(v)
        case .null: hasher.combine(9 as UInt8)
        case .undefined: hasher.combine(10 as UInt8)
        case .float(let d):
            hasher.combine(11 as UInt8)
            hasher.combine(d.isNaN ? Double.nan.bitPattern : d.bitPattern)
        }
    }

    /// The same item with simple values 20…23 written as their named cases.
    private var normalized: CBOR {
        guard case .simple(let v) = self else { return self }
        switch v {
        case 20: return .bool(false)
        case 21: return .bool(true)
        case 22: return .null
        case 23: return .undefined
        default: return self
        }
    }
}
