import CryptoPrimitives
import Foundation
import Notes
import Statements

/// Pre-signed statements in the layout the wrk script reads (bench/log-server/registration.lua):
///
///     receiptlog-presigned <count> <record bytes>\n
///     <record 0><record 1>…<record count-1>
///
/// Every record is one tagged COSE_Sign1 of exactly `record bytes` bytes, so that a reader finds
/// statement i at header length + i × record bytes and can take a disjoint slice without
/// parsing. The header is ASCII, the numbers in decimal.
struct StatementFile {
    /// The statements, each `recordBytes` long.
    let records: [[UInt8]]
    /// The length of every record.
    let recordBytes: Int

    /// Signs `count` distinct statements of `signer`, on all cores. Statement i has the subject
    /// `bench/<run>/<i as 10 digits>` and a `payloadBytes`-byte payload that starts with the same
    /// text, so no two statements of a file, or of two files, share a subject or a payload (the
    /// run is 16 random hex digits). The content type is `application/octet-stream`, as in
    /// `receiptlog bench load`. The fixed-width number keeps every record the same length.
    static func sign(count: Int, payloadBytes: Int, signer: SignerKey) async throws -> StatementFile {
        let run = SecureRandom.bytes(8).map { String(format: "%02x", $0) }.joined()
        let key = signer.privateKey
        let issuer = signer.name
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let per = (count + cores - 1) / cores
        let records = try await withThrowingTaskGroup(of: (Int, [[UInt8]]).self) { group in
            for first in stride(from: 0, to: count, by: per) {
                group.addTask {
                    var out: [[UInt8]] = []
                    out.reserveCapacity(per)
                    for i in first..<min(first + per, count) {
                        let subject = "bench/\(run)/" + String(format: "%010d", i)
                        var payload = Array(subject.utf8)
                        payload.reserveCapacity(payloadBytes)
                        while payload.count < payloadBytes {
                            payload.append(UInt8(truncatingIfNeeded: payload.count &* 31 &+ 7))
                        }
                        payload.removeLast(payload.count - payloadBytes)
                        let statement = try SignedStatement.sign(
                            issuer: issuer, subject: subject, contentType: .mediaType("application/octet-stream"),
                            payload: payload, key: key)
                        out.append(statement.message.encoded(tagged: true))
                    }
                    return (first, out)
                }
            }
            var parts = try await group.reduce(into: []) { $0.append($1) }
            parts.sort { $0.0 < $1.0 }
            return parts.flatMap(\.1)
        }
        let recordBytes = records[0].count
        for (i, record) in records.enumerated() where record.count != recordBytes {
            throw UsageError("statement \(i) is \(record.count) bytes, statement 0 is \(recordBytes): records must be the same length")
        }
        return StatementFile(records: records, recordBytes: recordBytes)
    }

    /// Writes the header and the records to `path`, replacing any file there.
    func write(to path: String) throws {
        var bytes = Array("receiptlog-presigned \(records.count) \(recordBytes)\n".utf8)
        bytes.reserveCapacity(bytes.count + records.count * recordBytes)
        for record in records { bytes += record }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
