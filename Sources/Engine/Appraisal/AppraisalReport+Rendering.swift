// How `receiptlog evidence appraise` prints a report: one line per check, the measurements, the
// TCB verdict, the roots, the verdict (text); or one JSON object (specs/evidence.md §Report).
import Foundation
import CryptoPrimitives
import Evidence

extension AppraisalReport {
    /// The report as text: a header, one line per check (`STATUS name: reason`), the
    /// measurements in hex, the TCB status, the roots used and the verdict.
    public var text: String {
        var out = "platform \(platform.rawValue), appraised at \(RFC3339.string(instant))\n"
        let width = checks.map(\.name.count).max() ?? 0
        for c in checks {
            let status = c.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
            let optional = c.status == .notChecked && !c.required ? " (optional)" : ""
            out += "\(status) \(c.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(c.reason)\(optional)\n"
        }
        if !measurements.isEmpty {
            out += "measurements (from the signed bytes):\n"
            for m in measurements { out += "  \(m.name) \(Hex.encode(m.value))\n" }
        }
        if let tcbStatus {
            var line = "tcb status \(tcbStatus)"
            if let tcbDate { line += ", TCB date \(tcbDate)" }
            if !advisoryIDs.isEmpty { line += ", advisories \(advisoryIDs.joined(separator: " "))" }
            out += line + "\n"
        }
        for root in rootsUsed { out += "root \(root.name) SHA-256 \(Hex.encode(root.sha256))\n" }
        out += "verdict \(verdict.rawValue)\n"
        return out
    }

    /// The report as one JSON object with sorted keys.
    public var json: String {
        struct Check: Encodable { let name, status, reason: String; let required: Bool }
        struct Measurement: Encodable { let name, value: String }
        struct Root: Encodable { let name, sha256: String }
        struct Body: Encodable {
            let platform, instant, verdict: String
            let checks: [Check]
            let measurements: [Measurement]
            let tcbStatus, tcbDate: String?
            let advisoryIDs: [String]
            let roots: [Root]
            enum CodingKeys: String, CodingKey {
                case platform, instant, verdict, checks, measurements, roots
                case tcbStatus = "tcb_status", tcbDate = "tcb_date", advisoryIDs = "advisory_ids"
            }
        }
        let body = Body(
            platform: platform.rawValue, instant: RFC3339.string(instant), verdict: verdict.rawValue,
            checks: checks.map { Check(name: $0.name, status: $0.status.rawValue, reason: $0.reason, required: $0.required) },
            measurements: measurements.map { Measurement(name: $0.name, value: Hex.encode($0.value)) },
            tcbStatus: tcbStatus, tcbDate: tcbDate, advisoryIDs: advisoryIDs,
            roots: rootsUsed.map { Root(name: $0.name, sha256: Hex.encode($0.sha256)) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(body), as: UTF8.self) + "\n"
    }
}
