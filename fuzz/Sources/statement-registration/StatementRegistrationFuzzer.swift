// Fuzzes the registration checks (RegistrationPolicy.check) against a fixed issuer list, and AIR v1
// Layers 1 and 3 on the same input. Nothing may trap; whatever registers must have a leaf form of
// at most 65,535 bytes that is the input with an empty unprotected header, that registers again to
// itself, and that its form's parser re-encodes exactly (specs/statements.md).
import COSE
import CryptoPrimitives
import Statements

/// The issuer list: the worked example's issuer (seed 0x11) and the AIR v1 vectors' issuer (seed
/// 0x2a), so that the seed corpus reaches the signature check and beyond.
let policy: RegistrationPolicy = {
    let example = try! Ed25519PrivateKey(seed: [UInt8](repeating: 0x11, count: 32))
    let air = try! Ed25519PrivateKey(seed: [UInt8](repeating: 0x2A, count: 32))
    return RegistrationPolicy(issuers: try! IssuerList(keys: [
        IssuerKey(name: "example.com/inference", publicKey: example.publicKey),
        IssuerKey(name: "cyntrisec.com", publicKey: air.publicKey),
    ]))
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))

    // AIR v1 Layers 1 and 3 must never trap, whatever the signature.
    if let receipt = try? AIRReceipt(parsing: input) {
        precondition(receipt.encoded() == receipt.message.encoded(tagged: true))
        if let claims = try? receipt.validateClaims() {
            precondition((try? AIRClaims(cbor: claims.cbor)) == claims, "validated AIR claims do not round-trip")
        }
    }

    guard let registration = try? policy.check(input) else { return 0 }
    let leaf = registration.leaf
    precondition(leaf.count <= SignedStatement.maximumLeafSize, "a leaf form over 65,535 bytes registered")
    // The leaf is the input with its unprotected header emptied.
    var message = try! COSESign1.parse(input)
    message.unprotectedHeader = [:]
    precondition(message.encoded(tagged: true) == leaf, "the leaf is not the input without its unprotected header")
    // The leaf registers to itself, in the same form, with the same key.
    guard let again = try? policy.check(leaf) else { preconditionFailure("a leaf form does not register") }
    precondition(again.leaf == leaf && again.issuerKey == registration.issuerKey)
    switch registration.form {
    case .signedStatement(let statement):
        precondition(statement.leaf == leaf)
        precondition((try? SignedStatement(parsing: leaf))?.encoded() == leaf, "a statement leaf does not re-encode")
        if statement.contentType == .airReceipt { precondition(registration.airClaims != nil) }
    case .airReceipt(let receipt):
        precondition(receipt.encoded() == leaf, "an AIR receipt leaf does not re-encode")
        precondition(registration.airClaims != nil)
    }
    return 0
}
