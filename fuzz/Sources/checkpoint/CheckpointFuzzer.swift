// libFuzzer target: checkpoint parsing (c2sp.org/tlog-checkpoint), alone and inside a note.
import Notes

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpoint(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: count))
    if let text = String(validating: input, as: UTF8.self), let checkpoint = try? Checkpoint(text: text) {
        precondition(checkpoint.text == text, "a parsed checkpoint does not re-encode to its input")
    }
    if let note = try? Note(parsing: input), let checkpoint = try? Checkpoint(text: note.text) {
        precondition(checkpoint.text == note.text, "a checkpoint note text does not re-encode")
    }
    return 0
}
