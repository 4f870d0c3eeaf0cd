import Foundation
import Notes
import Testing

/// specs/notes.md states the key-name bound the code enforces, and only that one.
@Suite struct KeyNameSpecTests {
    /// The longest key name a key may carry, in UTF-8 bytes.
    static let bound = 32_768

    @Test func theCodeEnforcesTheBound() {
        let longest = String(repeating: "x", count: Self.bound)
        #expect(throws: Never.self) { try SignerKey.generate(name: longest, type: .ed25519) }
        #expect(throws: NotesError(.badKeyName, "")) { try SignerKey.generate(name: longest + "x", type: .ed25519) }
    }

    /// Every byte figure the spec gives in a clause (of a paragraph, list item or table row) about
    /// key names is the bound.
    @Test func theSpecStatesTheSameBoundEverywhere() throws {
        let spec = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../specs/notes.md").standardizedFileURL
        let text = try String(contentsOf: spec, encoding: .utf8)
        // Bullets, numbered items and table rows, with their continuation lines.
        var items: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let isContinuation = line.hasPrefix("  ") && !line.trimmingCharacters(in: .whitespaces).isEmpty
            if isContinuation, !items.isEmpty { items[items.count - 1] += " " + line.trimmingCharacters(in: .whitespaces) } else { items.append(String(line)) }
        }
        let figure = try Regex(#"([0-9][0-9,]*)[ -]bytes?"#)
        var stated = 0
        let clauses = items.flatMap { $0.split(separator: ";").flatMap { $0.split(separator: ". ") } }
        for clause in clauses where clause.lowercased().contains("key name") {
            // "at least N bytes" bounds something else (a signature's base64).
            let clause = clause.replacing(try Regex(#"at least [0-9][0-9,]* bytes"#), with: "")
            for match in clause.matches(of: figure) {
                let digits = clause[match.range].prefix { $0.isNumber || $0 == "," }.filter(\.isNumber)
                stated += 1
                #expect(Int(digits) == Self.bound, "specs/notes.md: \(clause)")
            }
        }
        #expect(stated > 0, "specs/notes.md states no key-name bound")
    }
}
