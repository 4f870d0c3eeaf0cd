// What a witness keeps beside its key, outside its state (specs/witness.md, "What the witness
// keeps outside its state"): the ID of the state it belongs with and, per log, the newest tree
// it cosigned. A state that is lost, replaced by another witness's, or restored from an older
// backup while the key survives would let the witness cosign from `old 0` again — a second
// history. With the binding, start-up sees it and refuses.
//
//     receiptlog witness binding v1
//     state 5f0c3a9e2d7b41c68e1f0a2b3c4d5e6f
//     log 6578616d706c652e636f6d2f6c6f67 1204 9d6f…(64 hex digits)
//
// The state line comes first; one log line per log the witness has cosigned, its origin as
// lowercase hex of its bytes, the tree size in decimal, the root hash in lowercase hex.
import CryptoPrimitives
import LocalFiles
import Merkle

/// The binding between a witness's key and its state: the state's ID and, for each log, the
/// newest tree size and root hash the witness cosigned.
struct WitnessBinding: Equatable, Sendable {
    /// The newest tree the witness cosigned for one log.
    struct Mark: Equatable, Sendable {
        var treeSize: UInt64
        var rootHash: Hash
    }

    /// The state's ID: 32 lowercase hex digits, made when the state was.
    var stateID: String
    /// The newest cosigned tree per log.
    var marks: [LogOrigin: Mark]

    /// The file's first line.
    static let header = "receiptlog witness binding v1"
    /// The largest binding file read.
    static let maxBytes = 1 << 24

    init(stateID: String, marks: [LogOrigin: Mark] = [:]) {
        self.stateID = stateID
        self.marks = marks
    }

    /// A new state ID: 16 random bytes in hex.
    static func newStateID() -> String { Hex.encode(SecureRandom.bytes(16)) }

    /// The file's bytes: the header, the state line, then one line per log in origin order.
    var encoded: [UInt8] {
        var text = Self.header + "\nstate \(stateID)\n"
        for (origin, mark) in marks.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            text += "log \(Hex.encode(origin.utf8)) \(mark.treeSize) \(Hex.encode(mark.rootHash.bytes))\n"
        }
        return Array(text.utf8)
    }

    /// Parses a binding file; throws ``WitnessEngineError/Code/stateMismatch`` for anything but
    /// the exact form ``encoded`` writes.
    init(parsing bytes: [UInt8], path: String) throws(WitnessEngineError) {
        func bad(_ why: String) -> WitnessEngineError {
            WitnessEngineError(.stateMismatch, "\(path) is not a witness binding file: \(why)")
        }
        guard let text = String(validating: bytes, as: UTF8.self), text.hasSuffix("\n") else { throw bad("not UTF-8 lines") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()
        guard lines.count >= 2, lines[0] == Self.header else { throw bad("no \(Self.header) header") }
        let state = lines[1].split(separator: " ", omittingEmptySubsequences: false)
        guard state.count == 2, state[0] == "state", state[1].count == 32, Hex.decode(state[1]) != nil else {
            throw bad("line 2 is not: state <32 hex digits>")
        }
        var marks: [LogOrigin: Mark] = [:]
        for (n, line) in lines.dropFirst(2).enumerated() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 4, fields[0] == "log", let originBytes = Hex.decode(fields[1]),
                let origin = LogOrigin(utf8: originBytes), let size = UInt64(fields[2]),
                let root = try? Hash(hex: fields[3]), marks[origin] == nil
            else { throw bad("line \(n + 3) is not: log <origin hex> <size> <root hex>") }
            marks[origin] = Mark(treeSize: size, rootHash: root)
        }
        self.init(stateID: String(state[1]), marks: marks)
        guard encoded == bytes else { throw bad("not in canonical form") }
    }

    /// Reads the binding at `path`, or nil when there is none.
    static func load(_ path: String) throws(WitnessEngineError) -> WitnessBinding? {
        let bytes: [UInt8]?
        do {
            bytes = try LocalFile.read(path, limit: maxBytes)
        } catch {
            throw WitnessEngineError(.storage, "cannot read the witness binding: \(error.message)")
        }
        return try bytes.map { (b) throws(WitnessEngineError) in try WitnessBinding(parsing: b, path: path) }
    }

    /// Replaces the binding at `path` atomically and durably.
    func save(_ path: String) throws(WitnessEngineError) {
        do {
            try LocalFile.replace(path, bytes: encoded, mode: 0o600)
        } catch {
            throw WitnessEngineError(.storage, "cannot write the witness binding: \(error.message)")
        }
    }
}
