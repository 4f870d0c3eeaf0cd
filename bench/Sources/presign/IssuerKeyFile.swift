import Foundation
import Notes

/// Reads the issuer's private key file as `receiptlog keys generate` writes it: the
/// `PRIVATE+KEY+…` string followed by one newline.
enum IssuerKeyFile {
    /// The key in `path`; an Ed25519 key is required, as statements are signed with Ed25519.
    static func read(_ path: String) throws -> SignerKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("cannot read \(path)")
        }
        guard data.count <= SignerKey.maxEncodedCount + 1 else {
            throw UsageError("\(path) is not a private key file: longer than \(SignerKey.maxEncodedCount + 1) bytes")
        }
        var bytes = [UInt8](data)
        if bytes.last == 0x0A { bytes.removeLast() }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw UsageError("\(path) is not a private key file: not UTF-8")
        }
        let key: SignerKey
        do {
            key = try SignerKey(parsing: text)
        } catch {
            throw UsageError("\(path) is not a valid private key: \(error)")
        }
        guard key.type == .ed25519 else {
            throw UsageError("\(path) is a \(key.type) key; statements need an Ed25519 key")
        }
        return key
    }
}
