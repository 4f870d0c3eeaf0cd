// The log's witnesses and the quorum a checkpoint needs before it is published
// (specs/http-api.md, "Witnessing"). The file is a subset of the Sigsum policy grammar
// (one implicit group):
//
//     # witness NAME VERIFIER-KEY URL
//     witness w1 w1.example+4a9c1b2e+BPj… https://w1.example/
//     witness w2 w2.example+19e2d4f0+BAq… https://w2.example/
//     quorum 2
public import Notes

/// The witnesses a log sends its checkpoints to and the k-of-n quorum it publishes under.
public struct WitnessingPolicy: Sendable {
    /// One witness: a name for logs and metrics, its `cosignature/v1` key and its base URL.
    public struct Endpoint: Sendable, Hashable {
        /// The name given in the policy file.
        public let name: String
        /// The witness's cosignature key (type 0x04).
        public let key: VerifierKey
        /// The witness's base URL; requests go to `<url>/add-checkpoint`.
        public let url: String
    }

    /// The witnesses, in file order.
    public let endpoints: [Endpoint]
    /// The k-of-n quorum over their keys.
    public let policy: WitnessPolicy
    /// What `/checkpoint` serves while the newest checkpoint lacks a quorum: the newest
    /// checkpoint that has one (false, fail closed: the default) or the newest signed checkpoint
    /// with whatever cosignatures it has (true, fail open).
    public var failOpen = false
    /// How often a witnessing round runs while the log grows.
    public var interval: Duration = .seconds(1)
    /// How often the latest checkpoint is sent again while the log does not grow, so that its
    /// cosignatures stay fresh.
    public var idleInterval: Duration = .seconds(60)
    /// How long a witness may take to answer.
    public var timeout: Duration = .seconds(1)

    /// The largest policy file accepted.
    public static let maxFileBytes = 1 << 16
    /// The most witnesses a policy may list: a cosigned checkpoint carries the log's signature
    /// and one cosignature per witness, and a note holds at most ``Note/maxSignatures``.
    public static let maxWitnesses = Note.maxSignatures - 1

    /// Parses a policy file; throws ``LogEngineError/Code/badConfiguration`` with the line
    /// number for anything else: an unknown keyword, a name used twice, a key that is not a
    /// `cosignature/v1` key, a URL that is not http(s), more than ``maxWitnesses`` witnesses, a
    /// missing or second `quorum` line, or a quorum outside 1…n (`all` means n).
    ///
    /// With `requireURLs` false (for auditors, who only check cosignatures) a witness line may
    /// omit its URL.
    public init(file bytes: [UInt8], requireURLs: Bool = true) throws(LogEngineError) {
        guard bytes.count <= Self.maxFileBytes, let text = String(validating: bytes, as: UTF8.self) else {
            throw LogEngineError(.badConfiguration, "the witness policy is not UTF-8 text of at most \(Self.maxFileBytes) bytes")
        }
        var endpoints: [Endpoint] = []
        var quorum: String?
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = raw.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let keyword = fields.first, !keyword.hasPrefix("#") else { continue }
            func bad(_ why: String) -> LogEngineError {
                LogEngineError(.badConfiguration, "witness policy line \(n + 1): \(why)")
            }
            switch keyword {
            case "witness":
                guard fields.count == 4 || (!requireURLs && fields.count == 3) else {
                    throw bad("a witness line is: witness NAME VERIFIER-KEY URL")
                }
                let name = String(fields[1])
                guard !endpoints.contains(where: { $0.name == name }) else { throw bad("the name \(name) is used twice") }
                let key: VerifierKey
                do {
                    key = try VerifierKey(parsing: fields[2])
                } catch {
                    throw bad("not a verifier key: \(error.message)")
                }
                guard key.type == .cosignatureV1 else { throw bad("the key of \(name) is not a cosignature/v1 key") }
                var url = fields.count == 4 ? String(fields[3]) : ""
                while url.hasSuffix("/") { url.removeLast() }
                guard fields.count == 3 || url.hasPrefix("http://") || url.hasPrefix("https://") else {
                    throw bad("\(fields[3]) is not an http(s) URL")
                }
                guard endpoints.count < Self.maxWitnesses else {
                    throw bad("a policy lists at most \(Self.maxWitnesses) witnesses")
                }
                endpoints.append(Endpoint(name: name, key: key, url: url))
            case "quorum":
                guard fields.count == 2, quorum == nil else { throw bad("one quorum line: quorum K (or all)") }
                quorum = String(fields[1])
            default:
                throw bad("unknown keyword \(keyword); expected witness or quorum")
            }
        }
        guard let quorum else { throw LogEngineError(.badConfiguration, "the witness policy has no quorum line") }
        let k = quorum == "all" ? endpoints.count : Int(quorum) ?? -1
        guard (1...max(1, endpoints.count)).contains(k), !endpoints.isEmpty else {
            throw LogEngineError(.badConfiguration, "the quorum must be between 1 and \(endpoints.count) witnesses, not \(quorum)")
        }
        do {
            self.policy = try WitnessPolicy(witnesses: endpoints.map(\.key), threshold: k)
        } catch {
            throw LogEngineError(.badConfiguration, "witness policy: \(error.message)")
        }
        self.endpoints = endpoints
    }
}
