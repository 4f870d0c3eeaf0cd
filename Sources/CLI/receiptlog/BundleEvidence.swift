import LogClient
import Statements
import Verification

/// `bundle --evidence-statement FILE…`: the statement files a receipt references, read and
/// found in the log, then added to the bundle by ``BundleFetcher/addingEvidence(entries:to:)``
/// (specs/verify.md, "Receipt bundle").
enum BundleEvidence {
    /// Adds the entries of the statements in `paths` to `bundle`, fetched from the log and checked
    /// against the bundle's checkpoint before anything is written.
    static func adding(statements paths: [String], to bundle: ReceiptBundle, with fetcher: BundleFetcher) async throws -> ReceiptBundle {
        var indexes: [UInt64] = []
        for path in paths {
            let bytes = try InputFile.read(path, limit: SignedStatement.maximumInputSize, what: "evidence statement")
            let leaf: [UInt8]
            do { leaf = try SignedStatement(parsing: bytes).leaf } catch {
                throw CommandFailure("\(path) is not a signed statement: \(error.message)")
            }
            do {
                indexes.append(try await fetcher.index(of: leaf))
            } catch {
                guard error.code == .notFound else { throw error }
                let cause = (error.underlying as? LogClientError)?.message ?? error.message
                throw CommandFailure("\(path) is not in the log: register it with 'receiptlog submit' first (\(cause))")
            }
        }
        return try await fetcher.addingEvidence(entries: indexes, to: bundle)
    }
}
