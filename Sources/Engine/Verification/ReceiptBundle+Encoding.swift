// specs/verify.md, "Receipt bundle": the strict, canonical text form of a bundle.
import Notes
import Statements

extension ReceiptBundle {
    /// Parses a `receiptlog.dev/receipt-bundle@v1` bundle.
    ///
    /// Throws ``VerificationError/Code/badBundle`` unless the input is at most ``maxCount`` bytes
    /// and is exactly: the header line; `statement ` and canonical padded base64 of 1…65,535
    /// bytes; optionally `cose-receipt ` and canonical base64 of a receipt that
    /// ``COSEReceipt/parse(_:)`` accepts; an empty line; then a `c2sp.org/tlog-proof@v1` proof
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
        guard try nextLine().elementsEqual(Self.header.utf8) else {
            throw VerificationError(.badBundle, "a bundle starts with the line \(Self.header)")
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
        var coseReceipt: COSEReceipt?
        if line.starts(with: Self.coseReceiptPrefix) {
            let raw: [UInt8]
            do {
                raw = try Base64.decode(utf8: line.dropFirst(Self.coseReceiptPrefix.count), maxCount: Self.maxCOSEReceiptCount)
            } catch {
                throw VerificationError(
                    .badBundle, "the COSE receipt is not canonical base64 of at most \(Self.maxCOSEReceiptCount) bytes")
            }
            do {
                coseReceipt = try COSEReceipt.parse(raw)
            } catch {
                throw VerificationError(.badBundle, "the COSE receipt is malformed: \(error.message)")
            }
            line = try nextLine()
        }
        guard line.isEmpty else {
            throw VerificationError(.badBundle, "an empty line separates a bundle's statement lines from its tlog-proof")
        }
        let proof: TlogProof
        do {
            proof = try TlogProof(parsing: bytes[position...])
        } catch {
            throw VerificationError(.badBundle, "the tlog-proof is malformed: \(error.message)")
        }
        try self.init(statement: statement, proof: proof, coseReceipt: coseReceipt)
    }

    /// The bundle in the `receiptlog.dev/receipt-bundle@v1` format.
    public var encoded: [UInt8] {
        var head = Self.header + "\n"
        head += "statement " + Base64.encode(statement) + "\n"
        if let coseReceipt { head += "cose-receipt " + Base64.encode(coseReceipt.encoded()) + "\n" }
        head += "\n"
        return Array(head.utf8) + proof.encoded
    }

    private static let statementPrefix = Array("statement ".utf8)
    private static let coseReceiptPrefix = Array("cose-receipt ".utf8)
}
