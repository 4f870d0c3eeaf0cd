// Fuzzes COSEReceipt.parse (RFC 9942 receipts of inclusion) and verification: neither may trap;
// anything parsed must re-encode to exactly the input (receipts are parsed canonically).
import CryptoPrimitives
import Statements

let key = try! Ed25519PrivateKey(seed: [UInt8](repeating: 0x11, count: 32)).publicKey

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let receipt = try? COSEReceipt.parse(input) else { return 0 }
    precondition(receipt.encoded() == input, "a parsed receipt does not re-encode to its input")
    precondition(receipt.proof.leafIndex < receipt.proof.treeSize, "a parsed receipt's index is out of range")
    _ = try? receipt.verify(entry: Array("entry 0".utf8), key: key)
    return 0
}
