// RFC 5280 §4.1.2.5 Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }, as a Date.
import Foundation
import SwiftASN1

enum DERTime {
    /// The instant a UTCTime or GeneralizedTime node names (both are UTC in DER).
    static func date(_ node: ASN1Node) throws -> Date {
        switch node.identifier {
        case .utcTime:
            let t = try UTCTime(derEncoded: node)
            return date(t.year, t.month, t.day, t.hours, t.minutes, t.seconds, 0)
        case .generalizedTime:
            let t = try GeneralizedTime(derEncoded: node)
            return date(t.year, t.month, t.day, t.hours, t.minutes, t.seconds, t.fractionalSeconds)
        default:
            throw EvidenceError(.badCRL, "expected a UTCTime or GeneralizedTime, found \(node.identifier)")
        }
    }

    static func date(_ year: Int, _ month: Int, _ day: Int, _ h: Int, _ m: Int, _ s: Int, _ fraction: Double) -> Date {
        let days = RFC3339.daysFromCivil(Int64(year), Int64(month), Int64(day))
        return Date(timeIntervalSince1970: Double(days * 86_400 + Int64(h * 3_600 + m * 60 + s)) + fraction)
    }
}
