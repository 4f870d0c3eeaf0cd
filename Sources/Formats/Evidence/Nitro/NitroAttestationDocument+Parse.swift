// Parsing a Nitro attestation document (aws/aws-nitro-enclaves-nsm-api
// docs/attestation_process.md §3.1 and §3.2.2). Strict except where real NSM output departs from
// the text: the document is not deterministic CBOR (its map keys are in NSM order, not sorted),
// and absent optional fields are CBOR null although §3.2.2.1 says no field may be null.
import CBOR
import COSE

extension NitroAttestationDocument {
    /// The payload keys §3.2.2.1 allows; any other key is refused.
    static let knownKeys: Set<String> = [
        "module_id", "digest", "timestamp", "pcrs", "certificate", "cabundle", "public_key", "user_data", "nonce",
    ]

    /// Parses a signed attestation document: a COSE_Sign1, untagged (as the NSM returns it) or
    /// with tag 18.
    ///
    /// Checks, in order (specs/evidence.md §Nitro): at most ``maxEncodedBytes``; one CBOR item
    /// with no trailing bytes; a COSE_Sign1 whose protected header is exactly `{1: -35}` (ES384),
    /// whose unprotected header is empty, whose payload is present and at most
    /// ``maxPayloadBytes``, and whose signature is 96 bytes; a payload that is one CBOR map with
    /// text keys, only the nine of §3.2.2.1; then each field by §3.2.2.2.
    ///
    /// Throws `tooLarge` for the input or payload bound, `trailingBytes` for bytes after the
    /// message, `truncated` for a message cut short, `unsupported` for an algorithm other than
    /// ES384 or a digest other than SHA384, and `malformed` for every other broken rule.
    public static func parse(_ bytes: some Collection<UInt8>) throws(EvidenceError) -> Self {
        let input = Array(bytes)
        guard input.count <= maxEncodedBytes else {
            throw EvidenceError(.tooLarge, "a Nitro document is at most \(maxEncodedBytes) bytes; this one is \(input.count)")
        }
        let message: COSESign1
        do {
            message = try COSESign1.parse(input)
        } catch {
            throw classify(error, input)
        }

        // §3.1: {1: -35}, the protected header of ES384.
        let alg = COSEHeaderLabel.key(COSEHeaderLabel.alg)
        guard let algorithm = message.protectedHeader[alg] else {
            throw EvidenceError(.malformed, "the protected header has no alg (label 1); expected {1: -35}")
        }
        guard algorithm == .int(-35) else {
            throw EvidenceError(.unsupported, "the protected header names alg \(kind(algorithm)); expected -35 (ES384)")
        }
        guard message.protectedHeader.count == 1 else {
            throw EvidenceError(.malformed, "the protected header has \(message.protectedHeader.count) labels; expected exactly {1: -35}")
        }
        guard message.unprotectedHeader.isEmpty else {
            throw EvidenceError(.malformed, "the unprotected header has \(message.unprotectedHeader.count) labels; expected an empty map")
        }
        guard let payload = message.payload else {
            throw EvidenceError(.malformed, "the payload is detached (nil); expected the attestation document")
        }
        guard payload.count <= maxPayloadBytes else {
            throw EvidenceError(.tooLarge, "the payload is \(payload.count) bytes; the limit is \(maxPayloadBytes) (§3.1)")
        }
        // ES384 (RFC 9053 §2.1): r ‖ s, 48 bytes each.
        guard message.signature.count == 96 else {
            throw EvidenceError(.malformed, "the ES384 signature is \(message.signature.count) bytes; expected 96 (r ‖ s)")
        }

        let fields = try payloadMap(payload)
        let moduleID = try text(fields, "module_id")
        guard !moduleID.isEmpty else { throw EvidenceError(.malformed, "module_id is empty; expected a non-empty text (§3.2.2.2)") }
        let digest = try text(fields, "digest")
        guard digest == "SHA384" else {
            throw EvidenceError(.unsupported, "digest is \"\(digest)\"; expected \"SHA384\" (§3.2.2.2)")
        }
        let timestampValue = try mandatory(fields, "timestamp")
        guard let timestampItem = timestampValue.uint64 else {
            throw EvidenceError(.malformed, "timestamp is \(kind(timestampValue)); expected an unsigned integer (§3.2.2.2)")
        }
        guard timestampItem > 0 else { throw EvidenceError(.malformed, "timestamp is 0; expected milliseconds > 0 (§3.2.2.2)") }
        guard timestampItem <= maxTimestamp else {
            throw EvidenceError(.malformed, "timestamp \(timestampItem) ms is after year 9999; expected at most \(maxTimestamp)")
        }
        let pcrs = try pcrMap(mandatory(fields, "pcrs"))
        let certificate = try certificateBytes(mandatory(fields, "certificate"), field: "certificate")
        let bundleValue = try mandatory(fields, "cabundle")
        guard let bundle = bundleValue.array else {
            throw EvidenceError(.malformed, "cabundle is \(kind(bundleValue)); expected an array of byte strings (§3.2.2.2)")
        }
        guard !bundle.isEmpty else { throw EvidenceError(.malformed, "cabundle is empty; expected at least the root (§3.2.2.2)") }
        var cabundle: [[UInt8]] = []
        for (i, entry) in bundle.enumerated() {
            cabundle.append(try certificateBytes(entry, field: "cabundle[\(i)]"))
        }
        return NitroAttestationDocument(
            moduleID: moduleID, digest: digest, timestamp: timestampItem, pcrs: pcrs, certificate: certificate,
            cabundle: cabundle,
            publicKey: try optionalBytes(fields, "public_key", minimum: 1),
            userData: try optionalBytes(fields, "user_data", minimum: 0),
            nonce: try optionalBytes(fields, "nonce", minimum: 0),
            protectedHeader: message.protectedBytes, payload: payload, signature: message.signature)
    }

    /// Maps a COSE error to the evidence error of the same kind. COSE reports every CBOR failure
    /// as `malformed`; decoding once more recovers the CBOR code (trailing bytes, truncation).
    private static func classify(_ error: COSEError, _ input: [UInt8]) -> EvidenceError {
        guard error.code == .malformed else {
            return EvidenceError(.malformed, "not a COSE_Sign1 (RFC 9052 §4.2): \(error.message)")
        }
        do {
            _ = try CBOR.decode(input)
        } catch {
            switch error.code {
            case .trailingBytes: return EvidenceError(.trailingBytes, "bytes follow the COSE_Sign1: \(error.message)")
            case .truncated: return EvidenceError(.truncated, "the COSE_Sign1 is cut short: \(error.message)")
            case .inputTooLarge: return EvidenceError(.tooLarge, error.message)
            default: return EvidenceError(.malformed, "the document is not acceptable CBOR: \(error)")
            }
        }
        return EvidenceError(.malformed, "not a COSE_Sign1 (RFC 9052 §4.2): \(error.message)")
    }

    /// The payload as a map from text keys, each one of ``knownKeys``.
    private static func payloadMap(_ payload: [UInt8]) throws(EvidenceError) -> [String: CBOR] {
        let item: CBOR
        do {
            item = try CBOR.decode(payload)
        } catch {
            throw EvidenceError(.malformed, "the payload is not one CBOR item: \(error)")
        }
        guard let map = item.map else {
            throw EvidenceError(.malformed, "the payload is not a CBOR map; expected the attestation document map (§2.2)")
        }
        var fields: [String: CBOR] = [:]
        for (key, value) in map {
            guard let name = key.textString else {
                throw EvidenceError(.malformed, "the payload has key \(kind(key)); expected text keys only (§3.2.2.1)")
            }
            guard knownKeys.contains(name) else {
                throw EvidenceError(.malformed, "the payload has unknown key \"\(name)\"; expected only \(knownKeys.sorted().joined(separator: ", "))")
            }
            fields[name] = value
        }
        return fields
    }

    /// A mandatory field; CBOR null counts as missing.
    private static func mandatory(_ fields: [String: CBOR], _ name: String) throws(EvidenceError) -> CBOR {
        guard let value = fields[name], value != .null else {
            throw EvidenceError(.malformed, "the mandatory field \(name) is missing (§3.2.2.1)")
        }
        return value
    }

    private static func text(_ fields: [String: CBOR], _ name: String) throws(EvidenceError) -> String {
        let value = try mandatory(fields, name)
        guard let text = value.textString else {
            throw EvidenceError(.malformed, "\(name) is \(kind(value)); expected a text string (§3.2.2.2)")
        }
        return text
    }

    /// §3.2.2.2 `pcrs`: 1 to 32 entries, integer keys in [0, 32), byte strings of 32, 48 or 64 bytes.
    private static func pcrMap(_ value: CBOR) throws(EvidenceError) -> [UInt: [UInt8]] {
        guard let map = value.map else {
            throw EvidenceError(.malformed, "pcrs is \(kind(value)); expected a map (§3.2.2.2)")
        }
        guard (1...32).contains(map.count) else {
            throw EvidenceError(.malformed, "pcrs has \(map.count) entries; expected 1 to 32 (§3.2.2.2)")
        }
        var pcrs: [UInt: [UInt8]] = [:]
        for (key, entry) in map {
            guard let index = key.uint64, index < 32 else {
                throw EvidenceError(.malformed, "pcrs has key \(kind(key)); expected an integer index 0 to 31 (§3.2.2.2)")
            }
            guard let bytes = entry.byteString else {
                throw EvidenceError(.malformed, "PCR\(index) is \(kind(entry)); expected a byte string (§3.2.2.2)")
            }
            guard [32, 48, 64].contains(bytes.count) else {
                throw EvidenceError(.malformed, "PCR\(index) is \(bytes.count) bytes; expected 32, 48 or 64 (§3.2.2.2)")
            }
            pcrs[UInt(index)] = bytes
        }
        return pcrs
    }

    /// §2.2 `cert = bytes .size (1..1024)`.
    private static func certificateBytes(_ value: CBOR, field: String) throws(EvidenceError) -> [UInt8] {
        guard let bytes = value.byteString else {
            throw EvidenceError(.malformed, "\(field) is \(kind(value)); expected a byte string holding a DER certificate (§3.2.2.2)")
        }
        guard (1...maxCertificateBytes).contains(bytes.count) else {
            throw EvidenceError(.malformed, "\(field) is \(bytes.count) bytes; expected 1 to \(maxCertificateBytes) (§2.2)")
        }
        return bytes
    }

    /// An optional byte-string field: absent or CBOR null gives nil (real NSM output writes null
    /// for absent fields); any other non-byte-string type is refused.
    private static func optionalBytes(_ fields: [String: CBOR], _ name: String, minimum: Int) throws(EvidenceError) -> [UInt8]? {
        guard let value = fields[name], value != .null else { return nil }
        guard let bytes = value.byteString else {
            throw EvidenceError(.malformed, "\(name) is \(kind(value)); expected a byte string or null (§3.2.2.2)")
        }
        guard (minimum...maxUserFieldBytes).contains(bytes.count) else {
            throw EvidenceError(.malformed, "\(name) is \(bytes.count) bytes; expected \(minimum) to \(maxUserFieldBytes) (§2.2)")
        }
        return bytes
    }

    /// A short description of an item for messages: its type, and its value when small.
    static func kind(_ item: CBOR) -> String {
        switch item {
        case .unsigned(let n): "the integer \(n)"
        case .negative(let n): n < UInt64(Int64.max) ? "the integer \(-1 - Int64(n))" : "a negative integer"
        case .bytes(let b): "a byte string of \(b.count) bytes"
        case .text(let t): t.utf8.count <= 32 ? "the text \"\(t)\"" : "a text string of \(t.utf8.count) bytes"
        case .array(let a): "an array of \(a.count) items"
        case .map(let m): "a map of \(m.count) entries"
        case .tagged(let tag, _): "an item with tag \(tag)"
        case .simple(let v): "the simple value \(v)"
        case .bool(let v): "\(v)"
        case .null: "null"
        case .undefined: "undefined"
        case .float(let v): "the float \(v)"
        }
    }
}
