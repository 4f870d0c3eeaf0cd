import Foundation

/// Tests/Vectors/tee: real hardware evidence and its collateral (Tests/Vectors/tee/README.md).
enum TEEVectors {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Vectors/tee")

    /// The bytes of `path`, relative to Tests/Vectors/tee.
    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(path)))
    }

    /// The hex string `key` of a TDX collateral JSON file, decoded.
    static func collateralField(_ path: String, _ key: String) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(bytes(path))) as! [String: Any]
        return object[key] as! String
    }
}
