// RFC 3339 instants in reports and on the command line: `2025-07-01T00:00:00Z`, UTC only.
public import Foundation

/// Formats and parses RFC 3339 UTC instants (`YYYY-MM-DDTHH:MM:SS[.fff]Z`).
public enum RFC3339 {
    /// The instant as `YYYY-MM-DDTHH:MM:SSZ`, with milliseconds when it has any.
    public static func string(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let ms = millis - seconds * 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secs = seconds - days * 86_400
        let (y, m, d) = civil(days)
        // Digits written directly: reports format many instants, and String(format:) is slow.
        var out = [UInt8]()
        out.reserveCapacity(24)
        func digits(_ value: Int64, _ width: Int) {
            var v = value
            var buffer = [UInt8](repeating: 0x30, count: width)
            for i in stride(from: width - 1, through: 0, by: -1) {
                buffer[i] = 0x30 + UInt8(v % 10)
                v /= 10
            }
            out += buffer
        }
        digits(y, 4); out.append(0x2D); digits(m, 2); out.append(0x2D); digits(d, 2); out.append(0x54)
        digits(secs / 3600, 2); out.append(0x3A); digits(secs / 60 % 60, 2); out.append(0x3A); digits(secs % 60, 2)
        if ms != 0 {
            out.append(0x2E)
            digits(ms, 3)
        }
        out.append(0x5A)
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+00:00)`; nil for anything else, offsets other
    /// than UTC included.
    public static func parse(_ text: String) -> Date? {
        let u = Array(text.utf8)
        guard u.count >= 20, u[4] == 0x2D, u[7] == 0x2D, u[10] == 0x54 || u[10] == 0x74, u[13] == 0x3A, u[16] == 0x3A
        else { return nil }
        func num(_ r: Range<Int>) -> Int64? {
            var v: Int64 = 0
            for c in u[r] {
                guard (0x30...0x39).contains(c) else { return nil }
                v = v * 10 + Int64(c - 0x30)
            }
            return v
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13),
              let mi = num(14..<16), let s = num(17..<19),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 60
        else { return nil }
        var i = 19
        var fraction = 0.0
        if u[i] == 0x2E {
            i += 1
            var scale = 0.1
            let start = i
            while i < u.count, (0x30...0x39).contains(u[i]) {
                fraction += Double(u[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        let zone = String(decoding: u[i...], as: UTF8.self)
        guard zone == "Z" || zone == "z" || zone == "+00:00" else { return nil }
        let days = daysFromCivil(y, mo, d)
        return Date(timeIntervalSince1970: Double(days * 86_400 + h * 3600 + mi * 60 + s) + fraction)
    }

    static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        return era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }

    static func civil(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
