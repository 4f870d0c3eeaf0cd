public import Statements
import CryptoPrimitives
import Foundation

/// The issuer's salts file (specs/receipt-profile.md §Salts file): the salt of every commitment
/// in one statement, as JSON, written with mode 0600 next to the statement and never published.
public struct SaltsFile: Codable, Equatable, Sendable {
    /// The commitment scheme the salts belong to.
    public var scheme: String
    /// Lower-case hex SHA-256 of the statement file the salts belong to.
    public var statement_sha256: String
    /// Field name → lower-case hex salt.
    public var salts: [String: String]

    /// The largest salts file read, in bytes.
    public static let maxCount = 64 << 10

    /// Creates a salts file.
    public init(scheme: String, statement_sha256: String, salts: [String: String]) {
        self.scheme = scheme
        self.statement_sha256 = statement_sha256
        self.salts = salts
    }

    /// The salts file of `statement`, whose commitments under `scheme` use `salts` (field name →
    /// salt).
    public init(statement: [UInt8], salts: [String: [UInt8]], scheme: CommitmentScheme = .hmacSHA256v1) {
        self.init(
            scheme: scheme.name, statement_sha256: Hex.encode(SHA256.digest(statement)), salts: salts.mapValues { Hex.encode($0) })
    }

    /// The JSON text: keys sorted, indented, with a final newline.
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { preconditionFailure("a SaltsFile always encodes") }
        return Array(data) + [0x0A]
    }

    /// The salts given to `receiptlog issue --salts`, read from `path`: a JSON object mapping
    /// field names to salts of the `hmac-sha256-v1` scheme in hex, `{"request": "<64 hex>", …}`
    /// (specs/receipt-profile.md §Issuing).
    ///
    /// Throws `UNREADABLE_INPUT` when the file cannot be read, and `BAD_SALTS` for a file that is
    /// not such an object, a key that is not a field name, and a salt that is not hex or not 32
    /// bytes. Which fields must appear is checked against the statement's commitments when the
    /// receipt is issued.
    public static func given(from path: String) throws(IssuanceError) -> [String: [UInt8]] {
        let bytes = try InputReading.read(path, limit: maxCount, what: "salts file")
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw IssuanceError(.badSalts, "\(path) is not JSON: expected {\"request\": \"<64 hex>\", \"response\": \"<64 hex>\", …}")
        }
        guard let map = object as? [String: Any] else {
            throw IssuanceError(.badSalts, "\(path) is not a JSON object of field names to hex salts")
        }
        let scheme = CommitmentScheme.hmacSHA256v1
        var salts: [String: [UInt8]] = [:]
        for name in map.keys.sorted() {
            do { _ = try CommitmentField(name) } catch {
                throw IssuanceError(.badSalts, "\(path): unknown field \"\(name.prefix(64))\": \(error.message)", underlying: error)
            }
            guard let text = map[name] as? String, let salt = Hex.decode(text) else {
                throw IssuanceError(.badSalts, "\(path): the \(name) salt is not a string of hex digits")
            }
            guard salt.count == scheme.saltCount else {
                throw IssuanceError(
                    .badSalts,
                    "\(path): the \(name) salt is \(salt.count) bytes; a \(scheme.name) salt is \(scheme.saltCount) bytes (\(scheme.saltCount * 2) hex digits)")
            }
            salts[name] = salt
        }
        return salts
    }

    /// The salt for `field` under `scheme` from the salt file at `path`: either a salts file, or a
    /// file that holds only the salt in hex (what an issuer hands an auditor to open one
    /// commitment).
    ///
    /// When `statement` is given and the file is a salts file, the file must belong to it: its
    /// `statement_sha256` must be the SHA-256 of those bytes. Throws `UNREADABLE_INPUT` when the
    /// file cannot be read, and `BAD_SALTS` when it is not a salts file, holds salts of another
    /// scheme or statement, has no salt for `field`, or the salt is not the scheme's length in hex.
    public static func salt(
        from path: String, field: CommitmentField, scheme: CommitmentScheme, statement: [UInt8]? = nil
    ) throws(IssuanceError) -> [UInt8] {
        let bytes = try InputReading.read(path, limit: maxCount, what: "salt file")
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let hex: String
        if text.hasPrefix("{") {
            let file: SaltsFile
            do {
                file = try JSONDecoder().decode(SaltsFile.self, from: Data(bytes))
            } catch {
                throw IssuanceError(.badSalts, "\(path) is not a salts file: expected {\"scheme\", \"statement_sha256\", \"salts\"}")
            }
            guard file.scheme == scheme.name else {
                throw IssuanceError(.badSalts, "\(path) holds \(file.scheme) salts, but the commitment uses \(scheme.name)")
            }
            if let statement, file.statement_sha256 != Hex.encode(SHA256.digest(statement)) {
                throw IssuanceError(.badSalts, "\(path) holds the salts of another statement (statement_sha256 differs)")
            }
            guard let salt = file.salts[field.name] else {
                throw IssuanceError(.badSalts, "\(path) holds no salt for field \(field.name)")
            }
            hex = salt
        } else {
            hex = text
        }
        guard let salt = Hex.decode(hex), salt.count == scheme.saltCount else {
            throw IssuanceError(.badSalts, "the salt in \(path) is not \(scheme.saltCount) bytes of hex")
        }
        return salt
    }
}
