// APPRAISAL.md rule 9: the binding of the receipt's Ed25519 issuer key into the evidence is
// recomputed from the key and compared byte for byte with the signed field, never read from the
// evidence and trusted. specs/evidence.md §Key binding defines each method byte by byte.
import Foundation
import Crypto
import CryptoPrimitives

/// The key-binding methods this appraiser recomputes (specs/receipt-profile.md `key_binding`).
public enum KeyBindingMethod: String, Hashable, Sendable, CaseIterable {
    /// REPORT_DATA / REPORTDATA bytes 0–31 are SHA-256 of the 32-byte key; bytes 32–63 are not
    /// constrained (specs/receipt-profile.md: "starts with").
    case reportDataSHA256 = "report-data-sha256-pubkey"
    /// REPORT_DATA / REPORTDATA, all 64 bytes, is SHA-512 of the 32-byte key.
    case reportDataSHA512 = "report-data-sha512-pubkey"
    /// The Nitro document's `public_key` is the 32-byte key itself.
    case nitroPublicKey = "nitro-public-key"
    /// AIR v1 (EphemeralML): the Nitro document's `user_data` is a JSON object whose
    /// `receipt_signing_key` is the key as an array of 32 integers 0…255.
    case airV1UserData = "air-v1-user-data"
    /// Ours: all 64 bytes of REPORT_DATA / REPORTDATA, or the Nitro `user_data`, are
    /// SHA-512("receiptlog/v1/key-binding\0" ‖ key ‖ nonce) with a 32-byte nonce.
    case receiptlogKeyNonce = "receiptlog-key-nonce-v1"

    /// The domain separator of ``receiptlogKeyNonce``, NUL included (26 bytes).
    public static let nonceDomain: [UInt8] = Array("receiptlog/v1/key-binding".utf8) + [0]

    /// The 64 bytes ``receiptlogKeyNonce`` expects for `key` and `nonce`.
    public static func keyNonceDigest(key: [UInt8], nonce: [UInt8]) -> [UInt8] {
        Array(SHA512.hash(data: nonceDomain + key + nonce))
    }
}

/// Recomputes a key binding against an appraisal report.
public enum KeyBinding {
    /// The `key-binding` check of `report` for the issuer `key` (32 bytes) under `method`, with the
    /// `nonce` the evidence statement carries. An unknown method is NOT_CHECKED (required); a
    /// method that does not apply to the platform, a missing field or a mismatch is FAIL.
    public static func check(method name: String, key: [UInt8], nonce: [UInt8]?, report: AppraisalReport) -> AppraisalCheck {
        let check = "key-binding"
        guard let method = KeyBindingMethod(rawValue: name) else {
            return .notChecked(check, "the key-binding method \(name) is not one this verifier knows (known: \(KeyBindingMethod.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard key.count == 32 else { return .fail(check, "the issuer key is \(key.count) bytes, not 32") }
        let field: String
        let expected: [UInt8]
        // Whether the whole field is the binding, or only its first bytes (SHA-256: "starts with").
        let whole: Bool
        switch (method, report.platform) {
        case (.reportDataSHA256, .sevSNP), (.reportDataSHA256, .tdx):
            (field, expected, whole) = ("report_data", Array(SHA256.hash(data: key)), false)
        case (.reportDataSHA512, .sevSNP), (.reportDataSHA512, .tdx):
            (field, expected, whole) = ("report_data", Array(SHA512.hash(data: key)), true)
        case (.receiptlogKeyNonce, _):
            guard let nonce, nonce.count == 32 else {
                return .fail(check, "\(method.rawValue) needs the 32-byte nonce of the evidence statement; \(nonce.map { "it has \($0.count) bytes" } ?? "there is none")")
            }
            field = report.platform == .nitro ? "user_data" : "report_data"
            (expected, whole) = (KeyBindingMethod.keyNonceDigest(key: key, nonce: nonce), true)
        case (.nitroPublicKey, .nitro):
            (field, expected, whole) = ("public_key", key, true)
        case (.airV1UserData, .nitro):
            guard let userData = report.bindingFields["user_data"] else {
                return .fail(check, "the Nitro document has no signed user_data")
            }
            guard let found = airV1ReceiptKey(userData) else {
                return .fail(check, "user_data is not AIR v1 JSON with a receipt_signing_key of 32 integers")
            }
            return .check(check, found == key,
                          pass: "user_data.receipt_signing_key (AIR v1) is the issuer key \(Hex.encode(key))",
                          fail: "user_data.receipt_signing_key is \(Hex.encode(found)), the issuer key is \(Hex.encode(key))")
        default:
            return .fail(check, "\(method.rawValue) does not apply to \(report.platform.rawValue) evidence")
        }
        guard let found = report.bindingFields[field] else {
            return .fail(check, "the evidence has no verified \(field) to bind the key to")
        }
        let compare = expected.count
        guard whole ? found.count == compare : found.count >= compare else {
            return .fail(check, "\(field) is \(found.count) bytes; \(method.rawValue) compares \(compare)")
        }
        let got = Array(found.prefix(compare))
        return .check(check, got == expected,
                      pass: "\(field)[0..<\(compare)] = \(method.rawValue) of the issuer key \(Hex.encode(key))",
                      fail: "\(field)[0..<\(compare)] is \(Hex.encode(got)); \(method.rawValue) of the issuer key \(Hex.encode(key)) is \(Hex.encode(expected))")
    }

    /// `receipt_signing_key` of AIR v1's user_data JSON, or nil.
    static func airV1ReceiptKey(_ userData: [UInt8]) -> [UInt8]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(userData)) as? [String: Any],
              let array = object["receipt_signing_key"] as? [Any], array.count == 32
        else { return nil }
        var out: [UInt8] = []
        for element in array {
            guard let n = element as? Int, (0...255).contains(n) else { return nil }
            out.append(UInt8(n))
        }
        return out
    }
}
