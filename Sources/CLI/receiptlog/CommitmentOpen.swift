import CryptoPrimitives
import ArgumentParser
import Issuance
import Statements

/// `receiptlog commitment open`: checks that disclosed data and a salt open one commitment
/// (specs/receipt-profile.md §Commitments).
struct CommitmentOpen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Check that data and a salt open a commitment.",
        discussion: """
            Takes the commitment either as hex (--commitment, under --scheme) or from the \
            receipt in a statement file (--statement). The salt file is either the issuer's \
            salts file or a file holding just the field's salt in hex. Exits 0 and prints one \
            line when the commitment opens; exits 1 with a one-line error otherwise. The \
            statement's signature is not checked here.
            """
    )

    @Option(help: "The commitment value in hex (64 digits).")
    var commitment: String?

    @Option(help: "A statement file written by 'issue' (a signed statement, or an AIR v1 receipt).")
    var statement: String?

    @Option(help: "The commitment scheme of --commitment.")
    var scheme = CommitmentScheme.hmacSHA256v1.name

    @Option(help: "The field the commitment binds: request, response, parameters, …")
    var field: String

    @Option(help: "A salts file, or a file holding the field's salt in hex.")
    var salt: String

    @Option(help: "The disclosed data: the exact bytes committed to ('-' reads standard input).")
    var data: String

    /// The largest data file read, in bytes.
    static let maxDataCount = 256 << 20
    /// The largest statement file read, in bytes (parsing bounds it further).
    static let maxStatementCount = 1 << 20

    func validate() throws {
        guard (commitment == nil) != (statement == nil) else {
            throw CommandFailure("give the commitment with exactly one of --commitment and --statement")
        }
    }

    func run() throws {
        let field: CommitmentField
        let commitment: Commitment
        var statementBytes: [UInt8]? = nil
        do {
            field = try CommitmentField(self.field)
            if let statement {
                let bytes = try InputFile.read(statement, limit: Self.maxStatementCount, what: "statement file")
                commitment = try StatementCommitment.find(field, in: bytes, path: statement)
                statementBytes = bytes
            } else {
                commitment = try hexCommitment(field: field)
            }
        } catch let error as StatementsError {
            throw CommandFailure(error.message)
        }
        let salt: [UInt8]
        do {
            salt = try SaltsFile.salt(from: self.salt, field: field, scheme: commitment.scheme, statement: statementBytes)
        } catch {
            throw CommandFailure(error)
        }
        let data = try InputFile.read(self.data, limit: Self.maxDataCount, what: "data file")
        do {
            try commitment.open(field: field, salt: salt, data: data)
        } catch {
            throw CommandFailure(error.message)
        }
        print("opened: \(data.count) bytes of \(self.data) open the \(field) commitment \(Hex.encode(commitment.value))")
    }

    private func hexCommitment(field: CommitmentField) throws -> Commitment {
        let scheme = try CommitmentScheme(name: self.scheme)
        guard let hex = commitment, let value = Hex.decode(hex), value.count == Commitment.valueCount else {
            throw CommandFailure("--commitment is not \(Commitment.valueCount) bytes of hex")
        }
        return try Commitment(scheme: scheme, field: field, value: value)
    }
}
