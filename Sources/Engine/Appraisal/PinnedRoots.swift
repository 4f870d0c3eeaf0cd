// The vendor roots every chain must end in, pinned by the SHA-256 of their DER
// (Tests/Vectors/tee/README.md §Pinned roots). A root that arrives with the evidence is compared
// with these, never trusted because it arrived.
import CryptoPrimitives

/// A compiled-in root: its name, platform and the SHA-256 of its DER.
public struct PinnedRoot: Hashable, Sendable {
    public let name: String
    public let platform: EvidencePlatform
    public let sha256: [UInt8]

    init(_ name: String, _ platform: EvidencePlatform, _ hex: String) {
        self.name = name
        self.platform = platform
        self.sha256 = Hex.decode(hex)!
    }

    /// The roots compiled into the appraiser.
    public static let builtIn: [PinnedRoot] = [
        PinnedRoot("AWS Nitro Enclaves Root-G1", .nitro, "641a0321a3e244efe456463195d606317ed7cdcc3c1756e09893f3c68f79bb5b"),
        PinnedRoot("AMD ARK-Milan", .sevSNP, "69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd"),
        PinnedRoot("AMD ARK-Genoa", .sevSNP, "4c6598d19c18719c5dfd4a7d335f674e5bfe1d8f800cea2cf270c10d103db2f1"),
        PinnedRoot("AMD ARK-Turin", .sevSNP, "1f084161a44bb6d93778a904877d4819cafa5d05ef4193b2ded9dd9c73dd3f6a"),
        PinnedRoot("Intel SGX Root CA", .tdx, "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3"),
    ]

    /// The roots trusted for `platform` under `policy`: the compiled-in ones and the policy's.
    public static func trusted(for platform: EvidencePlatform, policy: AppraisalPolicy) -> [PinnedRoot] {
        builtIn.filter { $0.platform == platform }
            + (policy.additionalRoots[platform] ?? []).map {
                PinnedRoot(name: "policy root \(Hex.encode($0).prefix(16))…", platform: platform, sha256: $0)
            }
    }

    init(name: String, platform: EvidencePlatform, sha256: [UInt8]) {
        self.name = name
        self.platform = platform
        self.sha256 = sha256
    }
}
