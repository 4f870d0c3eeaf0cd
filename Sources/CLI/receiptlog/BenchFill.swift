import ArgumentParser
import Foundation
import LogEngine
import LogStorage
import Logging
import Prometheus
import Statements

/// `receiptlog bench fill`: grows a log's data directory with synthetic entries through the
/// trusted bulk import (`LogService.importEntries`), to benchmark reads on large logs.
struct BenchFill: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fill",
        abstract: "Append synthetic entries to a log's data directory, for read benchmarks on large logs.",
        discussion: """
            The entries skip the registration checks (they are not statements): use it only on \
            benchmark and test logs. Entry i (its index in the log) is its 8-byte big-endian index \
            followed by filler up to --entry-bytes. Every batch is sequenced as usual: one synced \
            commit, the second-path root check and a signed checkpoint. Then serve DIR with \
            receiptlog serve. The log must not be running.
            """)

    @Option(help: "The data directory (created if missing; its log key is created like serve does).")
    var data: String

    @Option(help: "The log's origin: the name of its key.")
    var origin: String

    @Option(help: "How many entries to append.")
    var count: Int

    @Option(help: "The size of each entry in bytes (8 to 65535).")
    var entryBytes: Int = 64

    @Option(help: "The most entries in one batch.")
    var batchMaxCount: Int = 4096

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be positive") }
        guard (8...StorageCommit.maxEntryBytes).contains(entryBytes) else {
            throw ValidationError("--entry-bytes must be between 8 and \(StorageCommit.maxEntryBytes)")
        }
        guard (1...65_536).contains(batchMaxCount) else { throw ValidationError("--batch-max-count must be between 1 and 65536") }
    }

    func run() async throws {
        do {
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CommandFailure("cannot create the data directory \(data): \((error as NSError).localizedDescription)")
        }
        let (signer, created) = try Serve.logKey(directory: data, origin: origin)
        let started = ContinuousClock.now
        let size = try await fill(signer: signer, newLog: created)
        let elapsed = (ContinuousClock.now - started).seconds
        print("appended \(count) entries in \(String(format: "%.1f", elapsed)) s (\(Int(Double(count) / elapsed)) entries/s); tree size \(size)")
        try Self.awaitRelease(of: data + "/db")
    }

    /// Imports the entries and shuts the log down; returns the tree size.
    private func fill(signer: LogSigner, newLog: Bool) async throws -> UInt64 {
        let storage: RocksLogStorage
        do {
            storage = try RocksLogStorage(directory: data + "/db")
        } catch {
            if error.code == .locked { throw CommandFailure("another process is using the data directory \(data)") }
            throw CommandFailure("cannot open the store in \(data): \(error.message)")
        }
        let service: LogService
        do {
            service = try LogService(
                storage: storage, record: FileSignedHeadRecord(path: data + "/" + Serve.signedHeadFileName), newLog: newLog,
                signer: signer, policy: RegistrationPolicy(issuers: try IssuerList(keys: [])),
                configuration: try LogConfiguration(origin: origin, batchMaxCount: batchMaxCount, pendingLimit: 4 * batchMaxCount),
                metrics: LogMetrics(factory: PrometheusMetricsFactory(registry: PrometheusCollectorRegistry())),
                logger: Logger(label: "receiptlog", factory: { _ in SwiftLogNoOpLogHandler() }))
        } catch let error as LogEngineError {
            throw CommandFailure("the log cannot start: \(error.message)")
        }
        let first = service.treeHead.treeSize
        let started = ContinuousClock.now
        var done = 0
        let chunk = 256 * batchMaxCount
        while done < count {
            let n = min(chunk, count - done)
            let base = first + UInt64(done)
            let entries = (0..<n).map { Self.entry(index: base + UInt64($0), bytes: entryBytes) }
            do {
                try await service.importEntries(entries)
            } catch {
                await service.shutdown()
                throw CommandFailure("the import stopped after \(done) entries: \(error)")
            }
            done += n
            let elapsed = (ContinuousClock.now - started).seconds
            FileHandle.standardError.write(Data(
                "\(done) of \(count) entries (\(Int(Double(done) / elapsed)) entries/s)\n".utf8))
        }
        await service.shutdown()
        return service.treeHead.treeSize
    }

    /// Returns once the sequencer thread has let go of the store in `directory` (it does so a
    /// moment after `shutdown()` returns), by opening the store again and closing it here: the
    /// process must not exit while RocksDB is still closing on another thread.
    static func awaitRelease(of directory: String) throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            do {
                _ = try RocksLogStorage(directory: directory)
                return
            } catch {
                guard error.code == .locked, ContinuousClock.now < deadline else {
                    throw CommandFailure("cannot reopen the store in \(directory): \(error.message)")
                }
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
    }

    /// Entry `index`: its 8-byte big-endian index, then bytes derived from it up to `bytes`.
    static func entry(index: UInt64, bytes: Int) -> [UInt8] {
        var e = [UInt8](repeating: 0, count: bytes)
        for k in 0..<8 { e[k] = UInt8(truncatingIfNeeded: index >> (56 - 8 * UInt64(k))) }
        for k in 8..<bytes { e[k] = UInt8(truncatingIfNeeded: index &* 0x9E37_79B9 &+ UInt64(k)) }
        return e
    }
}
