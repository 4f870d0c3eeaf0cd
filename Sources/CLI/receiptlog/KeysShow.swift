import ArgumentParser
import Notes

/// `receiptlog keys show FILE`: prints the verifier key of the private key in FILE.
struct KeysShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the verifier key of a private key file."
    )

    @Argument(help: "A private key file written by 'keys generate'.")
    var file: String

    func run() throws {
        print(try KeyFile.read(from: file).verifierKey.encoded)
    }
}
