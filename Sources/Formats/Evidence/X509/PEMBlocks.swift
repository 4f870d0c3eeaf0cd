// RFC 7468 textual encoding: the `-----BEGIN LABEL-----` … `-----END LABEL-----` blocks of a
// file that may hold several (a certificate chain). Each block is decoded by swift-asn1's
// PEMDocument, which checks the base64 and the matching END line.
import SwiftASN1

enum PEMBlocks {
    /// The DER of every block labelled `label` in `bytes`, in order. Blocks with other labels are
    /// skipped; bytes outside blocks are ignored, except that the input must be text (a trailing
    /// NUL is allowed). Throws `badCertificate` if a block does not decode.
    static func parse(_ bytes: [UInt8], label: String) throws(EvidenceError) -> [[UInt8]] {
        var trimmed = bytes[...]
        while trimmed.last == 0 { trimmed = trimmed.dropLast() }
        guard let text = String(validating: trimmed, as: UTF8.self) else {
            throw EvidenceError(.badCertificate, "neither DER nor UTF-8 PEM text")
        }
        let begin = "-----BEGIN \(label)-----"
        let end = "-----END \(label)-----"
        var out: [[UInt8]] = []
        var rest = text[...]
        while let start = rest.range(of: begin) {
            guard let stop = rest[start.upperBound...].range(of: end) else {
                throw EvidenceError(.badCertificate, "a PEM \(label) block has no END line")
            }
            do {
                out.append(try PEMDocument(pemString: String(rest[start.lowerBound..<stop.upperBound])).derBytes)
            } catch {
                throw EvidenceError(.badCertificate, "a PEM \(label) block does not decode: \(error)")
            }
            rest = rest[stop.upperBound...]
        }
        return out
    }
}
