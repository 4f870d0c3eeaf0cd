// The AMD EPYC product lines whose SEV-SNP endorsement keys and TCB layouts differ
// (Tests/Vectors/tee/sev-snp/README.md §TCB version layout). A version 2 report carries no CPUID,
// so the product is taken from the VCEK/VLEK: its issuer's common name (`SEV-Milan`,
// `SEV-VLEK-Genoa`…) or its productName extension (`Milan-B0`).

/// An AMD product line with SEV-SNP: it decides the TCB byte layout and the AMD chain.
public enum SNPProduct: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case milan = "Milan"
    case genoa = "Genoa"
    case turin = "Turin"

    public var description: String { rawValue }

    /// The product an AMD signing key's common name names: `SEV-<Product>` (ASK) or
    /// `SEV-VLEK-<Product>` (ASVK). Nil for any other name.
    public init?(signingKeyCommonName name: String) {
        let product: Substring
        if name.hasPrefix("SEV-VLEK-") {
            product = name.dropFirst("SEV-VLEK-".count)
        } else if name.hasPrefix("SEV-") {
            product = name.dropFirst("SEV-".count)
        } else {
            return nil
        }
        guard let value = Self(rawValue: String(product)) else { return nil }
        self = value
    }

    /// The product a VCEK/VLEK productName extension names: the product, optionally followed by
    /// `-` and a stepping (`Milan-B0`, `Genoa`, `Turin`). Nil for any other name.
    public init?(productName: String) {
        let product = productName.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard let value = Self(rawValue: String(product)) else { return nil }
        self = value
    }
}
