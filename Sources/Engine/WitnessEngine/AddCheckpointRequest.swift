// c2sp.org/tlog-witness v1.0.0 §add-checkpoint: the request body is an old size line, zero or
// more consistency proof lines, an empty line, then a checkpoint (a signed note).
public import Merkle
public import Notes
import CryptoPrimitives

/// The body of a `POST /add-checkpoint` request.
///
/// ```
/// old 20852014
/// PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
///
/// example.com/behind-the-sofa
/// 20852163
/// CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
///
/// — example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurm…
/// ```
///
/// Parsing is strict and canonical: ``encoded`` gives back exactly the parsed bytes. The
/// checkpoint note is parsed but no signature is verified here.
public struct AddCheckpointRequest: Hashable, Sendable {
    /// The tree size of the latest checkpoint the client believes the witness cosigned.
    public let oldSize: UInt64
    /// The RFC 6962 §2.1.2 consistency proof from ``oldSize`` to the checkpoint's tree size.
    public let proof: [Hash]
    /// The signed checkpoint note, signatures included, not yet verified.
    public let note: Note
    /// The checkpoint parsed from the note's text.
    public let checkpoint: Checkpoint

    /// "The client MUST NOT send more than 63 consistency proof lines."
    public static let maxProofCount = 63
    /// The largest body accepted, in bytes: the largest note (``Note/maxCount``) plus room for the
    /// old size line, 63 proof lines and the blank line.
    public static let maxCount = Note.maxCount + 4096

    /// Creates a request body from its parts.
    ///
    /// Throws ``WitnessEngineError/Code/malformedBody`` for more than ``maxProofCount`` proof
    /// hashes or a note whose text is not a checkpoint.
    public init(oldSize: UInt64, proof: [Hash], note: Note) throws(WitnessEngineError) {
        guard proof.count <= Self.maxProofCount else {
            throw WitnessEngineError(.malformedBody, "a request carries at most \(Self.maxProofCount) proof lines, not \(proof.count)")
        }
        self.oldSize = oldSize
        self.proof = proof
        self.note = note
        do {
            self.checkpoint = try Checkpoint(text: note.text)
        } catch {
            throw WitnessEngineError(.malformedBody, "the note is not a checkpoint: \(error.message)")
        }
    }

    /// Parses a request body.
    ///
    /// Throws ``WitnessEngineError/Code/malformedBody`` above ``maxCount`` bytes; unless the
    /// first line is `old <size>` (decimal, no leading zeros, below 2^64); for a proof line that
    /// is not the canonical base64 of 32 bytes, or more than ``maxProofCount`` of them; without
    /// the empty line before the checkpoint; and when the rest is not a signed note whose text is
    /// a checkpoint (c2sp.org/signed-note, c2sp.org/tlog-checkpoint). Every line ends in U+000A;
    /// a carriage return is never accepted.
    public init(parsing input: some Collection<UInt8>) throws(WitnessEngineError) {
        guard input.count <= Self.maxCount else {
            throw WitnessEngineError(.malformedBody, "a request body is at most \(Self.maxCount) bytes, not \(input.count)")
        }
        let bytes = Array(input)
        var start = 0
        // "Each line MUST terminate in a newline character (U+000A)."
        func nextLine() throws(WitnessEngineError) -> ArraySlice<UInt8> {
            guard start < bytes.count, let end = bytes[start...].firstIndex(of: 0x0A) else {
                throw WitnessEngineError(.malformedBody, "the body ends before the empty line that precedes the checkpoint")
            }
            defer { start = end + 1 }
            return bytes[start..<end]
        }
        let oldSize = try Self.parseOldSizeLine(nextLine())
        var proof: [Hash] = []
        while true {
            let line = try nextLine()
            if line.isEmpty { break }
            guard proof.count < Self.maxProofCount else {
                throw WitnessEngineError(.malformedBody, "a request carries at most \(Self.maxProofCount) proof lines")
            }
            proof.append(try Self.parseProofLine(line, number: proof.count + 1))
        }
        let note: Note
        do {
            note = try Note(parsing: bytes[start...])
        } catch {
            throw WitnessEngineError(.malformedBody, "the checkpoint is not a signed note: \(error.message)")
        }
        try self.init(oldSize: oldSize, proof: proof, note: note)
    }

    /// Parses "the string `old`, a single space (0x20), and the tree size of the previous
    /// checkpoint encoded as an ASCII decimal with no leading zeroes".
    static func parseOldSizeLine(_ line: ArraySlice<UInt8>) throws(WitnessEngineError) -> UInt64 {
        let prefix = Array("old ".utf8)
        guard line.starts(with: prefix) else {
            throw WitnessEngineError(.malformedBody, "the first line is 'old <size>'")
        }
        let digits = line.dropFirst(prefix.count)
        guard let size = parseDecimal(digits) else {
            throw WitnessEngineError(
                .malformedBody, "the old size is a decimal number below 2^64 without leading zeros")
        }
        return size
    }

    /// Parses a canonical decimal below 2^64: digits only, no sign, no leading zeros but "0".
    static func parseDecimal(_ digits: ArraySlice<UInt8>) -> UInt64? { Decimal64.parse(digits) }

    /// "Each consistency proof line MUST encode a single hash in base64."
    static func parseProofLine(_ line: ArraySlice<UInt8>, number: Int) throws(WitnessEngineError) -> Hash {
        let raw: [UInt8]
        do {
            raw = try Base64.decode(utf8: line, maxCount: Hash.count)
        } catch {
            throw WitnessEngineError(.malformedBody, "proof line \(number) is not canonical base64: \(error.message)")
        }
        guard raw.count == Hash.count, let hash = try? Hash(bytes: raw) else {
            throw WitnessEngineError(.malformedBody, "proof line \(number) is a 32-byte hash, not \(raw.count) bytes")
        }
        return hash
    }

    /// The request body: the old size line, one base64 line per proof hash, an empty line, then
    /// the signed checkpoint note.
    public var encoded: [UInt8] {
        var out = Array("old \(oldSize)\n".utf8)
        for hash in proof {
            out += Array(Base64.encode(hash.bytes).utf8)
            out.append(0x0A)
        }
        out.append(0x0A)
        out += note.encoded
        return out
    }
}
