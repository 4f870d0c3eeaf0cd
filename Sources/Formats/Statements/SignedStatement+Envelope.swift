// The checks every registered statement passes first, whichever form it has (specs/statements.md,
// "Registration checks", steps 1–6): bounded size, one CBOR item, a tagged COSE_Sign1, a leaf form
// of at most 65,535 bytes, EdDSA, an attached payload.
import CBOR
import COSE

extension SignedStatement {
    /// The largest statement accepted as submitted, in bytes. Its leaf form must also fit in
    /// ``maximumLeafSize``; the unprotected header, which the leaf drops, may hold the rest.
    public static let maximumInputSize = 1 << 20

    /// The largest leaf form, in bytes: an entry's length prefix in an entry bundle is 16 bits
    /// (DESIGN.md §3, c2sp.org/tlog-tiles).
    public static let maximumLeafSize = 65_535

    /// A COSE_Sign1 that passed the envelope checks, with its leaf form.
    struct Envelope {
        /// The message as submitted, unprotected header included.
        let message: COSESign1
        /// The leaf form: the message with an empty unprotected header, tagged, re-encoded.
        let leaf: [UInt8]
        /// The attached payload.
        let payload: [UInt8]

        /// Runs the envelope checks on `bytes`.
        ///
        /// Throws, in this order: `STATEMENT_TOO_LARGE` (input over 1 MiB), `NOT_CBOR`,
        /// `NOT_COSE_SIGN1` (including a missing tag 18) or `BAD_SIG_LENGTH` (an EdDSA signature
        /// that is not 64 bytes), `NON_CANONICAL_ENVELOPE`, `STATEMENT_TOO_LARGE` (leaf over
        /// 65,535 bytes), `BAD_ALG`, `MISSING_PAYLOAD`.
        init(parsing bytes: some Collection<UInt8>) throws(StatementsError) {
            guard bytes.count <= SignedStatement.maximumInputSize else {
                throw StatementsError(
                    .statementTooLarge,
                    "the statement is \(bytes.count) bytes; the limit is \(SignedStatement.maximumInputSize)")
            }
            let message: COSESign1
            do {
                message = try COSESign1.parse(bytes)
            } catch {
                throw Self.classify(bytes, error)
            }
            // RFC 9943 §6.1: Signed_Statement = #6.18(COSE_Sign1). The leaf is re-encoded with the
            // tag in its one-byte form, so only that form is accepted as input.
            guard bytes.first == 0xD2 else {
                throw StatementsError(
                    .notCOSESign1, "a statement is a COSE_Sign1 tagged 18 (first byte 0xd2); this one is not tagged 18")
            }
            // RFC 9943 §6.3: "the unprotected header of a Signed Statement MUST be set to an empty
            // map before the Signed Statement can be included in a Statement Sequence."
            var leafMessage = message
            leafMessage.unprotectedHeader = [:]
            let leaf = leafMessage.encoded(tagged: true)
            try Self.checkCanonical(bytes, leaf: leaf, protectedBytes: message.protectedBytes)
            guard leaf.count <= SignedStatement.maximumLeafSize else {
                throw StatementsError(
                    .statementTooLarge,
                    "the statement's leaf form is \(leaf.count) bytes; the limit is \(SignedStatement.maximumLeafSize)")
            }
            // RFC 9052 §3.1: alg is a protected header parameter; EdDSA (-8) is the only one.
            guard let alg = message.protectedHeader[.unsigned(UInt64(COSEHeaderLabel.alg))] else {
                throw StatementsError(.badAlgorithm, "the protected header has no alg (label 1); EdDSA (-8) is required")
            }
            guard alg.int64 == COSEAlgorithm.edDSA else {
                throw StatementsError(
                    .badAlgorithm, "the protected header's alg is \(Self.describe(alg)); only EdDSA (-8) is accepted")
            }
            guard let payload = message.payload else {
                throw StatementsError(
                    .missingPayload, "the payload is detached (nil); the log verifies the signature over the payload")
            }
            self.message = message
            self.leaf = leaf
            self.payload = payload
        }

        /// The entry rule (specs/statements.md, "Leaf form"): the submitted bytes must be the leaf
        /// form with `a0` replaced by the submitted unprotected header, one CBOR item in any
        /// valid encoding. Then a verifier that empties the unprotected header of the bytes it
        /// holds, in place, computes the log's leaf hash; a statement whose other heads are not
        /// in shortest form is refused, since re-encoding them would give another entry.
        static func checkCanonical(_ bytes: some Collection<UInt8>, leaf: [UInt8], protectedBytes: [UInt8]) throws(StatementsError) {
            // The leaf form is prefix ‖ a0 ‖ suffix: d2, the array head and the protected header
            // before; the payload and signature after.
            let input = Array(bytes)
            let split = 2 + CBOR.bytes(protectedBytes).encoded().count
            let prefix = leaf[..<split]
            let suffix = leaf[(split + 1)...]
            guard input.count > prefix.count + suffix.count, input.starts(with: prefix), input.reversed().starts(with: suffix.reversed()),
                (try? CBOR.decode(input[prefix.count..<(input.count - suffix.count)])) != nil
            else {
                throw StatementsError(
                    .nonCanonicalEnvelope,
                    "the statement's envelope is not in shortest form (RFC 8949 §4.2.1): re-encoding it would change the entry; encode the tag, the array head and the byte strings' heads in their shortest form")
            }
        }

        /// Tells input that is not CBOR from CBOR that is not a COSE_Sign1.
        static func classify(_ bytes: some Collection<UInt8>, _ error: COSEError) -> StatementsError {
            if error.code == .badSignatureLength {
                return StatementsError(.badSignatureLength, error.message)
            }
            do {
                _ = try CBOR.decode(bytes, limits: .default)
            } catch {
                return StatementsError(.notCBOR, "not one well-formed CBOR item: \(error.message)")
            }
            return StatementsError(.notCOSESign1, "not a COSE_Sign1 message: \(error.message)")
        }

        /// A short description of a header value for error messages.
        static func describe(_ value: CBOR) -> String {
            if let n = value.int64 { return String(n) }
            if let s = value.textString { return "\"\(s.prefix(64))\"" }
            return "a non-integer value"
        }
    }
}
