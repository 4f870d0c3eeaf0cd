import LocalFiles
import Notes

/// Private key files: the `PRIVATE+KEY+…` string followed by one newline, mode 0600, a regular
/// file of this user's (never read through a symbolic link, never when others may read it).
enum KeyFile {
    /// A key file problem, printed as one line.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Creates `path` with mode 0600 and writes the encoded key and a newline to it.
    ///
    /// Refuses to replace an existing file, and syncs the file and its directory before returning.
    static func write(_ key: SignerKey, to path: String) throws {
        do {
            try LocalFile.create(path, bytes: Array((key.encoded + "\n").utf8), mode: 0o600)
        } catch {
            throw Failure(description: error.message)
        }
    }

    /// Reads a private key file: the key string, optionally followed by one newline.
    static func read(from path: String) throws -> SignerKey {
        let limit = SignerKey.maxEncodedCount + 1
        var bytes: [UInt8]
        do {
            guard let read = try LocalFile.read(path, limit: limit, privateFile: true) else {
                throw Failure(description: "cannot read \(path): no such file")
            }
            bytes = read
        } catch let error as LocalFilesError {
            if error.code == .tooLarge { throw Failure(description: "\(path) is not a private key file: longer than \(limit) bytes") }
            throw Failure(description: error.message)
        }
        if bytes.last == 0x0A { bytes.removeLast() }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Failure(description: "\(path) is not a private key file: not UTF-8")
        }
        do {
            return try SignerKey(parsing: text)
        } catch {
            throw Failure(description: "\(path) is not a valid private key: \(error.message)")
        }
    }
}
