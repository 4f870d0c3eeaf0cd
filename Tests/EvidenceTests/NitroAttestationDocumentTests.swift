import Testing
import Foundation
import CBOR
import COSE
import Evidence
import EvidenceTestSupport

/// NitroAttestationDocument.parse on the two real NSM documents (Tests/Vectors/tee/nitro) and on
/// variants re-encoded from the production one with one rule broken each.
@Suite struct NitroAttestationDocumentTests {
    static let validPath = "nitro/evervault/valid-attestation-doc-bytes"
    static let debugPath = "nitro/evervault/debug-mode-attestation-doc-bytes"

    static func hex(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            let j = s.index(i, offsetBy: 2)
            out.append(UInt8(s[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    /// The production document with its payload map changed by `mutate`, re-encoded untagged.
    static func payloadVariant(_ mutate: (inout [CBOR: CBOR]) -> Void) throws -> [UInt8] {
        var message = try COSESign1.parse(TEEVectors.bytes(validPath))
        var map = try CBOR.decode(message.payload!).map!
        mutate(&map)
        message.payload = CBOR.map(map).encoded()
        return message.encoded(tagged: false)
    }

    /// The production document with its COSE_Sign1 changed by `mutate`, re-encoded untagged.
    static func envelopeVariant(_ mutate: (inout COSESign1) -> Void) throws -> [UInt8] {
        var message = try COSESign1.parse(TEEVectors.bytes(validPath))
        mutate(&message)
        return message.encoded(tagged: false)
    }

    static func code(_ bytes: [UInt8]) -> EvidenceError.Code? {
        do {
            _ = try NitroAttestationDocument.parse(bytes)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func productionDocumentParses() throws {
        let doc = try NitroAttestationDocument.parse(TEEVectors.bytes(Self.validPath))
        #expect(doc.moduleID == "i-020b6af9246d90e92-enc0183d09086c24190")
        #expect(doc.digest == "SHA384")
        #expect(doc.timestamp == 1_665_651_482_136)
        #expect(doc.timestampDate.timeIntervalSince1970 * 1000 == 1_665_651_482_136)
        #expect(doc.pcrs.count == 16)
        #expect(doc.sortedPCRs.map(\.index) == Array(0...15))
        #expect(doc.pcrs[0] == Self.hex("f4d48b81a460c9916d1e685119074bf24660afd3e34fae9fca0a0d28d9d5599936332687e6f66fc890ac8cf150142d8b"))
        #expect(doc.pcrs[8] == Self.hex("8790eb3cce6c83d07e84b126dc61ca923333d6f66615c4a79157de48c5ab2418bdc60746ea7b7afbff03a1c6210201cb"))
        #expect(doc.pcrs[5] == [UInt8](repeating: 0, count: 48))
        #expect(doc.cabundle.count == 4)
        #expect(doc.cabundle[0] == (try TEEVectors.bytes("nitro/aws-nitro-root-g1.der")))
        #expect(doc.publicKey == nil)  // CBOR null
        #expect(doc.userData == nil)  // CBOR null
        #expect(doc.nonce?.count == 256)
        #expect(doc.nonce?.prefix(8) == Self.hex("cb3dc2eb76c0c134")[...])
        #expect(doc.protectedHeader == [0xa1, 0x01, 0x38, 0x22])
        #expect(doc.payload.count == 4546)
        #expect(doc.signature.count == 96)
        // Sig_structure = ["Signature1", h'a1013822', h'', payload].
        #expect(doc.signedBytes.prefix(21) == Self.hex("846a5369676e617475726531" + "44a1013822" + "40" + "5911c2")[...])
        #expect(doc.signedBytes.count == 21 + 4546)
    }

    @Test func debugDocumentParses() throws {
        let doc = try NitroAttestationDocument.parse(TEEVectors.bytes(Self.debugPath))
        #expect(doc.moduleID == "i-03ad7cdb817437eeb-enc0183cc7569b3f6e1")
        #expect(doc.timestamp == 1_665_582_606_081)
        #expect(doc.publicKey == Array("my super secret key".utf8))
        #expect(doc.userData == Array("hello, world!".utf8))
        #expect(doc.nonce == nil)  // CBOR null
        #expect(doc.pcrs[0] == [UInt8](repeating: 0, count: 48))
        #expect(doc.payload.count == 4318)
    }

    /// RFC 9052 §2: tag 18 or none; both forms give the same document.
    @Test(arguments: [validPath, debugPath])
    func taggedAndUntaggedFormsAgree(_ path: String) throws {
        let untagged = try TEEVectors.bytes(path)
        #expect(untagged.first == 0x84)
        let tagged = [0xd2] + untagged
        #expect(try NitroAttestationDocument.parse(tagged) == NitroAttestationDocument.parse(untagged))
        // Another tag is not COSE_Sign1.
        #expect(Self.code([0xd1] + untagged) == .malformed)
    }

    @Test func nullOptionalFieldsReadAsAbsentAndOtherTypesAreRefused() throws {
        let allNull = try NitroAttestationDocument.parse(Self.payloadVariant { map in
            for key in ["public_key", "user_data", "nonce"] { map[.text(key)] = .null }
        })
        #expect(allNull.publicKey == nil && allNull.userData == nil && allNull.nonce == nil)
        let omitted = try NitroAttestationDocument.parse(Self.payloadVariant { map in
            for key in ["public_key", "user_data", "nonce"] { map[.text(key)] = nil }
        })
        #expect(omitted.publicKey == nil && omitted.userData == nil && omitted.nonce == nil)
        let empty = try NitroAttestationDocument.parse(Self.payloadVariant { $0[.text("user_data")] = .bytes([]) })
        #expect(empty.userData == [])
        for key in ["public_key", "user_data", "nonce"] {
            #expect(Self.code(try Self.payloadVariant { $0[.text(key)] = .unsigned(5) }) == .malformed, "\(key)")
            #expect(Self.code(try Self.payloadVariant { $0[.text(key)] = .text("x") }) == .malformed, "\(key)")
            #expect(Self.code(try Self.payloadVariant { $0[.text(key)] = .bytes([UInt8](repeating: 1, count: 1025)) }) == .malformed, "\(key)")
            #expect(try NitroAttestationDocument.parse(Self.payloadVariant { $0[.text(key)] = .bytes([UInt8](repeating: 1, count: 1024)) }).moduleID.isEmpty == false)
        }
        // §3.2.2.2: public_key is 1 to 1024 bytes.
        #expect(Self.code(try Self.payloadVariant { $0[.text("public_key")] = .bytes([]) }) == .malformed)
    }

    @Test func envelopeRulesAreEnforced() throws {
        // Protected header {1: -7} (ES256), not {1: -35}.
        #expect(Self.code(try Self.envelopeVariant {
            $0.protectedBytes = CBOR.map([.int(1): .int(-7)]).encoded()
        }) == .unsupported)
        // {1: -35, 4: h'01'}: not exactly {1: -35}.
        #expect(Self.code(try Self.envelopeVariant {
            $0.protectedBytes = CBOR.map([.int(1): .int(-35), .int(4): .bytes([1])]).encoded()
        }) == .malformed)
        // No protected header at all.
        #expect(Self.code(try Self.envelopeVariant { $0.protectedBytes = [] }) == .malformed)
        // A non-empty unprotected header.
        #expect(Self.code(try Self.envelopeVariant { $0.unprotectedHeader = [.int(4): .bytes([1, 2])] }) == .malformed)
        // A 95-byte and a 97-byte signature.
        #expect(Self.code(try Self.envelopeVariant { $0.signature.removeLast() }) == .malformed)
        #expect(Self.code(try Self.envelopeVariant { $0.signature.append(0) }) == .malformed)
        // A detached payload.
        #expect(Self.code(try Self.envelopeVariant { $0.payload = nil }) == .malformed)
        // A payload over 16 KiB.
        #expect(Self.code(try Self.envelopeVariant { $0.payload = [UInt8](repeating: 0xa0, count: 16_385) }) == .tooLarge)
        // A payload that is not a map.
        #expect(Self.code(try Self.envelopeVariant { $0.payload = CBOR.array([]).encoded() }) == .malformed)
        #expect(Self.code(try Self.envelopeVariant { $0.payload = [0xa9] }) == .malformed)
    }

    @Test func trailingTruncatedAndOversizedInputsAreRefused() throws {
        let valid = try TEEVectors.bytes(Self.validPath)
        #expect(Self.code(valid + [0x00]) == .trailingBytes)
        #expect(Self.code([0xd2] + valid + [0xf6]) == .trailingBytes)
        #expect(Self.code(Array(valid.dropLast())) == .truncated)
        #expect(Self.code([]) == .truncated)
        #expect(Self.code([UInt8](repeating: 0, count: NitroAttestationDocument.maxEncodedBytes + 1)) == .tooLarge)
    }

    @Test(arguments: ["module_id", "digest", "timestamp", "pcrs", "certificate", "cabundle"])
    func eachMandatoryFieldIsRequired(_ key: String) throws {
        #expect(Self.code(try Self.payloadVariant { $0[.text(key)] = nil }) == .malformed)
        #expect(Self.code(try Self.payloadVariant { $0[.text(key)] = .null }) == .malformed)
    }

    @Test func fieldRulesAreEnforced() throws {
        func code(_ key: String, _ value: CBOR) throws -> EvidenceError.Code? {
            Self.code(try Self.payloadVariant { $0[.text(key)] = value })
        }
        #expect(try code("module_id", .text("")) == .malformed)
        #expect(try code("module_id", .bytes([0x41])) == .malformed)
        #expect(try code("digest", .text("SHA256")) == .unsupported)
        #expect(try code("timestamp", .unsigned(0)) == .malformed)
        #expect(try code("timestamp", .int(-5)) == .malformed)
        #expect(try code("timestamp", .float(1.5)) == .malformed)
        #expect(try code("timestamp", .unsigned(NitroAttestationDocument.maxTimestamp + 1)) == .malformed)
        #expect(try code("cabundle", .array([])) == .malformed)
        #expect(try code("cabundle", .array([.bytes([])])) == .malformed)
        #expect(try code("cabundle", .array([.bytes([UInt8](repeating: 0x30, count: 1025))])) == .malformed)
        #expect(try code("cabundle", .bytes([0x30])) == .malformed)
        #expect(try code("certificate", .bytes([])) == .malformed)
        #expect(try code("certificate", .text("MII")) == .malformed)
        #expect(try code("pcrs", .map([:])) == .malformed)
        #expect(try code("pcrs", .array([])) == .malformed)
        #expect(try code("pcrs", .map([.unsigned(32): .bytes([UInt8](repeating: 0, count: 48))])) == .malformed)
        #expect(try code("pcrs", .map([.int(-1): .bytes([UInt8](repeating: 0, count: 48))])) == .malformed)
        #expect(try code("pcrs", .map([.text("0"): .bytes([UInt8](repeating: 0, count: 48))])) == .malformed)
        #expect(try code("pcrs", .map([.unsigned(0): .text("x")])) == .malformed)
        let thirtyThree = Dictionary(uniqueKeysWithValues: (0..<33).map { (CBOR.unsigned(UInt64($0)), CBOR.bytes([UInt8](repeating: 0, count: 32))) })
        #expect(try code("pcrs", .map(thirtyThree)) == .malformed)
        for size in [32, 48, 64] {
            #expect(try code("pcrs", .map([.unsigned(31): .bytes([UInt8](repeating: 7, count: size))])) == nil, "\(size)")
        }
        // A PCR of 33 bytes in the real map.
        #expect(Self.code(try Self.payloadVariant { map in
            var pcrs = map[.text("pcrs")]!.map!
            pcrs[.unsigned(3)] = .bytes([UInt8](repeating: 1, count: 33))
            map[.text("pcrs")] = .map(pcrs)
        }) == .malformed)
        // Unknown and non-text keys.
        #expect(Self.code(try Self.payloadVariant { $0[.text("module")] = .text("x") }) == .malformed)
        #expect(Self.code(try Self.payloadVariant { $0[.unsigned(1)] = .text("x") }) == .malformed)
    }

    /// Re-encoding the real map in deterministic order still parses: key order is not checked.
    @Test func reencodedPayloadParses() throws {
        let doc = try NitroAttestationDocument.parse(Self.payloadVariant { _ in })
        let original = try NitroAttestationDocument.parse(TEEVectors.bytes(Self.validPath))
        #expect(doc.pcrs == original.pcrs && doc.cabundle == original.cabundle && doc.nonce == original.nonce)
        #expect(doc.payload != original.payload)
    }
}
