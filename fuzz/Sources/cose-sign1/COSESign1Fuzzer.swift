// Fuzzes COSESign1.parse (RFC 9052 §4.2) and verification: parsing and verifying must never trap;
// anything parsed must re-encode to a message that parses back equal, and strictly parsed input
// must re-encode to itself.
import COSE
import CryptoPrimitives

let key = try! Ed25519PrivateKey(seed: [UInt8](repeating: 0x2a, count: 32)).publicKey

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let strict = try? COSESign1.parse(input, requireDeterministic: true)
    guard let message = try? COSESign1.parse(input) else {
        precondition(strict == nil, "parsed strictly but not leniently")
        return 0
    }
    precondition((try? COSESign1.parse(message.encoded())) == message, "tagged re-encoding parses differently")
    precondition((try? COSESign1.parse(message.encoded(tagged: false))) == message, "untagged re-encoding parses differently")
    if let strict {
        precondition(strict == message, "the two parsing modes disagree")
        let tagged = input.first == 0xd2
        precondition(strict.encoded(tagged: tagged) == input, "strictly parsed input does not re-encode to itself")
    }
    _ = try? message.verify(key: key)
    _ = try? message.verify(key: key, detachedPayload: [1, 2, 3])
    _ = message.toBeSigned(payload: message.payload ?? [])
    return 0
}
