// specs/verify.md, "Report": the text and JSON forms of a report.

extension VerificationReport {
    /// The report as text: one line per layer (`<layer> <VERDICT> [required] <code>: <reason>`,
    /// columns aligned), the assumptions, then `result: <OUTCOME>`. Ends with a newline.
    public var text: String {
        let width = max(18, (checks.map(\.layer.description.count) + assumptions.map { $0.name.count + 2 }).max() ?? 0)
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        var out = ""
        for check in checks {
            let code = check.code.map { "\($0): " } ?? ""
            let tag = check.required ? "required  " : "optional  "
            out += "\(pad(check.layer.description, width))  \(pad(check.verdict.rawValue, 12))  \(tag)\(code)\(check.reason)\n"
        }
        out += "assumptions:\n"
        for assumption in assumptions {
            out += "  \(pad(assumption.name, width - 2))  \(pad(Verdict.assumed.rawValue, 12))  \(assumption.statement)\n"
        }
        out += "result: \(outcome.rawValue)"
        switch outcome {
        case .verified: out += " (every required check is VERIFIED or POLICY_MATCH)\n"
        case .failed:
            out += " (" + checks.filter { $0.verdict == .failed }.map(\.layer.description).joined(separator: ", ") + ")\n"
        case .notChecked:
            out += " (required but not checked: "
                + checks.filter { $0.required && !$0.verdict.satisfiesRequirement }.map(\.layer.description)
                .joined(separator: ", ") + ")\n"
        }
        return out
    }

    /// The report as one JSON object, keys in a fixed order:
    /// `{"result": …, "exit_code": …, "checks": [{"layer", "verdict", "required", "code", "reason"}…],
    /// "assumptions": [{"name", "verdict": "ASSUMED", "statement"}…]}`; `code` is null when there
    /// is none. Ends with a newline.
    public var json: String {
        var out = "{\"result\":\(JSONText.string(outcome.rawValue)),\"exit_code\":\(outcome.exitCode),\"checks\":["
        out += checks.map { check in
            "{\"layer\":\(JSONText.string(check.layer.description)),\"verdict\":\(JSONText.string(check.verdict.rawValue)),"
                + "\"required\":\(check.required),\"code\":\(check.code.map(JSONText.string) ?? "null"),"
                + "\"reason\":\(JSONText.string(check.reason))}"
        }.joined(separator: ",")
        out += "],\"assumptions\":["
        out += assumptions.map { assumption in
            "{\"name\":\(JSONText.string(assumption.name)),\"verdict\":\"ASSUMED\",\"statement\":\(JSONText.string(assumption.statement))}"
        }.joined(separator: ",")
        return out + "]}\n"
    }
}

/// JSON string literals (RFC 8259 §7).
enum JSONText {
    /// `s` as a JSON string: quotes, backslashes and control characters escaped.
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = Array("0123456789abcdef")
                    out += "\\u00\(hex[Int(scalar.value >> 4)])\(hex[Int(scalar.value & 15)])"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
