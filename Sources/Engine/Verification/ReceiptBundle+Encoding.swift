// specs/verify.md, "Receipt bundle": the strict, canonical text form of a bundle.
import CryptoPrimitives
import Merkle
import Notes
import Statements

extension ReceiptBundle {
    /// Parses a `receiptlog.dev/receipt-bundle@v1` bundle.
    ///
    /// Throws ``VerificationError/Code/badBundle`` unless the input is at most ``maxCount`` bytes
    /// and is exactly: the header line; `statement ` and canonical padded base64 of 1…65,535
    /// bytes; optionally `cose-receipt ` and canonical base64 of 1…16,384 bytes,
    /// the COSE receipt, which only the verifier parses; an empty line; then a `c2sp.org/tlog-proof@v1` proof
    /// without an `extra` line, as ``TlogProof/init(parsing:)`` accepts it. The message names the
    /// part that is wrong. Every accepted input re-encodes to itself.
    public init(parsing input: some Collection<UInt8>) throws(VerificationError) {
        guard input.count <= Self.maxCount else {
            throw VerificationError(.badBundle, "a bundle is at most \(Self.maxCount) bytes, not \(input.count)")
        }
        let bytes = Array(input)
        var position = 0
        func nextLine() throws(VerificationError) -> ArraySlice<UInt8> {
            guard let end = bytes[position...].firstIndex(of: 0x0A) else {
                throw VerificationError(.badBundle, "a bundle ends early, before its tlog-proof")
            }
            defer { position = end + 1 }
            return bytes[position..<end]
        }
        let first = try nextLine()
        let v2 = first.elementsEqual(Self.headerV2.utf8)
        guard v2 || first.elementsEqual(Self.header.utf8) else {
            throw VerificationError(.badBundle, "a bundle starts with the line \(Self.header) or \(Self.headerV2)")
        }
        var line = try nextLine()
        guard line.starts(with: Self.statementPrefix) else {
            throw VerificationError(.badBundle, "the second line of a bundle is 'statement <base64>'")
        }
        let statement: [UInt8]
        do {
            statement = try Base64.decode(utf8: line.dropFirst(Self.statementPrefix.count), maxCount: Self.maxStatementCount)
        } catch {
            throw VerificationError(
                .badBundle, "the statement is not canonical base64 of at most \(Self.maxStatementCount) bytes")
        }
        line = try nextLine()
        var coseReceiptBytes: [UInt8]?
        if line.starts(with: Self.coseReceiptPrefix) {
            do {
                coseReceiptBytes = try Base64.decode(
                    utf8: line.dropFirst(Self.coseReceiptPrefix.count), maxCount: Self.maxCOSEReceiptCount)
            } catch {
                throw VerificationError(
                    .badBundle, "the COSE receipt is not canonical base64 of at most \(Self.maxCOSEReceiptCount) bytes")
            }
            line = try nextLine()
        }
        var entries: [BundleEntry] = []
        var witnessed: [WitnessedCheckpoint] = []
        while v2, line.starts(with: Self.entryPrefix) {
            entries.append(try Self.entry(line.dropFirst(Self.entryPrefix.count)))
            line = try nextLine()
        }
        while v2, line.starts(with: Self.witnessedPrefix) {
            witnessed.append(try Self.witnessedCheckpoint(line.dropFirst(Self.witnessedPrefix.count)))
            line = try nextLine()
        }
        guard line.isEmpty else {
            throw VerificationError(.badBundle, "an empty line separates a bundle's statement lines from its tlog-proof")
        }
        guard !v2 || !(entries.isEmpty && witnessed.isEmpty) else {
            throw VerificationError(.badBundle, "a \(Self.headerV2) bundle has entry or witnessed lines; without them it is \(Self.header)")
        }
        let proof: TlogProof
        do {
            proof = try TlogProof(parsing: bytes[position...])
        } catch {
            throw VerificationError(.badBundle, "the tlog-proof is malformed: \(error.message)")
        }
        try self.init(
            statement: statement, proof: proof, coseReceiptBytes: coseReceiptBytes, entries: entries, witnessed: witnessed)
    }

    /// The bundle in the `receiptlog.dev/receipt-bundle@v1` format.
    public var encoded: [UInt8] {
        var head = headerLine + "\n"
        head += "statement " + Base64.encode(statement) + "\n"
        if let coseReceiptBytes { head += "cose-receipt " + Base64.encode(coseReceiptBytes) + "\n" }
        for e in entries {
            head += "entry \(e.index) \(Base64.encode(e.statement)) \(Self.proofText(e.inclusionProof))\n"
        }
        for w in witnessed {
            head += "witnessed \(Base64.encode(w.note.encoded)) \(Self.proofText(w.consistencyProof))\n"
        }
        head += "\n"
        return Array(head.utf8) + proof.encoded
    }

    /// `<index> <base64 entry> <proof>`.
    private static func entry(_ line: ArraySlice<UInt8>) throws(VerificationError) -> BundleEntry {
        let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, let index = Decimal64.parse(parts[0]) else {
            throw VerificationError(.badBundle, "an entry line is 'entry <index> <base64 entry> <proof>'")
        }
        let statement: [UInt8]
        do {
            statement = try Base64.decode(utf8: parts[1], maxCount: maxStatementCount)
        } catch {
            throw VerificationError(.badBundle, "entry \(index) is not canonical base64 of at most \(maxStatementCount) bytes")
        }
        return try BundleEntry(index: index, statement: statement, inclusionProof: try proof(parts[2]))
    }

    /// `<base64 note> <proof>`.
    private static func witnessedCheckpoint(_ line: ArraySlice<UInt8>) throws(VerificationError) -> WitnessedCheckpoint {
        let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw VerificationError(.badBundle, "a witnessed line is 'witnessed <base64 note> <proof>'")
        }
        let note: Note
        do {
            note = try Note(parsing: try Base64.decode(utf8: parts[0], maxCount: TlogProof.maxCount))
        } catch {
            throw VerificationError(.badBundle, "a witnessed checkpoint is not canonical base64 of a signed note: \(error.message)")
        }
        return try WitnessedCheckpoint(note: note, consistencyProof: try proof(parts[1]))
    }

    /// A proof: `-` when empty, else standard base64 hashes joined by commas.
    private static func proof(_ text: ArraySlice<UInt8>) throws(VerificationError) -> [Hash] {
        if text.elementsEqual("-".utf8) { return [] }
        var out: [Hash] = []
        for part in text.split(separator: 0x2C, omittingEmptySubsequences: false) {
            guard let bytes = try? Base64.decode(utf8: part, maxCount: Hash.count), let hash = try? Hash(bytes: bytes) else {
                throw VerificationError(.badBundle, "a proof is '-' or base64 hashes joined by commas")
            }
            out.append(hash)
        }
        guard out.count <= 64 else { throw VerificationError(.badBundle, "a proof has at most 64 hashes") }
        return out
    }

    private static func proofText(_ hashes: [Hash]) -> String {
        hashes.isEmpty ? "-" : hashes.map { Base64.encode($0.bytes) }.joined(separator: ",")
    }

    private static let entryPrefix = Array("entry ".utf8)
    private static let witnessedPrefix = Array("witnessed ".utf8)
    private static let statementPrefix = Array("statement ".utf8)
    private static let coseReceiptPrefix = Array("cose-receipt ".utf8)
}
