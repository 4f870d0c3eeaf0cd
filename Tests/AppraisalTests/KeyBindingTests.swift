import Appraisal
import Crypto
import Foundation
import Testing

/// specs/evidence.md §5: each key-binding method recomputed from the issuer key.
@Suite struct KeyBindingTests {
    let key = [UInt8](repeating: 0x42, count: 32)
    let other = [UInt8](repeating: 0x43, count: 32)

    func report(_ platform: EvidencePlatform, _ fields: [String: [UInt8]]) -> AppraisalReport {
        var r = AppraisalReport(platform: platform, instant: Date(timeIntervalSince1970: 0))
        r.bindingFields = fields
        return r
    }

    @Test func reportDataMethods() {
        let sha256 = Array(SHA256.hash(data: key))
        let sha512 = Array(SHA512.hash(data: key))
        for platform in [EvidencePlatform.sevSNP, .tdx] {
            // "starts with": bytes 32-63 are free under the SHA-256 method.
            let r256 = report(platform, ["report_data": sha256 + [UInt8](repeating: 7, count: 32)])
            #expect(KeyBinding.check(method: "report-data-sha256-pubkey", key: key, nonce: nil, report: r256).status == .pass)
            #expect(KeyBinding.check(method: "report-data-sha256-pubkey", key: other, nonce: nil, report: r256).status == .fail)
            let r512 = report(platform, ["report_data": sha512])
            #expect(KeyBinding.check(method: "report-data-sha512-pubkey", key: key, nonce: nil, report: r512).status == .pass)
            #expect(KeyBinding.check(method: "report-data-sha512-pubkey", key: other, nonce: nil, report: r512).status == .fail)
            // The SHA-512 method compares all 64 bytes: a SHA-256 layout fails it.
            #expect(KeyBinding.check(method: "report-data-sha512-pubkey", key: key, nonce: nil, report: r256).status == .fail)
            // Nitro methods do not apply.
            #expect(KeyBinding.check(method: "nitro-public-key", key: key, nonce: nil, report: r512).status == .fail)
        }
        // No verified report data (the signature failed): FAIL, never PASS.
        #expect(KeyBinding.check(method: "report-data-sha512-pubkey", key: key, nonce: nil, report: report(.tdx, [:])).status == .fail)
    }

    @Test func nitroMethods() {
        #expect(KeyBinding.check(method: "nitro-public-key", key: key, nonce: nil, report: report(.nitro, ["public_key": key])).status == .pass)
        #expect(KeyBinding.check(method: "nitro-public-key", key: key, nonce: nil, report: report(.nitro, ["public_key": other])).status == .fail)
        let json = "{\"hpke_public_key\":[\(other.map(String.init).joined(separator: ","))],\"receipt_signing_key\":[\(key.map(String.init).joined(separator: ","))],\"protocol_version\":1,\"supported_features\":[]}"
        let air = report(.nitro, ["user_data": Array(json.utf8)])
        #expect(KeyBinding.check(method: "air-v1-user-data", key: key, nonce: nil, report: air).status == .pass)
        #expect(KeyBinding.check(method: "air-v1-user-data", key: other, nonce: nil, report: air).status == .fail)
        let short = report(.nitro, ["user_data": Array("{\"receipt_signing_key\":[1,2,3]}".utf8)])
        #expect(KeyBinding.check(method: "air-v1-user-data", key: key, nonce: nil, report: short).status == .fail)
        let big = report(.nitro, ["user_data": Array("{\"receipt_signing_key\":[\([Int](repeating: 256, count: 32).map(String.init).joined(separator: ","))]}".utf8)])
        #expect(KeyBinding.check(method: "air-v1-user-data", key: key, nonce: nil, report: big).status == .fail)
    }

    @Test func nonceMethodIsDomainSeparatedSHA512() {
        let nonce = [UInt8](repeating: 9, count: 32)
        // SHA-512("receiptlog/v1/key-binding" || 0x00 || key || nonce), computed independently here.
        let expected = Array(SHA512.hash(data: Array("receiptlog/v1/key-binding".utf8) + [0] + key + nonce))
        #expect(KeyBindingMethod.keyNonceDigest(key: key, nonce: nonce) == expected)
        #expect(KeyBindingMethod.nonceDomain.count == 26)
        for (platform, field) in [(EvidencePlatform.sevSNP, "report_data"), (.tdx, "report_data"), (.nitro, "user_data")] {
            let r = report(platform, [field: expected])
            #expect(KeyBinding.check(method: "receiptlog-key-nonce-v1", key: key, nonce: nonce, report: r).status == .pass)
            #expect(KeyBinding.check(method: "receiptlog-key-nonce-v1", key: key, nonce: [UInt8](repeating: 8, count: 32), report: r).status == .fail)
            #expect(KeyBinding.check(method: "receiptlog-key-nonce-v1", key: key, nonce: nil, report: r).status == .fail)
        }
    }

    @Test func unknownMethodIsNotCheckedAndRequired() {
        let check = KeyBinding.check(method: "tinfoil-tls-fingerprint", key: key, nonce: nil, report: report(.tdx, ["report_data": key + key]))
        #expect(check.status == .notChecked && check.required)
    }
}
