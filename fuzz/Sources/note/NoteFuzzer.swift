// Fuzzes Note(parsing:) (c2sp.org/signed-note): parsing must never trap, anything it accepts
// re-encodes to the input exactly, and verification with a fixed key never traps.
import Notes

/// A fixed verifier key, so that verification code runs on every parsed note.
let key = try! VerifierKey(parsing: "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNote(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: count))
    guard let note = try? Note(parsing: input) else { return 0 }
    precondition(note.encoded == input, "a parsed note does not re-encode to its input")
    precondition((try? Note(text: note.text, signatures: note.signatures)) == note, "a parsed note cannot be rebuilt")
    _ = try? note.verify(with: [key])
    return 0
}
