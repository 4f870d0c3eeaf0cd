import ArgumentParser
import ModelDirectory
import Statements

/// `receiptlog model-digest DIR`: prints the model digest of a directory
/// (specs/receipt-profile.md §Model digest).
struct ModelDigest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model-digest",
        abstract: "Print the model digest of a model directory (receiptlog-sha256-manifest-v1).",
        discussion: """
            Hashes every regular file below DIR (skipping .git) and prints the SHA-256 of the \
            canonical manifest: one line per file, '<sha256>  <size>  <path>', sorted bytewise by \
            path. With --manifest, prints the manifest itself, so that \
            'receiptlog model-digest --manifest DIR | sha256sum' prints the digest. Symbolic \
            links are refused unless --follow-symlinks is given. A progress bar is drawn on \
            standard error when it is a terminal and the model is 64 MiB or more.
            """
    )

    @Argument(help: "The model directory.")
    var directory: String

    @Flag(help: "Follow symbolic links (a link is listed under its own path with its target's contents).")
    var followSymlinks = false

    @Flag(help: "Print the canonical manifest instead of the digest.")
    var manifest = false

    func run() throws {
        let manifest = try Self.hash(directory, followSymlinks: followSymlinks)
        if self.manifest {
            print(String(decoding: manifest.canonicalEncoding, as: UTF8.self), terminator: "")
        } else {
            print(manifest.digest.hex)
        }
    }

    /// Hashes `directory` with a progress bar on a terminal; throws a one-line failure.
    static func hash(_ directory: String, followSymlinks: Bool) throws(CommandFailure) -> ModelManifest {
        var bar: ProgressBar? = nil
        defer { bar?.finish() }
        do {
            return try ModelManifest.hashing(directory: directory, followSymlinks: followSymlinks) { progress in
                if bar == nil { bar = ProgressBar(label: "hashing model", total: progress.totalBytes) }
                bar?.update(done: progress.bytesHashed, total: progress.totalBytes)
            }
        } catch {
            throw CommandFailure(error.message)
        }
    }
}
