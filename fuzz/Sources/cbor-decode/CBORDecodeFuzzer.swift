// Fuzzes CBOR.decode (RFC 8949): decoding must never trap; anything it accepts must re-encode to
// a deterministic encoding that decodes to an equal value, and input accepted as deterministic
// must be exactly that encoding.
import CBOR

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let deterministic = try? CBOR.decode(input, requireDeterministic: true)
    guard let item = try? CBOR.decode(input) else {
        precondition(deterministic == nil, "accepted as deterministic but not at all")
        return 0
    }
    let encoded = item.encoded()
    guard let again = try? CBOR.decode(encoded, requireDeterministic: true) else {
        preconditionFailure("a re-encoded item is not accepted as deterministic")
    }
    precondition(again == item, "a re-encoded item decodes to another value")
    precondition(again.hashValue == item.hashValue, "equal items hash differently")
    precondition(again.encoded() == encoded, "re-encoding is not stable")
    if let deterministic {
        precondition(deterministic == item, "the two decoding modes disagree")
        precondition(encoded == input, "deterministic input does not re-encode to itself")
    }
    return 0
}
