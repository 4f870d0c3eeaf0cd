import Foundation
import ObjectStore
import Testing

@Suite struct SigV4TimestampTests {
    @Test(arguments: [
        (0.0, "19700101T000000Z"),
        (951_782_400, "20000229T000000Z"),
        (951_868_799.75, "20000229T235959Z"),
        (1_709_251_199.999, "20240229T235959Z"),
        (1_709_251_200, "20240301T000000Z"),
        (1_798_761_599, "20261231T235959Z"),
        (4_107_542_400, "21000301T000000Z"),
        (253_402_300_799, "99991231T235959Z"),
    ])
    func formatsInUTC(seconds: Double, amzDate: String) throws {
        let timestamp = try SigV4Timestamp(Date(timeIntervalSince1970: seconds))
        #expect(timestamp.amzDate == amzDate)
        #expect(timestamp.dateStamp == String(amzDate.prefix(8)))
    }

    /// Every day from 1970 to 2100 agrees with Foundation's Gregorian calendar in UTC.
    @Test func agreesWithFoundationDayByDay() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for day in stride(from: 0, to: 47_482, by: 1) {
            let date = Date(timeIntervalSince1970: Double(day) * 86_400 + 45_296)
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let expected = String(format: "%04d%02d%02dT123456Z", parts.year!, parts.month!, parts.day!)
            let actual = try SigV4Timestamp(date).amzDate
            if actual != expected {
                Issue.record("day \(day): \(actual) != \(expected)")
                return
            }
        }
    }

    @Test(arguments: [-1.0, 253_402_300_800, .infinity, .nan])
    func refusesInstantsOutsideFourDigitYears(seconds: Double) {
        #expect(throws: ObjectStoreError(.badInstant, "")) { try SigV4Timestamp(Date(timeIntervalSince1970: seconds)) }
    }
}
