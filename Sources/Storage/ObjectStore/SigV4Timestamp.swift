// AWS IAM User Guide, "Elements of an AWS API request signature": the request date is
// ISO 8601 basic format in UTC, YYYYMMDD'T'HHMMSS'Z', and the credential scope starts with its
// first eight characters.
public import Foundation

/// The instant a request is signed at, in the two forms SigV4 uses: `x-amz-date`
/// (`20261202T102030Z`) and the date of the credential scope (`20261202`).
///
/// Pure calendar arithmetic in UTC (proleptic Gregorian); fractions of a second are dropped, as
/// AWS SDKs do. The signer never reads a clock: the caller passes the instant.
public struct SigV4Timestamp: Sendable, Hashable {
    /// `YYYYMMDDTHHMMSSZ`, the value of `x-amz-date` and the second line of the string to sign.
    public let amzDate: String
    /// `YYYYMMDD`, the first element of the credential scope.
    public let dateStamp: String

    /// The timestamp of `instant`.
    ///
    /// - Throws: `ObjectStoreError.badInstant` for an instant before 1970-01-01T00:00:00Z or
    ///   after 9999-12-31T23:59:59Z, which the four-digit year cannot write.
    public init(_ instant: Date) throws(ObjectStoreError) {
        let interval = instant.timeIntervalSince1970
        // 253402300800 is 10000-01-01T00:00:00Z.
        guard interval.isFinite, interval >= 0, interval < 253_402_300_800 else {
            throw ObjectStoreError(
                .badInstant, "the instant \(interval) s after 1970-01-01T00:00:00Z is not between 1970 and the year 9999")
        }
        let seconds = Int64(interval.rounded(.down))
        let days = seconds / 86_400
        let secondOfDay = seconds % 86_400
        let (year, month, day) = Self.civilDate(daysSince1970: days)
        let date = Self.digits(year, 4) + Self.digits(month, 2) + Self.digits(day, 2)
        let time =
            Self.digits(secondOfDay / 3600, 2) + Self.digits(secondOfDay / 60 % 60, 2)
            + Self.digits(secondOfDay % 60, 2)
        dateStamp = date
        amzDate = date + "T" + time + "Z"
    }

    /// The Gregorian (year, month, day) of a day count since 1970-01-01, for days ≥ 0: the
    /// era-based conversion (eras of 400 years, 146097 days, starting on March 1).
    static func civilDate(daysSince1970: Int64) -> (Int64, Int64, Int64) {
        let z = daysSince1970 + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func digits(_ value: Int64, _ count: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, count - text.count)) + text
    }
}
