// A log's JSON proof answer (specs/http-api.md, `GET /entries/<index>/proof`, and the answer of
// `POST /entries`) read into the parts of a receipt bundle, each checked.
public import LogAPI
public import Merkle
public import Notes
public import Statements
public import Verification

extension BundleFetcher {
    /// The bundle of `statement` (the submitted signed statement's leaf form, the exact entry
    /// bytes) from `answer`, the log's JSON answer to its registration, against the checkpoint
    /// the log signed then (not cosigned: ``refresh(_:)`` moves it to a published one). No
    /// network. The answer must be for that statement's leaf hash, its inclusion path must lead
    /// to the checkpoint's root, and with `key` the checkpoint and COSE receipt must verify.
    public static func bundle(answer: RegistrationJSON, statement: [UInt8], key: VerifierKey?) throws(LogClientError) -> ReceiptBundle {
        guard answer.leafHash == Hash.leaf(statement).description else {
            throw LogClientError(
                .verificationFailed, "the answer is for leaf hash \(answer.leafHash), not this statement's \(Hash.leaf(statement))")
        }
        let proof = try tlogProof(answer, index: answer.index)
        try LogClient.verify(proof: proof, entry: statement, key: key)
        let receipt = try coseReceipt(answer, leafHash: Hash.leaf(statement), key: key)
        return try assemble { () throws(VerificationError) in try ReceiptBundle(statement: statement, proof: proof, coseReceipt: receipt) }
    }

    /// The tlog-proof of a JSON proof answer, which must be for `index`.
    public static func tlogProof(_ answer: RegistrationJSON, index: UInt64) throws(LogClientError) -> TlogProof {
        let proof: TlogProof
        do {
            proof = try TlogProof(parsing: Array(answer.proof.utf8))
        } catch {
            throw LogClientError(.malformedAnswer, "the log's proof does not parse: \(error.message)", underlying: error)
        }
        guard proof.index == index, answer.index == index else {
            throw LogClientError(.verificationFailed, "the log sent a proof for index \(proof.index), not \(index)")
        }
        return proof
    }

    /// The COSE receipt of a JSON proof answer. It must be for the same index; with `key`, it
    /// must verify for the entry whose leaf hash is `leafHash` (RFC 9942 §5.2.1).
    public static func coseReceipt(_ answer: RegistrationJSON, leafHash: Hash, key: VerifierKey?) throws(LogClientError) -> COSEReceipt {
        let receipt: COSEReceipt
        do {
            receipt = try COSEReceipt.parse(try Base64.decode(answer.receipt, maxCount: ReceiptBundle.maxCOSEReceiptCount))
        } catch {
            throw LogClientError(.malformedAnswer, "the log's COSE receipt does not parse: \(LogClientError.message(of: error))", underlying: error)
        }
        guard receipt.proof.leafIndex == answer.index else {
            throw LogClientError(
                .verificationFailed, "the log's COSE receipt is for index \(receipt.proof.leafIndex), not \(answer.index)")
        }
        if let key {
            do {
                try receipt.verify(leafHash: leafHash, key: key.publicKey)
            } catch {
                throw LogClientError(.verificationFailed, "the log's COSE receipt does not verify: \(LogClientError.message(of: error))", underlying: error)
            }
        }
        return receipt
    }
}
