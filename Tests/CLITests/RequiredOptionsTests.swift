import Foundation
import HTTPTestSupport
import Testing

/// A command run without its required options names every one of them in one line, and its
/// help shows them as required (specs/errors.md, "Missing options").
@Suite struct RequiredOptionsTests {
    /// Runs `arguments` and returns its one line of standard error; the status must be 1.
    static func firstLine(_ arguments: [String]) throws -> String {
        let output = try ChildProcess.run(arguments)
        #expect(output.status == 1, "\(arguments): \(output.stderr)")
        #expect(output.stderr.split(separator: "\n").count == 1, "\(arguments): \(output.stderr)")
        return String(output.stderr.split(separator: "\n").first ?? "")
    }

    @Test func issueNamesEveryMissingOption() throws {
        #expect(
            try Self.firstLine(["issue"])
                == "Error: missing required options: --key, --subject, --model-dir, --model-id, --model-version, --request, --response, --out; a --claims file may give model_hash_hex, model_id, model_version, request_file and response_file instead")
        #expect(
            try Self.firstLine(["issue", "--key", "k", "--subject", "s", "--model-id", "m", "--out", "o"]).hasPrefix(
                "Error: missing required options: --model-dir, --model-version, --request, --response;"))
    }

    @Test func issueCountsWhatTheClaimsFileGives() throws {
        let claims = FileManager.default.temporaryDirectory.appendingPathComponent("claims-" + UUID().uuidString + ".json")
        defer { try? FileManager.default.removeItem(at: claims) }
        try Data(#"{"model_id": "m", "request_file": "r.txt"}"#.utf8).write(to: claims)
        #expect(
            try Self.firstLine(["issue", "--claims", claims.path, "--subject", "s"])
                == "Error: missing required options: --key, --model-dir (or model_hash_hex in --claims), --model-version (or model_version in --claims), --response (or response_file in --claims), --out")
    }

    @Test func serveNamesEveryMissingOption() throws {
        #expect(
            try Self.firstLine(["serve"])
                == "Error: missing required options: --data, --origin, --issuers; each may instead be a key of the --config file (data, origin, issuers)")
        #expect(try Self.firstLine(["serve", "--origin", "o"]).hasPrefix("Error: missing required options: --data, --issuers;"))
    }

    @Test func otherCommandsNameEveryMissingOption() throws {
        #expect(try Self.firstLine(["witness", "serve"]) == "Error: missing required options: --data, --listen, --logs")
        #expect(try Self.firstLine(["checkpoint"]) == "Error: missing required options: --log, --vkey")
        #expect(try Self.firstLine(["monitor"]) == "Error: missing required options: --log, --vkey")
        #expect(try Self.firstLine(["audit", "--no-signatures"]) == "Error: missing required options: --log, --vkey")
        #expect(try Self.firstLine(["prove", "--unverified"]) == "Error: missing required options: --log, --index")
        #expect(try Self.firstLine(["witness", "serve", "--listen", "127.0.0.1:0"]) == "Error: missing required options: --data, --logs")
    }

    /// The usage line lists the required options without brackets, and each one's help says
    /// "Required".
    @Test func helpShowsTheRequiredOptions() throws {
        let cases: [([String], [String])] = [
            (["issue"], ["--key", "--subject", "--model-dir", "--model-id", "--model-version", "--request", "--response", "--out"]),
            (["serve"], ["--data", "--origin", "--issuers"]),
            (["witness", "serve"], ["--data", "--listen", "--logs"]),
            (["checkpoint"], ["--log", "--vkey"]),
        ]
        for (command, options) in cases {
            let help = try ChildProcess.run(command + ["--help"]).stdout
            let usage = help.split(separator: "\n").first { $0.hasPrefix("USAGE:") }.map(String.init) ?? ""
            for option in options {
                #expect(usage.contains(" \(option) <"), "\(command) usage: \(usage)")
                #expect(!usage.contains("[\(option) "), "\(command) usage: \(usage)")
                // The option's help (up to the next option) says it is required.
                let text = help.components(separatedBy: "  \(option) <").dropFirst().first ?? ""
                let own = text.components(separatedBy: "\n  --").first ?? ""
                #expect(own.contains("Required"), "\(command) \(option): \(own)")
            }
        }
    }
}
