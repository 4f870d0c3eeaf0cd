// RFC 7468 textual encoding: the `-----BEGIN LABEL-----` … `-----END LABEL-----` blocks of a
// file that may hold several (a certificate chain). Each block is decoded by swift-asn1's
// PEMDocument, which checks the base64 and the matching END line.
import SwiftASN1

enum PEMBlocks {
    /// The DER of every block labelled `label` in `bytes`, in order. Blocks with other labels are
    /// skipped; bytes outside blocks are ignored, except that the input must be text (a trailing
    /// NUL is allowed). Throws `badCertificate` if a block does not decode.
    static func parse(_ bytes: [UInt8], label: String) throws(EvidenceError) -> [[UInt8]] {
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[end - 1] == 0 { end -= 1 }
        let text = bytes[..<end]
        guard String(validating: text, as: UTF8.self) != nil else {
            throw EvidenceError(.badCertificate, "neither DER nor UTF-8 PEM text")
        }
        let begin = Array("-----BEGIN \(label)-----".utf8)
        let close = Array("-----END \(label)-----".utf8)
        var out: [[UInt8]] = []
        var position = text.startIndex
        while let start = find(begin, in: text, from: position) {
            guard let stop = find(close, in: text, from: start + begin.count) else {
                throw EvidenceError(.badCertificate, "a PEM \(label) block has no END line")
            }
            let block = String(decoding: text[start..<(stop + close.count)], as: UTF8.self)
            do {
                out.append(try PEMDocument(pemString: block).derBytes)
            } catch {
                throw EvidenceError(.badCertificate, "a PEM \(label) block does not decode: \(error)")
            }
            position = stop + close.count
        }
        return out
    }

    /// The index of the first occurrence of `needle` in `haystack` at or after `from`.
    private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>, from: Int) -> Int? {
        guard let first = needle.first, haystack.endIndex - from >= needle.count else { return nil }
        var i = from
        let last = haystack.endIndex - needle.count
        while i <= last {
            if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
