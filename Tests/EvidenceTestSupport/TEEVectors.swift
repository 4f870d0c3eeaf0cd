// Tests/Vectors/tee: real hardware evidence and its collateral (Tests/Vectors/tee/README.md), read
// from the source tree for every test target that needs it.
public import Foundation

/// The files of Tests/Vectors/tee.
public enum TEEVectors {
    /// The folder Tests/Vectors/tee.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Vectors/tee")

    /// The bytes of `path`, relative to Tests/Vectors/tee.
    public static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(path)))
    }

    /// The string field `key` of the DCAP collateral JSON file at `path`.
    public static func collateralField(_ path: String, _ key: String) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(bytes(path))) as? [String: Any]
        guard let value = object?[key] as? String else { throw CocoaError(.fileReadCorruptFile) }
        return value
    }
}
