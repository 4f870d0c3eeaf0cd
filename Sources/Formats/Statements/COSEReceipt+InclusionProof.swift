// RFC 9942 §5.2: the CBOR encoding of an RFC9162_SHA256 inclusion proof,
//
//   inclusion-proof = bstr .cbor [ tree-size: uint, leaf-index: uint, inclusion-path: [ + bstr ] ]
//
// ReceiptLog writes an empty inclusion path for the one-leaf tree, whose root is the leaf hash
// itself (RFC 9162 §2.1.3.1); RFC 9942's CDDL asks for at least one hash, so such a receipt is
// outside its CDDL (specs/statements.md says so).
import CBOR
public import Merkle

extension InclusionProof {
    /// The longest inclusion path of any tree with at most 2^64 leaves.
    static let maxReceiptPathLength = 64

    /// The content of the byte string that carries this proof in a receipt: the deterministic
    /// encoding of `[tree_size, leaf_index, [path…]]`.
    public func receiptEncoding() -> [UInt8] {
        CBOR.array([.unsigned(treeSize), .unsigned(leafIndex), .array(hashes.map { .bytes($0.bytes) })]).encoded()
    }

    /// Parses the content of a receipt's inclusion-proof byte string, strictly: deterministic
    /// encoding, exactly three elements, unsigned integers, at most 64 path hashes of 32 bytes
    /// each, and `leaf_index < tree_size`.
    ///
    /// Throws ``StatementsError/Code/receiptBadProof`` or
    /// ``StatementsError/Code/receiptIndexOutOfRange``.
    public init(receiptEncoding bytes: [UInt8]) throws(StatementsError) {
        let limits = CBORLimits(
            maxInputBytes: 32 + InclusionProof.maxReceiptPathLength * 34, maxDepth: 2,
            maxItemsPerContainer: InclusionProof.maxReceiptPathLength, maxTotalItems: 4 + InclusionProof.maxReceiptPathLength)
        let item: CBOR
        do {
            item = try CBOR.decode(bytes, limits: limits, requireDeterministic: true)
        } catch {
            throw StatementsError(.receiptBadProof, "the inclusion proof is not acceptable CBOR: \(error)")
        }
        guard let fields = item.array, fields.count == 3,
            let treeSize = fields[0].uint64, let leafIndex = fields[1].uint64, let path = fields[2].array
        else {
            throw StatementsError(.receiptBadProof, "an inclusion proof is [tree_size, leaf_index, [path…]]")
        }
        guard leafIndex < treeSize else {
            throw StatementsError(.receiptIndexOutOfRange, "leaf index \(leafIndex) is not below tree size \(treeSize)")
        }
        var hashes: [Hash] = []
        hashes.reserveCapacity(path.count)
        for element in path {
            guard let bytes = element.byteString, let hash = try? Hash(bytes: bytes) else {
                throw StatementsError(.receiptBadProof, "each inclusion path element is a 32-byte hash")
            }
            hashes.append(hash)
        }
        self.init(leafIndex: leafIndex, treeSize: treeSize, hashes: hashes)
    }
}
