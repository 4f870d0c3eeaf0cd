import Notes
import Testing
import Verification

/// specs/verify.md, "Report": instants are printed in RFC 3339 (UTC) beside Unix seconds.
@Suite struct ReportInstantTests {
    @Test func cosignatureTimesIatAndTheClockAreRFC3339BesideUnixSeconds() throws {
        let log = TestLog(statement: Fixtures.statement())
        // Fixtures.now is 1767225600, 2026-01-01T00:00:00Z; the cosignatures are 30 s before it
        // and iat 60 s before it.
        let report = Verifier(policy: Fixtures.policy()).verify(log.bundle(), inputs: Fixtures.inputs())
        let quorum = try #require(report.check(.witnessQuorum))
        #expect(quorum.reason.contains("witness1.example at 2025-12-31T23:59:30Z (Unix 1767225570)"), "\(quorum.reason)")
        let workload = try #require(report.check(.workloadIdentity))
        #expect(workload.reason.contains("iat 2025-12-31T23:59:00Z (Unix 1767225540)"), "\(workload.reason)")
        #expect(workload.reason.contains("at now 2026-01-01T00:00:00Z (Unix 1767225600)"), "\(workload.reason)")
        #expect(report.text.contains("now = 2026-01-01T00:00:00Z (Unix 1767225600)"), "\(report.text)")
        #expect(report.text.contains("by 2025-12-31T23:59:30Z (Unix 1767225570)"), "\(report.text)")
    }

    @Test func aStaleReceiptNamesBothInstants() throws {
        let log = TestLog(statement: Fixtures.statement())
        let policy = Fixtures.policy { $0.maximumAge = 30 }
        let line = try #require(
            Verifier(policy: policy).verify(log.bundle(), inputs: Fixtures.inputs()).check(.workloadIdentity))
        #expect(line.verdict == .failed)
        #expect(
            line.reason.hasPrefix(
                "iat 2025-12-31T23:59:00Z (Unix 1767225540) is 60 s before now, 2026-01-01T00:00:00Z (Unix 1767225600)"),
            "\(line.reason)")
    }
}
