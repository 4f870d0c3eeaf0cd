// specs/verify.md, "Trust policy": the policy file. UTF-8 text, lines separated by LF; empty lines
// and lines starting with `#` are ignored; every other line is `<keyword> <value>` with exactly
// one space between them. `PolicyLines` checks these lexical rules; this file reads the keywords.
//
//     log log.example/receipts+1b6e3a7f+AUd1…
//     witness witness1.example+4a2c7e19+BH8k…
//     witness w2 witness2.example+19e2d4f0+BAq… https://w2.example   (the log's witness-file form)
//     quorum 1
//     issuer inference.example+3d432d6b+AYbt…
//     model-hash a478cf52c4ece66b66911030fee5be5f4060e9574903ededb1a5ef41e9edf326
//     max-age 86400
import CryptoPrimitives
import Merkle
import Notes
import Statements
import Appraisal
import PolicyText

extension TrustPolicy {
    /// The largest policy file accepted, in bytes.
    public static let maxFileCount = 1 << 20

    /// Parses a trust policy file.
    ///
    /// Throws ``VerificationError/Code/badPolicy`` for a file over ``maxFileCount`` bytes or not
    /// UTF-8, and with a message that starts with the line number for: a line that breaks the
    /// lexical rules (`PolicyLines`: a carriage return or another control character, a leading
    /// space, a value not after exactly one space or with a trailing space); an unknown keyword; a
    /// line without a value; a value that breaks its rule (specs/verify.md); a keyword other than `witness`, `issuer` and `evidence` given twice; no
    /// `log` or no `issuer` line; `quorum` without witnesses or witnesses without `quorum`; a quorum of 0 or above the number of
    /// witnesses.
    public init(file input: some Collection<UInt8>) throws(VerificationError) {
        let lines: PolicyLines
        do {
            lines = try PolicyLines(input, limit: Self.maxFileCount, what: "the policy file")
        } catch {
            throw VerificationError(.badPolicy, error.message)
        }
        var parser = PolicyFileParser()
        for line in lines {
            do {
                try parser.read(line)
            } catch {
                throw VerificationError(.badPolicy, "line \(line.number): \(error.message)")
            }
        }
        self = try parser.finish()
    }

    /// The policy as a policy file in canonical form: one line per setting, in the order of
    /// specs/verify.md, without comments; `origin` only when it is not the log key's name.
    /// Parsing the result gives an equal policy, and encoding that gives the same bytes.
    public var file: String {
        var out = "log \(logKey.encoded)\n"
        if origin != logKey.name { out += "origin \(origin)\n" }
        if let witnessPolicy {
            for witness in witnessPolicy.witnesses { out += "witness \(witness.encoded)\n" }
            out += "quorum \(witnessPolicy.threshold)\n"
        }
        for issuer in issuers.keys { out += "issuer \(issuer.verifierKey)\n" }
        let e = expectations
        if let modelHash = e.modelHash { out += "model-hash \(modelHash.hex)\n" }
        if let modelID = e.modelID { out += "model-id \(modelID)\n" }
        if let imageDigest = e.imageDigest { out += "image-digest \(imageDigest.value)\n" }
        if let platform = e.platform { out += "platform \(platform.rawValue)\n" }
        if let nonce = e.nonce { out += "nonce \(Hex.encode(nonce))\n" }
        if let maximumAge = e.maximumAge { out += "max-age \(maximumAge)\n" }
        if e.clockSkew != 0 { out += "clock-skew \(e.clockSkew)\n" }
        for kind in e.evidenceKinds { out += "evidence \(kind)\n" }
        for line in e.appraisal.lines { out += line + "\n" }
        return out
    }
}

/// Reads a policy file line by line and builds the policy at the end.
private struct PolicyFileParser {
    var logKey: VerifierKey?
    var origin: String?
    var witnesses: [VerifierKey] = []
    var quorum: Int?
    var issuers: [IssuerKey] = []
    var expectations = TrustPolicy.Expectations()
    var seen = Set<String>()
    var tcbStatusesGiven = false

    mutating func read(_ line: PolicyLine) throws(VerificationError) {
        guard let value = line.value else {
            throw VerificationError(.badPolicy, "expected '<keyword> <value>'")
        }
        let keyword = String(line.keyword)
        let repeatable: Set<String> = ["witness", "issuer", "evidence", "evidence-tcb-status", "evidence-root", "evidence-measurement"]
        if !repeatable.contains(keyword) {
            guard seen.insert(keyword).inserted else {
                throw VerificationError(.badPolicy, "\(keyword) is given twice")
            }
        }
        switch keyword {
        case "log": logKey = try Self.noteKey(value, type: .ed25519, what: "the log key")
        case "origin": origin = String(value)
        case "witness":
            // The log's witness-file form is accepted as it is (specs/verify.md, "Trust policy"):
            // its NAME is the operator's label and its URL where the log sends checkpoints, and
            // neither matters to a verifier, which trusts the key.
            let fields: WitnessLine
            do {
                fields = try WitnessLine(line)
            } catch {
                throw VerificationError(.badPolicy, error.reason)
            }
            witnesses.append(try Self.noteKey(fields.key, type: .cosignatureV1, what: "a witness key"))
        case "quorum": quorum = Int(try Self.decimal(value, what: "the quorum"))
        case "issuer":
            do {
                issuers.append(try IssuerKey(verifierKey: value))
            } catch {
                throw VerificationError(.badPolicy, "issuer: \(error.message)")
            }
        case "model-hash":
            guard let bytes = Hex.decode(value), bytes.count == 32, let hash = try? Hash(bytes: bytes) else {
                throw VerificationError(.badPolicy, "model-hash is 64 lower-case hex digits")
            }
            expectations.modelHash = hash
        case "model-id": expectations.modelID = String(value)
        case "image-digest":
            do {
                expectations.imageDigest = try InferenceReceiptDigest(value)
            } catch {
                throw VerificationError(.badPolicy, error.message)
            }
        case "platform":
            guard let platform = AIRPlatform(rawValue: String(value)) else {
                throw VerificationError(
                    .badPolicy, "platform is one of \(AIRPlatform.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            expectations.platform = platform
        case "nonce":
            guard let nonce = Hex.decode(value) else {
                throw VerificationError(.badPolicy, "nonce is lower-case hex")
            }
            expectations.nonce = nonce
        case "max-age": expectations.maximumAge = try Self.decimal(value, what: "max-age")
        case "clock-skew": expectations.clockSkew = try Self.decimal(value, what: "clock-skew")
        case "evidence": expectations.evidenceKinds.append(String(value))
        case _ where AppraisalPolicy.keywords.contains(keyword):
            do {
                try expectations.appraisal.apply(keyword: keyword, value: String(value), tcbStatusesGiven: &tcbStatusesGiven)
            } catch {
                throw VerificationError(.badPolicy, error.message)
            }
        default:
            throw VerificationError(.badPolicy, "unknown keyword \"\(keyword.prefix(64))\"")
        }
    }

    func finish() throws(VerificationError) -> TrustPolicy {
        guard let logKey else { throw VerificationError(.badPolicy, "the policy has no log line") }
        guard !issuers.isEmpty else { throw VerificationError(.badPolicy, "the policy has no issuer line") }
        let issuerList: IssuerList
        do {
            issuerList = try IssuerList(keys: issuers)
        } catch {
            throw VerificationError(.badPolicy, "issuers: \(error.message)")
        }
        var witnessPolicy: WitnessPolicy?
        switch (witnesses.isEmpty, quorum) {
        case (true, nil): witnessPolicy = nil
        case (true, .some): throw VerificationError(.badPolicy, "quorum is given without witness lines")
        case (false, nil): throw VerificationError(.badPolicy, "witness lines need a quorum line")
        case (false, .some(let k)):
            guard k >= 1 else { throw VerificationError(.badPolicy, TrustPolicy.quorumZero(witnesses: witnesses.count)) }
            guard k <= witnesses.count else {
                throw VerificationError(.badPolicy, "quorum \(k) needs at least \(k) witnesses; this file lists \(witnesses.count)")
            }
            do {
                witnessPolicy = try WitnessPolicy(witnesses: witnesses, threshold: k)
            } catch {
                throw VerificationError(.badPolicy, error.message)
            }
        }
        return try TrustPolicy(
            logKey: logKey, origin: origin, witnessPolicy: witnessPolicy, issuers: issuerList,
            expectations: expectations)
    }

    static func noteKey(_ text: Substring, type: SignatureType, what: String) throws(VerificationError) -> VerifierKey {
        let key: VerifierKey
        do {
            key = try VerifierKey(parsing: text)
        } catch {
            throw VerificationError(.badPolicy, "\(what) is not a verifier key: \(error.message)")
        }
        guard key.type == type else {
            throw VerificationError(
                .badPolicy, "\(what) has type 0x0\(key.type.rawValue); it must be 0x0\(type.rawValue)")
        }
        return key
    }

    /// A decimal number without leading zeros, below 2^63.
    static func decimal(_ text: Substring, what: String) throws(VerificationError) -> UInt64 {
        guard text.utf8.count <= 18, let value = Decimal64.parse(text.utf8) else {
            throw VerificationError(.badPolicy, "\(what) is a decimal number below 10^18 without leading zeros")
        }
        return value
    }
}
