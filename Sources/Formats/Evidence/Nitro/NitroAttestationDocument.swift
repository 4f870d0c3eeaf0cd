// AWS Nitro Enclaves attestation document (aws/aws-nitro-enclaves-nsm-api
// docs/attestation_process.md §2.2, §3.1): a COSE_Sign1 signed with ES384 by the NSM's leaf
// certificate, whose payload is a CBOR map of the enclave's module ID, time, PCRs and chain.
//
//   AttestationDocument = {
//       module_id: text, digest: "SHA384", timestamp: uint (ms), pcrs: { + 0..31 => bytes 32/48/64 },
//       certificate: bytes 1..1024, cabundle: [+ bytes 1..1024],
//       ? public_key: bytes, ? user_data: bytes, ? nonce: bytes }
public import Foundation
import CBOR

/// A parsed Nitro attestation document: the fields of its payload, and the signed bytes and
/// signature to verify with the leaf certificate's P-384 key.
///
/// Parsing checks the structure and the field rules only (specs/evidence.md §Nitro); nothing here
/// verifies a signature or a certificate. Those are the appraiser's steps.
public struct NitroAttestationDocument: Hashable, Sendable {
    /// `module_id`: the issuing NSM module, non-empty (for example `i-020b6af9246d90e92-enc0183d09086c24190`).
    public let moduleID: String
    /// `digest`: the PCR hash function; always `"SHA384"`.
    public let digest: String
    /// `timestamp`: when the NSM made the document, in milliseconds since the Unix epoch (> 0).
    public let timestamp: UInt64
    /// `pcrs`: PCR index (0…31) to value (32, 48 or 64 bytes); 1 to 32 entries.
    public let pcrs: [UInt: [UInt8]]
    /// `certificate`: the DER leaf certificate whose key signed the document.
    public let certificate: [UInt8]
    /// `cabundle`: the DER CA certificates, root first (`[ROOT, INTERM_1, …, INTERM_N]`, §3.2.3).
    public let cabundle: [[UInt8]]
    /// `public_key`, when present and not CBOR null.
    public let publicKey: [UInt8]?
    /// `user_data`, when present and not CBOR null.
    public let userData: [UInt8]?
    /// `nonce`, when present and not CBOR null.
    public let nonce: [UInt8]?
    /// The serialized protected header, exactly as received (`a1 01 38 22` in NSM output).
    public let protectedHeader: [UInt8]
    /// The payload: the serialized attestation document map, exactly as received.
    public let payload: [UInt8]
    /// The ES384 signature, raw `r ‖ s` (48 + 48 bytes, big-endian).
    public let signature: [UInt8]

    /// The largest payload accepted, in bytes (§3.1: `bstr .size (1..16384)`).
    public static let maxPayloadBytes = 16_384
    /// The largest encoded document accepted: the payload bound plus room for the tag, the
    /// headers and the signature.
    public static let maxEncodedBytes = maxPayloadBytes + 1_024
    /// The largest certificate, in `certificate` and in each `cabundle` entry (§2.2 `cert`).
    public static let maxCertificateBytes = 1_024
    /// The largest `public_key`, `user_data` or `nonce` (§2.2 `user_data = bytes .size (0..1024)`).
    public static let maxUserFieldBytes = 1_024
    /// The latest `timestamp` accepted: 9999-12-31T23:59:59.999Z, the last instant RFC 3339 writes.
    public static let maxTimestamp: UInt64 = 253_402_300_799_999

    /// Creates a document from its fields as they are; nothing is checked. ``parse(_:)`` is the
    /// way to read one.
    public init(
        moduleID: String, digest: String, timestamp: UInt64, pcrs: [UInt: [UInt8]], certificate: [UInt8],
        cabundle: [[UInt8]], publicKey: [UInt8]?, userData: [UInt8]?, nonce: [UInt8]?,
        protectedHeader: [UInt8], payload: [UInt8], signature: [UInt8]
    ) {
        self.moduleID = moduleID
        self.digest = digest
        self.timestamp = timestamp
        self.pcrs = pcrs
        self.certificate = certificate
        self.cabundle = cabundle
        self.publicKey = publicKey
        self.userData = userData
        self.nonce = nonce
        self.protectedHeader = protectedHeader
        self.payload = payload
        self.signature = signature
    }

    /// `timestamp` as a `Date`.
    public var timestampDate: Date { Date(timeIntervalSince1970: Double(timestamp) / 1000) }

    /// The PCRs in index order.
    public var sortedPCRs: [(index: UInt, value: [UInt8])] {
        pcrs.sorted { $0.key < $1.key }.map { (index: $0.key, value: $0.value) }
    }

    /// The bytes the signature covers: RFC 9052 §4.4 `Sig_structure = ["Signature1", protected,
    /// h'', payload]`, encoded with the shortest heads (`84 6a 5369676e617475726531 44 a1013822 40
    /// 59 xxxx <payload>` for NSM output).
    public var signedBytes: [UInt8] {
        CBOR.array([.text("Signature1"), .bytes(protectedHeader), .bytes([]), .bytes(payload)]).encoded()
    }
}
