// libFuzzer target: cosignature/v1 lines on checkpoint notes (c2sp.org/tlog-cosignature).
import Notes

/// A public witness key from the real cosigned checkpoint vector.
let witness = try! VerifierKey(parsing: "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCosignature(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: count))
    guard let note = try? Note(parsing: input) else { return 0 }
    let checkpoint = try? Checkpoint(text: note.text)
    for line in note.signatures {
        guard let cosignature = try? Cosignature(line) else { continue }
        precondition(cosignature.noteSignature == line, "a cosignature does not re-encode to its line")
        if let checkpoint {
            _ = try? witness.verifyCosignature(line, on: checkpoint)
        }
    }
    _ = try? note.verify(with: [witness])
    return 0
}
