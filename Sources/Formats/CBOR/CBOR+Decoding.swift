// RFC 8949 §3 (encoding), §4.2.1 (deterministic encoding), §5 (well-formedness and validity).

extension CBOR {
    /// Decodes exactly one data item from `bytes`.
    ///
    /// Decoding is bounded by `limits` and never traps on hostile input. It always rejects:
    /// trailing bytes after the item, indefinite lengths, reserved additional information 28–30,
    /// other ill-formed items, duplicate map keys (RFC 8949 §5.6), and text that is not valid
    /// UTF-8. With `requireDeterministic` it also rejects heads and floats that are not in their
    /// shortest form and maps whose keys are not sorted bytewise by their encodings (§4.2.1); then
    /// `decode(x).encoded() == x` for every accepted `x`.
    ///
    /// Tags are not interpreted: `.tagged(n, content)` holds any content.
    /// Throws ``CBORError`` with the code of the first problem found.
    @inlinable
    public static func decode(
        _ bytes: some Collection<UInt8>, limits: CBORLimits = .default, requireDeterministic: Bool = false
    ) throws(CBORError) -> CBOR {
        // Inlinable so the copy below is specialized at the caller (free for an Array); the work
        // is not generic.
        guard bytes.count <= limits.maxInputBytes else {
            throw CBORError(.inputTooLarge, "the input is \(bytes.count) bytes; the limit is \(limits.maxInputBytes)")
        }
        return try decode(array: Array(bytes), limits: limits, requireDeterministic: requireDeterministic)
    }

    /// ``decode(_:limits:requireDeterministic:)`` on an array whose size is already checked.
    @usableFromInline
    static func decode(array input: [UInt8], limits: CBORLimits, requireDeterministic: Bool) throws(CBORError) -> CBOR {
        var reader = CBORReader(input: input, limits: limits, requireDeterministic: requireDeterministic)
        let item = try reader.readItem(depth: 0)
        guard reader.position == input.count else {
            throw CBORError(.trailingBytes, "\(input.count - reader.position) bytes follow the data item at offset \(reader.position)")
        }
        return item
    }
}

/// A cursor over the input that reads one data item at a time, enforcing the limits.
struct CBORReader {
    let input: [UInt8]
    let limits: CBORLimits
    let requireDeterministic: Bool
    /// The offset of the next unread byte.
    private(set) var position = 0
    /// Data items read so far.
    private var itemCount = 0

    init(input: [UInt8], limits: CBORLimits, requireDeterministic: Bool) {
        self.input = input
        self.limits = limits
        self.requireDeterministic = requireDeterministic
    }

    private var remaining: Int { input.count - position }

    private mutating func readByte() throws(CBORError) -> UInt8 {
        guard position < input.count else {
            throw CBORError(.truncated, "the input ends at offset \(position) inside a data item")
        }
        defer { position += 1 }
        return input[position]
    }

    private mutating func readBigEndian(byteCount: Int) throws(CBORError) -> UInt64 {
        guard remaining >= byteCount else {
            throw CBORError(.truncated, "the input ends at offset \(input.count); \(byteCount) argument bytes were due at \(position)")
        }
        var n: UInt64 = 0
        for i in position..<(position + byteCount) { n = n << 8 | UInt64(input[i]) }
        position += byteCount
        return n
    }

    private mutating func readBytes(count: UInt64) throws(CBORError) -> ArraySlice<UInt8> {
        // Compare as UInt64 so a huge length cannot overflow Int.
        guard count <= UInt64(remaining) else {
            throw CBORError(.truncated, "a string of \(count) bytes at offset \(position) runs past the end of the input")
        }
        let end = position + Int(count)
        defer { position = end }
        return input[position..<end]
    }

    /// Reads the argument of a head whose initial byte had additional information `info`
    /// (RFC 8949 §3). `info` is 0…27; the caller has handled 28…31.
    private mutating func readArgument(info: UInt8, at start: Int) throws(CBORError) -> UInt64 {
        let n: UInt64
        let minimum: UInt64
        switch info {
        case 0..<24: return UInt64(info)
        case 24: n = try readBigEndian(byteCount: 1); minimum = 24
        case 25: n = try readBigEndian(byteCount: 2); minimum = 0x100
        case 26: n = try readBigEndian(byteCount: 4); minimum = 0x1_0000
        default: n = try readBigEndian(byteCount: 8); minimum = 0x1_0000_0000
        }
        // RFC 8949 §4.2.1: the argument must be as short as possible.
        if requireDeterministic && n < minimum {
            throw CBORError(.nonShortestEncoding, "the head at offset \(start) encodes \(n) in more bytes than needed")
        }
        return n
    }

    private mutating func countItem() throws(CBORError) {
        itemCount += 1
        guard itemCount <= limits.maxTotalItems else {
            throw CBORError(.tooManyItems, "the input holds more than \(limits.maxTotalItems) data items")
        }
    }

    /// Reads one data item at nesting depth `depth`.
    mutating func readItem(depth: Int) throws(CBORError) -> CBOR {
        try countItem()
        let start = position
        let initial = try readByte()
        let major = initial >> 5
        let info = initial & 0x1f
        switch info {
        case 28...30:
            throw CBORError(.reservedAdditionalInfo, "additional information \(info) at offset \(start) is reserved (RFC 8949 §3)")
        case 31:
            switch major {
            case 2...5:
                throw CBORError(.indefiniteLength, "an indefinite-length item at offset \(start); only definite lengths are accepted")
            case 7:
                throw CBORError(.malformed, "a break code at offset \(start) outside any indefinite-length item")
            default:
                throw CBORError(.malformed, "additional information 31 is not allowed with major type \(major) (offset \(start))")
            }
        default:
            break
        }
        if major == 7 { return try readMajorSeven(info: info, at: start) }
        let argument = try readArgument(info: info, at: start)
        switch major {
        case 0:
            return .unsigned(argument)
        case 1:
            return .negative(argument)
        case 2:
            return .bytes(Array(try readBytes(count: argument)))
        case 3:
            let utf8 = try readBytes(count: argument)
            guard let text = String(validating: utf8, as: UTF8.self) else {
                throw CBORError(.invalidUTF8, "the text string at offset \(start) is not valid UTF-8")
            }
            return .text(text)
        case 4:
            let count = try containerCount(argument, perItemBytes: 1, at: start)
            try checkDepth(depth + 1, at: start)
            var elements: [CBOR] = []
            elements.reserveCapacity(count)
            for _ in 0..<count { elements.append(try readItem(depth: depth + 1)) }
            return .array(elements)
        case 5:
            return try readMap(argument, depth: depth, at: start)
        default:  // 6
            try checkDepth(depth + 1, at: start)
            return .tagged(argument, try readItem(depth: depth + 1))
        }
    }

    private func checkDepth(_ depth: Int, at start: Int) throws(CBORError) {
        guard depth <= limits.maxDepth else {
            throw CBORError(.tooDeep, "the item at offset \(start) nests deeper than \(limits.maxDepth) levels")
        }
    }

    /// Checks a declared element (or entry) count against the limits and against what the rest
    /// of the input could hold, before anything is allocated for it.
    private func containerCount(_ declared: UInt64, perItemBytes: UInt64, at start: Int) throws(CBORError) -> Int {
        guard declared <= UInt64(limits.maxItemsPerContainer) else {
            throw CBORError(.tooManyItems, "the container at offset \(start) declares \(declared) items; the limit is \(limits.maxItemsPerContainer)")
        }
        guard declared * perItemBytes <= UInt64(remaining) else {
            throw CBORError(.truncated, "the container at offset \(start) declares \(declared) items but only \(remaining) bytes follow")
        }
        return Int(declared)
    }

    private mutating func readMap(_ declared: UInt64, depth: Int, at start: Int) throws(CBORError) -> CBOR {
        let count = try containerCount(declared, perItemBytes: 2, at: start)
        try checkDepth(depth + 1, at: start)
        var entries: [CBOR: CBOR] = [:]
        entries.reserveCapacity(count)
        var previousKey: Range<Int>? = nil
        for _ in 0..<count {
            let keyStart = position
            let key = try readItem(depth: depth + 1)
            let keyBytes = keyStart..<position
            if requireDeterministic, let previous = previousKey {
                // RFC 8949 §4.2.1: keys in bytewise lexicographic order of their (deterministic)
                // encodings; equal encodings are duplicates, reported below.
                let before = input[previous], this = input[keyBytes]
                if !before.elementsEqual(this) && !before.lexicographicallyPrecedes(this) {
                    throw CBORError(.unsortedMapKeys, "the map key at offset \(keyStart) sorts before the key preceding it")
                }
            }
            previousKey = keyBytes
            let value = try readItem(depth: depth + 1)
            // RFC 8949 §5.6: keys that are the same data item make the map invalid.
            guard entries.updateValue(value, forKey: key) == nil else {
                throw CBORError(.duplicateMapKey, "the map at offset \(start) repeats the key at offset \(keyStart)")
            }
        }
        return .map(entries)
    }

    /// Reads simple values and floats (major type 7, RFC 8949 §3.3); `info` is 0…27.
    private mutating func readMajorSeven(info: UInt8, at start: Int) throws(CBORError) -> CBOR {
        switch info {
        case 0..<20: return .simple(info)
        case 20: return .bool(false)
        case 21: return .bool(true)
        case 22: return .null
        case 23: return .undefined
        case 24:
            let value = try readByte()
            // RFC 8949 §3.3: a two-byte simple value below 32 is not well-formed.
            guard value >= 32 else {
                throw CBORError(.malformed, "the two-byte simple value \(value) at offset \(start) is not well-formed (must be ≥ 32)")
            }
            return .simple(value)
        case 25:
            let value = FloatWidth.double(fromHalf: UInt16(try readBigEndian(byteCount: 2)))
            try checkShortestFloat(value, at: start)
            return .float(value)
        case 26:
            let value = Double(Float(bitPattern: UInt32(try readBigEndian(byteCount: 4))))
            try checkShortestFloat(value, at: start)
            return .float(value)
        default:  // 27
            let value = Double(bitPattern: try readBigEndian(byteCount: 8))
            try checkShortestFloat(value, at: start)
            return .float(value)
        }
    }

    /// With `requireDeterministic`, checks that the float just read (from `start` to `position`)
    /// is exactly the shortest encoding of its value (RFC 8949 §4.2.1, NaN as in §4.2.2).
    private func checkShortestFloat(_ value: Double, at start: Int) throws(CBORError) {
        guard requireDeterministic else { return }
        var shortest: [UInt8] = []
        CBOR.appendFloat(value, to: &shortest)
        guard input[start..<position].elementsEqual(shortest) else {
            throw CBORError(.nonShortestEncoding, "the float at offset \(start) is not in its shortest form")
        }
    }
}
