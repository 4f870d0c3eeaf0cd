// libFuzzer target: SNPAttestationReport.parse (AMD SEV-SNP ABI Table 23) and SNPAppraiser.
// Parsing must never trap; whatever parses is appraised with the real Milan VCEK (and the
// compiled-in Milan chain), which must never trap either, and a report that parses must carry
// exactly the bytes it was parsed from.
import Foundation
import Evidence
import Appraisal

/// Tests/Vectors/tee/sev-snp/virtee-sev/vcek_milan.der.
let vcek = try! EvidenceCertificate(derEncoded: Data(base64Encoded: """
MIIFTDCCAvugAwIBAgIBADBGBgkqhkiG9w0BAQowOaAPMA0GCWCGSAFlAwQCAgUA
oRwwGgYJKoZIhvcNAQEIMA0GCWCGSAFlAwQCAgUAogMCATCjAwIBATB7MRQwEgYD
VQQLDAtFbmdpbmVlcmluZzELMAkGA1UEBhMCVVMxFDASBgNVBAcMC1NhbnRhIENs
YXJhMQswCQYDVQQIDAJDQTEfMB0GA1UECgwWQWR2YW5jZWQgTWljcm8gRGV2aWNl
czESMBAGA1UEAwwJU0VWLU1pbGFuMB4XDTIzMDQwMzE5MjM0M1oXDTMwMDQwMzE5
MjM0M1owejEUMBIGA1UECwwLRW5naW5lZXJpbmcxCzAJBgNVBAYTAlVTMRQwEgYD
VQQHDAtTYW50YSBDbGFyYTELMAkGA1UECAwCQ0ExHzAdBgNVBAoMFkFkdmFuY2Vk
IE1pY3JvIERldmljZXMxETAPBgNVBAMMCFNFVi1WQ0VLMHYwEAYHKoZIzj0CAQYF
K4EEACIDYgAEoXrM2Ase3rDTnzCqXAixTHBwBR0pP86ZoN5V5mKnwnaFeqNAZ82e
z1IckEicDUB11W5hzNor5pbvsbnU6dFd0v6jKwJIQJrMkUgXIkAtMaI3POGwRlCY
Bw9PY8x2IKPpo4IBFjCCARIwEAYJKwYBBAGceAEBBAMCAQAwFwYJKwYBBAGceAEC
BAoWCE1pbGFuLUIwMBEGCisGAQQBnHgBAwEEAwIBAzARBgorBgEEAZx4AQMCBAMC
AQAwEQYKKwYBBAGceAEDBAQDAgEAMBEGCisGAQQBnHgBAwUEAwIBADARBgorBgEE
AZx4AQMGBAMCAQAwEQYKKwYBBAGceAEDBwQDAgEAMBEGCisGAQQBnHgBAwMEAwIB
CDARBgorBgEEAZx4AQMIBAMCAXMwTQYJKwYBBAGceAEEBEDUlVTscX9OWw/msUO8
8EBb164wRyft9GYD8qdq72o6vBXXrzjbdXA5Ap8O+s/QjiRDJIhHOMcrCC4vh6RN
VB62MEYGCSqGSIb3DQEBCjA5oA8wDQYJYIZIAWUDBAICBQChHDAaBgkqhkiG9w0B
AQgwDQYJYIZIAWUDBAICBQCiAwIBMKMDAgEBA4ICAQBOizm6CMC5PdFwNp2R50/f
3g1GASo8XauAdQTaCfzCGYIEECIe+Unok4J0pR9pbphmd5KvsEemh1SEf28Mwqkq
mhnXa9HAUzb+uJ/9xjBITtxFubxg2C7Y5z5b7IdeBpYf6cHJS45wRKDPTOJGfpbS
O7EQ6+XkMtUaLlbMrGroJLHlfLaFI9cMi5rDkL1nmiXxg5xJiFPo68mVZLiAR168
XOGhTA1uVypU5gNsTHAIp4tmOlMj04dRkK8b2rYD20bNv81TRGIzPWdGt6k5uVXG
M7VdnkO9LxlQYAXqF/w11p/TIJ4e4WV0vyLuYRJVdfEiswEGQewwWPSaOPFHQZnr
pLS2iLJV1S5C9YkM7H+1fZVYeVRR39D9Bk/rCIRCoqkaFUgZZzyVF2SivT6AqLsv
Duqg/UsvwFn0VeqkYhBublC6uXD6Zsogl1qYibxfkyO+SAMKil2WLiHEgX34/vS3
SaevwCHgFAuR9DxpGOJafjWd0b4p0r+LaU/QWAWt6J+H3Mwkml41XsL91R7iP8V5
TlXRgA8s31BJYUSr3Gqryk75+qi+L2zfqf28Gt4vqTH54ekRXL3Hr7UlUo9NF3iL
swkpXbOvLvrwiRQgmoMRNdUXp3lUB6XXYUAGAVNj+Y+Xby9Gle+/F4jVcvBqmh3G
er9gvZzUPkpDeTL+fXarEA==
""", options: .ignoreUnknownCharacters)!)

/// Inside the VCEK's validity (Tests/Vectors/tee/README.md row S1).
let instant = Date(timeIntervalSince1970: 1_680_636_223)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSNPAttestationReport(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: count))
    let parsed = try? SNPAttestationReport.parse(input)
    let appraisal = SNPAppraiser.appraise(input, certificates: [vcek], at: instant, policy: .default)
    guard let parsed else {
        precondition(appraisal.checks.first?.status == .fail, "an unparseable report did not fail snp.format")
        return 0
    }
    precondition(parsed.bytes == input && parsed.signedBytes == Array(input[0..<0x2A0]), "the parsed report is not its input")
    precondition(appraisal.checks.first?.status == .pass, "a parsed report failed snp.format")
    precondition(appraisal.bindingFields.isEmpty || appraisal.check("snp.signature")?.status == .pass,
                 "binding fields without a verified signature")
    return 0
}
