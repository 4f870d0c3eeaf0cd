// RFC 9052 §4.2: COSE_Sign1, the single-signer signature structure (CBOR tag 18).
//
//   COSE_Sign1 = [ protected: bstr .cbor header_map / bstr .size 0,
//                  unprotected: header_map, payload: bstr / nil, signature: bstr ]
public import CBOR

/// A COSE_Sign1 message (RFC 9052 §4.2).
///
/// `protectedBytes` is kept exactly as received: the signature covers those bytes, not a
/// re-encoding of `protectedHeader`. Build new messages with ``sign(protectedHeader:unprotectedHeader:payload:detached:key:externalAAD:)``.
public struct COSESign1: Sendable, Hashable {
    /// The serialized protected header: the content of the first element's byte string.
    public var protectedBytes: [UInt8]
    /// The protected header, decoded from `protectedBytes` (empty when they are empty).
    public var protectedHeader: [CBOR: CBOR]
    /// The unprotected header; the signature does not cover it.
    public var unprotectedHeader: [CBOR: CBOR]
    /// The payload, or nil when it is detached (RFC 9052 §2).
    public var payload: [UInt8]?
    /// The signature bytes.
    public var signature: [UInt8]

    /// The COSE_Sign1 tag (RFC 9052 §2).
    public static let tag: UInt64 = 18

    /// Creates a message from its parts as they are; nothing is checked or signed.
    public init(
        protectedBytes: [UInt8], protectedHeader: [CBOR: CBOR], unprotectedHeader: [CBOR: CBOR],
        payload: [UInt8]?, signature: [UInt8]
    ) {
        self.protectedBytes = protectedBytes
        self.protectedHeader = protectedHeader
        self.unprotectedHeader = unprotectedHeader
        self.payload = payload
        self.signature = signature
    }

    /// Parses a COSE_Sign1 message, tagged (18) or untagged, accepting any well-formed
    /// definite-length CBOR encoding (RFC 9052 §9 does not require deterministic encoding).
    /// Same as `parse(bytes, requireDeterministic: false)`.
    public static func parse(_ bytes: some Collection<UInt8>) throws(COSEError) -> COSESign1 {
        try parse(bytes, requireDeterministic: false)
    }

    /// Parses a COSE_Sign1 message, tagged (18) or untagged.
    ///
    /// Checks: one CBOR item within ``CBORLimits/default`` and no trailing bytes; a four-element
    /// array; the protected header a zero-length byte string or a byte string holding one map;
    /// the unprotected header a map; header labels integers or text, none in both headers; the
    /// payload a byte string or nil; the signature a byte string, 64 bytes when `alg` is EdDSA.
    /// With `requireDeterministic` the message and its protected header must be in deterministic
    /// encoding (RFC 8949 §4.2.1), so `encoded(tagged:)` reproduces the input.
    /// Throws ``COSEError`` naming the first problem.
    public static func parse(_ bytes: some Collection<UInt8>, requireDeterministic: Bool) throws(COSEError) -> COSESign1 {
        let item: CBOR
        do {
            item = try CBOR.decode(bytes, requireDeterministic: requireDeterministic)
        } catch {
            throw COSEError(.malformed, "the message is not acceptable CBOR: \(error)")
        }
        var body = item
        if case .tagged(let tag, let content) = item {
            guard tag == COSESign1.tag else {
                throw COSEError(.notCOSESign1, "the message has tag \(tag), not COSE_Sign1's \(COSESign1.tag)")
            }
            body = content
        }
        guard let elements = body.array, elements.count == 4 else {
            throw COSEError(.notCOSESign1, "a COSE_Sign1 is an array of four elements")
        }
        guard let protectedBytes = elements[0].byteString else {
            throw COSEError(.notCOSESign1, "the protected header must be a byte string")
        }
        let protectedHeader = try decodeProtectedHeader(protectedBytes, requireDeterministic: requireDeterministic)
        guard let unprotectedHeader = elements[1].map else {
            throw COSEError(.badUnprotectedHeader, "the unprotected header must be a map")
        }
        try checkLabels(unprotectedHeader, code: .badUnprotectedHeader, where: "unprotected")
        // RFC 9052 §3: a label must not occur in both buckets.
        for label in unprotectedHeader.keys where protectedHeader[label] != nil {
            throw COSEError(.duplicateLabel, "label \(label) is in both the protected and the unprotected header")
        }
        let payload: [UInt8]?
        switch elements[2] {
        case .bytes(let b): payload = b
        case .null: payload = nil
        default: throw COSEError(.notCOSESign1, "the payload must be a byte string or nil")
        }
        guard let signature = elements[3].byteString else {
            throw COSEError(.notCOSESign1, "the signature must be a byte string")
        }
        // RFC 9053 §2.2: an EdDSA (Ed25519) signature is 64 bytes.
        if protectedHeader[COSEHeaderLabel.key(COSEHeaderLabel.alg)] == .int(COSEAlgorithm.edDSA), signature.count != 64 {
            throw COSEError(.badSignatureLength, "an EdDSA signature is 64 bytes, not \(signature.count)")
        }
        return COSESign1(
            protectedBytes: protectedBytes, protectedHeader: protectedHeader, unprotectedHeader: unprotectedHeader,
            payload: payload, signature: signature)
    }

    /// RFC 9052 §3: the protected bucket is a zero-length bstr when empty, else a serialized map.
    private static func decodeProtectedHeader(_ bytes: [UInt8], requireDeterministic: Bool) throws(COSEError) -> [CBOR: CBOR] {
        if bytes.isEmpty { return [:] }
        let decoded: CBOR
        do {
            decoded = try CBOR.decode(bytes, requireDeterministic: requireDeterministic)
        } catch {
            throw COSEError(.badProtectedHeader, "the protected header is not acceptable CBOR: \(error)")
        }
        guard let header = decoded.map else {
            throw COSEError(.badProtectedHeader, "the protected header must serialize a map")
        }
        guard !header.isEmpty else {
            throw COSEError(.badProtectedHeader, "an empty protected header must be a zero-length byte string (RFC 9052 §3)")
        }
        try checkLabels(header, code: .badProtectedHeader, where: "protected")
        return header
    }

    /// RFC 9052 §3: `label = int / tstr`.
    private static func checkLabels(_ header: [CBOR: CBOR], code: COSEError.Code, where bucket: String) throws(COSEError) {
        for label in header.keys {
            switch label {
            case .unsigned, .negative, .text: continue
            default: throw COSEError(code, "the \(bucket) header has label \(label), which is neither an integer nor text")
            }
        }
    }

    /// The message as CBOR: tag 18 around the four-element array when `tagged`, else the bare
    /// array. The protected header is `protectedBytes` unchanged; the rest is deterministic.
    public func encoded(tagged: Bool = true) -> [UInt8] {
        let body = CBOR.array([
            .bytes(protectedBytes), .map(unprotectedHeader), payload.map { .bytes($0) } ?? .null, .bytes(signature),
        ])
        return (tagged ? CBOR.tagged(COSESign1.tag, body) : body).encoded()
    }

    /// The `alg` of the protected header as an integer, if it has one.
    public var algorithm: Int64? { protectedHeader[COSEHeaderLabel.key(COSEHeaderLabel.alg)]?.int64 }

    /// The `kid` (label 4) from the protected header, else from the unprotected one, if it is a
    /// byte string.
    public var keyID: [UInt8]? {
        let kid = COSEHeaderLabel.key(COSEHeaderLabel.kid)
        return (protectedHeader[kid] ?? unprotectedHeader[kid])?.byteString
    }
}
