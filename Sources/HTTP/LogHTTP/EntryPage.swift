// The model of an entry's page (`/ui/entries/<index>`, specs/http-api.md "Pages"): the statement
// decoded with the Statements module, its inclusion proof and the download routes. It shows what
// the entry itself publishes — issuer, subject, claims, evidence references and commitment
// values — and nothing else: the log never holds salts, requests or responses.
import CryptoPrimitives
import Foundation
import LogEngine
import Merkle
import Notes
import Statements

/// What `/ui/entries/<index>` shows.
struct EntryPage {
    /// The claims of an inference receipt (specs/receipt-profile.md), or of an AIR v1 receipt.
    struct Claims {
        let issuedAt: String
        let modelID: String
        let modelVersion: String
        let modelHash: String
        let modelHashScheme: String
        let keyBinding: [String]
        let hasEvidence: Bool
        let evidence: [Evidence]
        let hasCommitments: Bool
        let commitments: [CommitmentRow]
    }

    /// One evidence reference.
    struct Evidence {
        let kind: String
        let mediaType: String
        let digest: String
    }

    /// One commitment: its field, scheme and value (never its salt, which the log never sees).
    struct CommitmentRow {
        let field: String
        let scheme: String
        let value: String
    }

    /// The inclusion proof.
    struct Proof {
        let against: String
        let treeSize: String
        let rootHash: String
        let hasHashes: Bool
        let hashes: [String]
        let checkpoint: String
    }

    /// One download link.
    struct Link {
        let href: String
        let label: String
        let what: String
    }

    let title: String
    let index: String
    let leafHash: String
    let statementSHA256: String
    let byteCount: String
    let form: String
    let issuer: String
    let subject: String
    let contentType: String
    let keyID: String
    let claims: [Claims]
    let decodeNote: [String]
    let proof: [Proof]
    let proofError: [String]
    let links: [Link]
    let bundleCommand: String

    /// The page of entry `index`, whose stored bytes are `entry`. `proof` is its answer against
    /// `checkpoint`, described by `against`, or the reason there is none; `logURL` and `vkey`
    /// fill in the command that builds a bundle.
    init(
        index: UInt64, entry: [UInt8], proof: Result<(answer: RegistrationAnswer, against: String), any Error>,
        logURL: String, vkey: String
    ) {
        title = "Entry \(index)"
        self.index = "\(index)"
        leafHash = Hash.leaf(entry).hex
        statementSHA256 = Hex.encode(SHA256.digest(entry))
        byteCount = "\(entry.count)"
        var note: [String] = []
        var claims: [Claims] = []
        if let statement = try? SignedStatement(parsing: entry) {
            issuer = statement.issuer
            subject = statement.subject
            contentType = statement.contentType.map { "\($0)" } ?? "(none)"
            keyID = String(format: "%08x", statement.keyID)
            if statement.contentType == InferenceReceiptClaims.contentType {
                form = "SCITT signed statement carrying an inference receipt"
                do {
                    claims = [Self.claims(try InferenceReceiptClaims(statement: statement))]
                } catch {
                    note = ["The payload does not decode as an inference receipt: \(error.message)"]
                }
            } else if statement.contentType == .airReceipt {
                form = "SCITT signed statement carrying an AIR v1 receipt"
                if let receipt = try? AIRReceipt(parsing: statement.payload), let air = try? receipt.validateClaims() {
                    claims = [Self.claims(air)]
                } else {
                    note = ["The payload does not decode as an AIR v1 receipt."]
                }
            } else {
                form = "SCITT signed statement"
                note = ["The payload (\(statement.payload.count) bytes) is not an inference receipt: download the entry to read it."]
            }
        } else if let receipt = try? AIRReceipt(parsing: entry), let air = try? receipt.validateClaims() {
            form = "AIR v1 receipt"
            issuer = air.issuer
            subject = "(AIR v1 has no subject)"
            contentType = "application/cwt"
            keyID = "(none)"
            claims = [Self.claims(air)]
        } else {
            form = "unknown"
            (issuer, subject, contentType, keyID) = ("", "", "", "")
            note = ["The entry does not decode as a signed statement or an AIR v1 receipt."]
        }
        self.claims = claims
        decodeNote = note
        var links = [Link(href: "/entries/\(index)", label: "Entry", what: "the statement as logged (application/cose)")]
        switch proof {
        case .success(let (answer, against)):
            let size = answer.treeHead.treeSize
            self.proof = [
                Proof(
                    against: against, treeSize: "\(size)", rootHash: answer.treeHead.rootHash.hex,
                    hasHashes: !answer.inclusionProof.hashes.isEmpty, hashes: answer.inclusionProof.hashes.map(\.hex),
                    checkpoint: String(decoding: answer.treeHead.note.encoded, as: UTF8.self))
            ]
            proofError = []
            links += [
                Link(
                    href: "/entries/\(index)/receipt?tree_size=\(size)", label: "COSE receipt",
                    what: "RFC 9942 receipt against the checkpoint of size \(size) (application/cose)"),
                Link(
                    href: "/entries/\(index)/proof?tree_size=\(size)", label: "tlog-proof",
                    what: "c2sp.org/tlog-proof@v1 against the checkpoint of size \(size) (text)"),
            ]
        case .failure(let error):
            self.proof = []
            proofError = ["No inclusion proof: \(error)"]
            links += [
                Link(href: "/entries/\(index)/receipt", label: "COSE receipt", what: "against the latest checkpoint"),
                Link(href: "/entries/\(index)/proof", label: "tlog-proof", what: "against the latest checkpoint"),
            ]
        }
        links.append(
            Link(
                href: "/entries/\(index)/bundle", label: "Receipt bundle",
                what: "receipt-bundle@v1 against the published checkpoint, for receiptlog verify (404 until it is published)"))
        links.append(
            Link(
                href: "/entries/\(index)/witnessed", label: "First witnessed checkpoint",
                what: "the first checkpoint with a witness quorum that holds the entry (404 without witnesses)"))
        self.links = links
        bundleCommand = "receiptlog bundle --log \(logURL) --index \(index) --vkey \(vkey) --out entry-\(index).bundle"
    }

    /// The page's claims of an inference receipt.
    static func claims(_ c: InferenceReceiptClaims) -> Claims {
        Claims(
            issuedAt: time(c.issuedAt), modelID: c.modelID, modelVersion: c.modelVersion, modelHash: c.modelHash.hex,
            modelHashScheme: c.modelHashScheme.rawValue, keyBinding: c.keyBinding.map { [$0] } ?? [],
            hasEvidence: !c.evidence.isEmpty,
            evidence: c.evidence.map { Evidence(kind: $0.kind, mediaType: $0.mediaType, digest: $0.digest.hex) },
            hasCommitments: !c.commitments.isEmpty,
            commitments: c.commitments.map { CommitmentRow(field: $0.field.name, scheme: $0.scheme.name, value: Hex.encode($0.value)) })
    }

    /// The page's claims of an AIR v1 receipt. Its request and response hashes are not shown:
    /// they are unsalted digests of the inference's data.
    static func claims(_ c: AIRClaims) -> Claims {
        Claims(
            issuedAt: time(c.issuedAt), modelID: c.modelID, modelVersion: c.modelVersion, modelHash: c.modelHash.hex,
            modelHashScheme: c.modelHashScheme.map { "\($0)" } ?? "(not given)", keyBinding: [],
            hasEvidence: false, evidence: [], hasCommitments: false, commitments: [])
    }

    /// A UNIX time as "2026-05-01T12:00:00Z (1777636800)".
    static func time(_ seconds: UInt64) -> String {
        guard seconds <= UInt64(Int64.max) else { return "\(seconds)" }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return "\(formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))) (\(seconds))"
    }
}
