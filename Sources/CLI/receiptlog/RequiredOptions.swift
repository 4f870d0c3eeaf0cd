/// The check that names every required option a command was not given, in one line, rather
/// than ArgumentParser's report of the first one. Commands declare such options optional, mark
/// them "Required" in their help, spell them out in their usage line, and call
/// ``check(_:alternative:)`` from `validate()`.
enum RequiredOptions {
    /// Throws a one-line ``CommandFailure`` (exit status 1) that lists each option of
    /// `options` not given: `missing required options: --key, --subject, --out`. `alternative`,
    /// when given, follows the list (`; each may instead be a key of the --config file`).
    static func check(_ options: KeyValuePairs<String, Bool>, alternative: String? = nil) throws(CommandFailure) {
        let missing = options.filter { !$0.value }.map(\.key)
        guard !missing.isEmpty else { return }
        let list = "missing required option\(missing.count == 1 ? "" : "s"): \(missing.joined(separator: ", "))"
        throw CommandFailure(alternative.map { "\(list); \($0)" } ?? list)
    }
}
