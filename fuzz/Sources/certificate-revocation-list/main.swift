// libFuzzer target: CertificateRevocationList(bytes:) (RFC 5280 §5.1, DER or one PEM block).
// Parsing must never trap; a CRL parsed from DER keeps exactly the input as its `der`, a CRL
// parsed from PEM parses to the same CRL from its own DER, and checking its signature and
// revocation against Intel's SGX root CA (Tests/Vectors/tee/tdx/dcap-qvl/TrustedRootCA.der, read
// once at start from the source tree) must never trap.
import Foundation
import Evidence

/// Intel's root CA, when the source tree is where this file was compiled from.
let root: EvidenceCertificate? = {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/Vectors/tee/tdx/dcap-qvl/TrustedRootCA.der")
    return (try? Data(contentsOf: path)).flatMap { try? EvidenceCertificate(derEncoded: Array($0)) }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCertificateRevocationList(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: count))
    guard let crl = try? CertificateRevocationList(bytes: input) else { return 0 }
    if input.first == 0x30 {
        precondition(crl.der == input, "a CRL parsed from DER does not keep its input as its DER")
    } else {
        precondition((try? CertificateRevocationList(bytes: crl.der)) == crl, "a PEM CRL's DER does not parse to the same CRL")
    }
    precondition(crl.revokedSerialNumbers.allSatisfy { $0.first != 0 }, "a revoked serial number keeps a leading zero")
    if let root {
        _ = crl.isSigned(by: root)
        _ = crl.revokes(root)
    }
    _ = crl.hashValue
    return 0
}
