import ArgumentParser
import Notes

/// `receiptlog keys generate --name NAME --out FILE`: writes a new private key to FILE (mode 0600,
/// never overwriting) and prints the matching verifier key on standard output.
struct KeysGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a private key, write it to a new file and print its verifier key."
    )

    /// The kinds of key this command makes.
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        /// An Ed25519 note key (type 0x01): logs sign checkpoints with it.
        case ed25519
        /// An Ed25519 `cosignature/v1` key (type 0x04): witnesses cosign with it.
        case cosignature

        var signatureType: SignatureType {
            switch self {
            case .ed25519: .ed25519
            case .cosignature: .cosignatureV1
            }
        }
    }

    @Option(help: "The key name: for a log, its origin (non-empty, no spaces or '+').")
    var name: String

    @Option(help: "The file to create for the private key; an existing file is never overwritten.")
    var out: String

    @Option(help: "The key type: ed25519 (note signatures) or cosignature (witness cosignatures).")
    var type: Kind = .ed25519

    func run() throws {
        let key = try SignerKey.generate(name: name, type: type.signatureType)
        try KeyFile.write(key, to: out)
        print(key.verifierKey.encoded)
    }
}
