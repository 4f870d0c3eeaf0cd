// HMAC-SHA256 (RFC 2104) through swift-crypto.
internal import Crypto

/// HMAC-SHA256 over byte strings.
public enum HMACSHA256 {
    /// Returns the 32-byte HMAC-SHA256 of `message` under `key`.
    public static func authenticationCode(key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
        var mac = HMAC<Crypto.SHA256>(key: SymmetricKey(data: Array(key)))
        mac.update(data: Array(message))
        return Array(mac.finalize())
    }

    /// Returns whether `code` is the HMAC-SHA256 of `message` under `key`, compared in constant
    /// time.
    public static func isValid(
        _ code: some Collection<UInt8>, key: some Collection<UInt8>, message: some Collection<UInt8>
    ) -> Bool {
        HMAC<Crypto.SHA256>.isValidAuthenticationCode(
            Array(code), authenticating: Array(message), using: SymmetricKey(data: Array(key)))
    }
}
