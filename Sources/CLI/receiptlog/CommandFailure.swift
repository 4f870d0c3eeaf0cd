/// A command's failure, printed by ArgumentParser as one line (`Error: <description>`) with exit
/// status 1.
struct CommandFailure: Error, CustomStringConvertible {
    /// The one-line message.
    let description: String

    init(_ description: String) {
        // One line: a message built from input never spills onto a second line.
        self.description = description.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
