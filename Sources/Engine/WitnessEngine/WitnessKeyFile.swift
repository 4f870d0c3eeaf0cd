// The witness's private key file: `PRIVATE+KEY+<name>+<key ID>+<base64(0x04 ‖ seed)>` and a
// newline (the golang.org/x/mod/sumdb/note private key encoding), mode 0600.
import LocalFiles
public import Notes

/// Creates and reads the witness's `cosignature/v1` private key file.
public enum WitnessKeyFile {
    /// Reads the cosignature key at `path`, or creates one named `name` there if no file exists.
    ///
    /// Returns the key and whether it was created. A new file is created with `O_EXCL` and mode
    /// 0600, written, and synced together with its directory before this returns. An existing
    /// file must be a regular file of this user's that no one else may read or write (not a
    /// symbolic link), holding a `cosignature/v1` key (type 0x04) followed by at most one
    /// newline; if `name` is given it must be that key's name. Throws
    /// ``WitnessEngineError/Code/badKeyFile`` otherwise, or when the file cannot be read or
    /// written.
    public static func loadOrCreate(at path: String, name: String?) throws(WitnessEngineError) -> (key: SignerKey, created: Bool) {
        if let existing = try read(path) {
            if let name, !name.utf8.elementsEqual(existing.name.utf8) {
                throw WitnessEngineError(
                    .badKeyFile, "\(path) holds the key of \(existing.name), not \(name); the key name cannot change")
            }
            return (existing, false)
        }
        guard let name else {
            throw WitnessEngineError(.badKeyFile, "\(path) does not exist and no witness name was given to create it")
        }
        let key: SignerKey
        do {
            key = try SignerKey.generate(name: name, type: .cosignatureV1)
        } catch {
            throw WitnessEngineError(.badKeyFile, "cannot create a key named \(name): \(error.message)")
        }
        do {
            try LocalFile.create(path, bytes: Array((key.encoded + "\n").utf8), mode: 0o600)
        } catch {
            throw WitnessEngineError(.badKeyFile, error.message)
        }
        return (key, true)
    }

    /// The key at `path`, or nil when there is no file there.
    static func read(_ path: String) throws(WitnessEngineError) -> SignerKey? {
        let limit = SignerKey.maxEncodedCount + 1
        var bytes: [UInt8]
        do {
            guard let read = try LocalFile.read(path, limit: limit, privateFile: true) else { return nil }
            bytes = read
        } catch {
            throw WitnessEngineError(.badKeyFile, error.code == .tooLarge ? "\(path) is not a key file: longer than \(limit) bytes" : error.message)
        }
        if bytes.last == 0x0A { bytes.removeLast() }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw WitnessEngineError(.badKeyFile, "\(path) is not a key file: not UTF-8")
        }
        let key: SignerKey
        do {
            key = try SignerKey(parsing: text)
        } catch {
            throw WitnessEngineError(.badKeyFile, "\(path) is not a valid private key: \(error.message)")
        }
        guard key.type == .cosignatureV1 else {
            throw WitnessEngineError(.badKeyFile, "\(path) is not a cosignature/v1 key (type 0x04)")
        }
        return key
    }
}
