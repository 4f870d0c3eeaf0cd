import Foundation

/// One file of Tests/Vectors/c2sp: comment lines, `vkey`/`skey`/`witness-vkey`/`bad-vkey` lines,
/// a `---` line, then the note text exactly.
struct C2SPVector {
    var vkeys: [String] = []
    var skeys: [String] = []
    var witnessVkeys: [String] = []
    var badVkeys: [String] = []
    var note: [UInt8] = []

    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Vectors/c2sp")

    static func load(_ name: String) throws -> C2SPVector {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        let bytes = [UInt8](data)
        let marker = Array("---\n".utf8)
        var start = 0
        var vector = C2SPVector()
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A)!
            let line = String(decoding: bytes[start..<end], as: UTF8.self)
            if Array(bytes[start...end]) == marker {
                vector.note = Array(bytes[(end + 1)...])
                return vector
            }
            let fields = line.split(separator: " ", maxSplits: 1).map(String.init)
            switch fields.first {
            case "vkey": vector.vkeys.append(fields[1])
            case "skey": vector.skeys.append(fields[1])
            case "witness-vkey": vector.witnessVkeys.append(fields[1])
            case "bad-vkey": vector.badVkeys.append(fields[1])
            default: break
            }
            start = end + 1
        }
        throw CocoaError(.fileReadCorruptFile)
    }
}
