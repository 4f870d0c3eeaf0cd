// The log's witnesses and the quorum a checkpoint needs before it is published
// (specs/http-api.md, "Witnessing"). The file is a subset of the Sigsum policy grammar
// (one implicit group), lexed as every policy file is (`PolicyLines`: fields separated by exactly
// one space, `#` comments at the start of a line); its witness line is the grammar it shares with
// the trust policy (`WitnessLine`), with the NAME and URL a log needs:
//
//     # witness NAME VERIFIER-KEY URL
//     witness w1 w1.example+4a9c1b2e+BPj… https://w1.example/
//     witness w2 w2.example+19e2d4f0+BAq… https://w2.example/
//     quorum 2
public import Notes
import PolicyText

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

    /// Parses a policy file; throws ``LogEngineError/Code/badConfiguration`` for a file over
    /// ``maxFileBytes`` or not UTF-8, and with the line number for anything else: a line that
    /// breaks the lexical rules (`PolicyLines`), a witness line that breaks the shared grammar
    /// (`WitnessLine`: fields not separated by exactly one space, a URL that is not http(s)), a
    /// witness line without a NAME or (with `requireURLs`) without a URL, an unknown keyword, a
    /// name used twice, a key that is not a `cosignature/v1` key, more than ``maxWitnesses``
    /// witnesses, a missing or second `quorum` line, or a quorum outside 1…n (`all` means n;
    /// the message of a quorum above n names both numbers, and of 0 says why it is refused).
    ///
    /// With `requireURLs` false (for auditors, who only check cosignatures) a witness line may
    /// omit its URL.
    public init(file bytes: [UInt8], requireURLs: Bool = true) throws(LogEngineError) {
        let lines: PolicyLines
        do {
            lines = try PolicyLines(bytes, limit: Self.maxFileBytes, what: "the witness policy")
        } catch {
            throw LogEngineError(.badConfiguration, error.line == nil ? error.message : "witness policy \(error.message)")
        }
        var endpoints: [Endpoint] = []
        var quorum: String?
        for line in lines {
            func bad(_ why: String) -> LogEngineError {
                LogEngineError(.badConfiguration, "witness policy line \(line.number): \(why)")
            }
            switch line.keyword {
            case "witness":
                // One grammar with the trust policy's witness line (`WitnessLine`); the log needs
                // the NAME and the URL, an auditor the NAME.
                let fields: WitnessLine
                do {
                    fields = try WitnessLine(line)
                } catch {
                    throw bad(error.reason)
                }
                guard let nameField = fields.name else {
                    throw bad(
                        "a log's witness line is `witness NAME VERIFIER-KEY URL`: the log must know where to send checkpoints; "
                            + "this line has only a key (`witness VERIFIER-KEY` is the trust policy's form)")
                }
                guard fields.url != nil || !requireURLs else {
                    throw bad(
                        "a log's witness line is `witness NAME VERIFIER-KEY URL`: the log must know where to send checkpoints; this line has no URL")
                }
                let name = String(nameField)
                guard !endpoints.contains(where: { $0.name == name }) else { throw bad("the name \(name) is used twice") }
                let key: VerifierKey
                do {
                    key = try VerifierKey(parsing: fields.key)
                } catch {
                    throw bad("not a verifier key: \(error.message)")
                }
                guard key.type == .cosignatureV1 else { throw bad("the key of \(name) is not a cosignature/v1 key") }
                var url = fields.url.map(String.init) ?? ""
                while url.hasSuffix("/") { url.removeLast() }
                guard endpoints.count < Self.maxWitnesses else {
                    throw bad("a policy lists at most \(Self.maxWitnesses) witnesses")
                }
                endpoints.append(Endpoint(name: name, key: key, url: url))
            case "quorum":
                guard let value = line.value, !value.contains(" "), quorum == nil else { throw bad("one quorum line: quorum K (or all)") }
                quorum = String(value)
            default:
                throw bad("unknown keyword \(line.keyword); expected witness or quorum")
            }
        }
        guard let quorum else { throw LogEngineError(.badConfiguration, "the witness policy has no quorum line") }
        guard !endpoints.isEmpty else {
            throw LogEngineError(.badConfiguration, "the witness policy lists no witness; a quorum counts witnesses")
        }
        let n = endpoints.count
        guard let k = quorum == "all" ? n : Int(quorum), k >= 0, quorum.utf8.count <= 18 else {
            throw LogEngineError(.badConfiguration, "the quorum is a number from 1 to \(n), or all, not \(quorum.prefix(32))")
        }
        guard k >= 1 else {
            throw LogEngineError(
                .badConfiguration,
                "quorum 0 would publish checkpoints that no witness cosigned; a quorum is 1…\(n) of the \(n) witness(es) (to publish without witnesses, run the log without a witness file)")
        }
        guard k <= n else {
            throw LogEngineError(.badConfiguration, "quorum \(k) needs at least \(k) witnesses; this file lists \(n)")
        }
        do {
            self.policy = try WitnessPolicy(witnesses: endpoints.map(\.key), threshold: k)
        } catch {
            throw LogEngineError(.badConfiguration, "witness policy: \(error.message)")
        }
        self.endpoints = endpoints
    }
}
