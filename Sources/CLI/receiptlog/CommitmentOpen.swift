import ArgumentParser
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
            line when the commitment opens; exits 1 with a one-line error otherwise.
            """
    )

    @Option(help: "The commitment value in hex (64 digits).")
    var commitment: String?

    @Option(help: "The commitment scheme of --commitment.")
    var scheme = CommitmentScheme.hmacSHA256v1.name

    @Option(help: "The field the commitment binds: request, response, parameters, …")
    var field: String

    @Option(help: "A salts file, or a file holding the field's salt in hex.")
    var salt: String

    @Option(help: "The disclosed data: the exact bytes committed to ('-' reads standard input).")
    var data: String

    /// The largest data file read, in bytes.
    static let maxDataCount = 1 << 30

    func validate() throws {
        guard commitment != nil else {
            throw CommandFailure("give the commitment with --commitment")
        }
    }

    func run() throws {
        let field: CommitmentField
        let commitment: Commitment
        do {
            field = try CommitmentField(self.field)
            commitment = try hexCommitment(field: field)
        } catch let error as StatementsError {
            throw CommandFailure(error.message)
        }
        let salt = try SaltsFile.salt(from: self.salt, field: field, scheme: commitment.scheme)
        let data = try InputFile.read(self.data, limit: Self.maxDataCount, what: "data file")
        do {
            try commitment.open(field: field, salt: salt, data: data)
        } catch {
            throw CommandFailure(error.message)
        }
        print("opened: \(data.count) bytes of \(self.data) open the \(field) commitment \(HexBytes.encode(commitment.value))")
    }

    private func hexCommitment(field: CommitmentField) throws -> Commitment {
        let scheme = try CommitmentScheme(name: self.scheme)
        guard let hex = commitment, let value = HexBytes.decode(hex), value.count == Commitment.valueCount else {
            throw CommandFailure("--commitment is not \(Commitment.valueCount) bytes of hex")
        }
        return try Commitment(scheme: scheme, field: field, value: value)
    }
}
