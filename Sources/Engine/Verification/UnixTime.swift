// specs/verify.md, "Report": an instant is printed in RFC 3339 (UTC) beside its Unix seconds, so
// that a reader need not convert it and a script can still compare the number.
import Evidence
import Foundation

/// Instants, in Unix seconds, as the report prints them.
enum UnixTime {
    /// The last second of year 9999, the largest instant RFC 3339's four-digit year can write.
    static let maxRFC3339: UInt64 = 253_402_300_799

    /// `2026-12-02T18:47:16Z (Unix 1796236036)`; an instant past year 9999 as `Unix N` alone.
    static func text(_ seconds: UInt64) -> String {
        guard seconds <= maxRFC3339 else { return "Unix \(seconds)" }
        return "\(RFC3339.string(Date(timeIntervalSince1970: Double(seconds)))) (Unix \(seconds))"
    }
}
