// The log key in the data directory: DIR/log.key (made on first start, mode 0600) and
// DIR/log.vkey, its verifier key, rewritten at every start.
public import LogEngine
import LocalFiles
import Notes

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension LogDeployment {
    /// The file beside the key that records the newest checkpoint the key signed.
    public static let signedHeadFileName = "log.head"

    /// Reads DIR/log.key, or creates it (Ed25519, named `origin`) when no file is there (then
    /// `created` is true), and (re)writes DIR/log.vkey, the key's verifier key on one line.
    ///
    /// Throws ``LogServerError/Code/dataDirectory`` when the key cannot be read or made (a key
    /// file others may read, a symbolic link, not a key), or is not named `origin`.
    public static func logKey(directory: String, origin: String) throws(LogServerError) -> (signer: LogSigner, created: Bool) {
        let path = directory + "/log.key"
        let key: SignerKey
        let created: Bool
        // lstat, not stat: a symbolic link there is "a key exists", which the read then refuses.
        var info = stat()
        if lstat(path, &info) == 0 {
            key = try readKey(path)
            created = false
        } else {
            do {
                key = try SignerKey.generate(name: origin, type: .ed25519)
            } catch {
                throw LogServerError(.dataDirectory, "cannot make a log key named \(origin): \(error.message)", underlying: error)
            }
            do {
                try LocalFile.create(path, bytes: Array((key.encoded + "\n").utf8), mode: 0o600)
            } catch {
                throw LogServerError(.dataDirectory, error.message, underlying: error)
            }
            created = true
        }
        // DIR/log.vkey is derived from the key, never read: it is written at every start (a new
        // file, synced, renamed over the old one), so it names the key the log signs with whether
        // the key was made now, beforehand with `keys generate`, or on an earlier start.
        let vkeyPath = directory + "/log.vkey"
        do {
            try LocalFile.replace(vkeyPath, bytes: Array((key.verifierKey.encoded + "\n").utf8), mode: 0o644)
        } catch {
            throw LogServerError(.dataDirectory, "cannot replace verifier key \(vkeyPath): \(error.message)", underlying: error)
        }
        do {
            return (try LogSigner(key: key, origin: origin), created)
        } catch {
            throw LogServerError(.dataDirectory, "\(path): \(error.message)", underlying: error)
        }
    }

    /// Reads a private key file: the key string, optionally followed by one newline; a regular
    /// file of this user's that no one else may read.
    private static func readKey(_ path: String) throws(LogServerError) -> SignerKey {
        let limit = SignerKey.maxEncodedCount + 1
        let read: [UInt8]?
        do {
            read = try LocalFile.read(path, limit: limit, privateFile: true)
        } catch where error.code == .tooLarge {
            throw LogServerError(.dataDirectory, "\(path) is not a private key file: longer than \(limit) bytes", underlying: error)
        } catch {
            throw LogServerError(.dataDirectory, error.message, underlying: error)
        }
        guard var bytes = read else { throw LogServerError(.dataDirectory, "cannot read \(path): no such file") }
        if bytes.last == 0x0A { bytes.removeLast() }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw LogServerError(.dataDirectory, "\(path) is not a private key file: not UTF-8")
        }
        do {
            return try SignerKey(parsing: text)
        } catch {
            throw LogServerError(.dataDirectory, "\(path) is not a valid private key: \(error.message)", underlying: error)
        }
    }
}
