import LocalFiles

/// Reads the input files of an issuance with a size limit, as ``IssuanceError``s.
enum InputReading {
    /// Reads all of `path` (`-` is standard input); `what` names it in the message. Throws
    /// `UNREADABLE_INPUT` when it cannot be read or is longer than `limit` bytes.
    static func read(_ path: String, limit: Int, what: String) throws(IssuanceError) -> [UInt8] {
        do {
            return try LocalFile.readInput(path, limit: limit, what: what)
        } catch {
            throw IssuanceError(.unreadableInput, error.message, underlying: error)
        }
    }

    /// The bytes of `input`: read from its file, or as given; either way at most `limit` bytes.
    static func bytes(of input: IssuanceRequest.Input, limit: Int, what: String) throws(IssuanceError) -> [UInt8] {
        switch input {
        case .file(let path): return try read(path, limit: limit, what: what)
        case .bytes(let bytes, let name):
            guard bytes.count <= limit else {
                throw IssuanceError(.unreadableInput, "\(what) \(name) is larger than \(limit) bytes")
            }
            return bytes
        }
    }
}
