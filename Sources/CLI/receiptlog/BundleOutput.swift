import Verification

/// What `bundle` and `bundle refresh` share: writing the bundle.
enum BundleOutput {
    /// Writes `bundle` to the new file `path`, never replacing one, or to standard output.
    static func write(_ bundle: ReceiptBundle, to path: String?) throws(CommandFailure) {
        if let path {
            try InputFile.create(path, bytes: bundle.encoded, mode: 0o644, what: "bundle")
        } else {
            print(String(decoding: bundle.encoded, as: UTF8.self), terminator: "")
        }
    }
}
