// libFuzzer target: EvidenceCertificate(derEncoded:) and EvidenceCertificate.parseAll (RFC 5280
// §4.1, DER or PEM). Parsing must never trap; a certificate parsed from DER keeps exactly the
// input as its `der`, parseAll agrees with the single-certificate parser on DER input, every
// certificate of a PEM input parses again from its own DER, and checking a signature against
// itself or another parsed certificate must never trap.
import Evidence

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzX509Certificate(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: count))
    let single = try? EvidenceCertificate(derEncoded: input)
    if let single {
        precondition(single.der == input, "a certificate parsed from DER does not keep its input as its DER")
        exercise(single, issuer: single)
    }
    guard let all = try? EvidenceCertificate.parseAll(input) else {
        precondition(single == nil, "a DER certificate parses alone but not through parseAll")
        return 0
    }
    precondition(!all.isEmpty, "parseAll returned no certificate without throwing")
    if input.first == 0x30 {
        precondition(all.count == 1 && all[0].der == input, "parseAll of DER input is not that one certificate")
        precondition(single != nil, "parseAll accepts DER that the single-certificate parser refuses")
    } else {
        for certificate in all {
            precondition((try? EvidenceCertificate(derEncoded: certificate.der)) == certificate,
                         "a PEM certificate's DER does not parse to the same certificate")
        }
    }
    for (position, certificate) in all.enumerated() {
        exercise(certificate, issuer: all[(position + 1) % all.count])
    }
    return 0
}

/// Everything a chain check reads from a certificate; none of it may trap.
func exercise(_ certificate: EvidenceCertificate, issuer: EvidenceCertificate) {
    _ = certificate.isSigned(by: certificate)
    _ = certificate.isSigned(by: issuer)
    _ = certificate.isSelfSigned
    _ = certificate.commonName
    _ = certificate.sha256
    _ = certificate.description
    _ = certificate.hashValue
}
