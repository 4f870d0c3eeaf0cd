// AMD SEV-SNP Firmware ABI (publication 56860) §2.2 TCB_VERSION: eight bytes, one security
// patch level per firmware component. The layout depends on the product
// (Tests/Vectors/tee/sev-snp/README.md §TCB version layout), byte 0 first (little-endian u64):
//   Milan, Genoa: [BOOT_LOADER, TEE, reserved ×4, SNP, MICROCODE]
//   Turin:        [FMC, BOOT_LOADER, TEE, SNP, reserved ×3, MICROCODE]

/// A TCB version decoded with a product's layout.
public struct SNPTCBVersion: Hashable, Sendable, CustomStringConvertible {
    /// The raw value as the report holds it (little-endian u64).
    public let raw: UInt64
    /// The product whose layout decoded it.
    public let product: SNPProduct
    /// The PSP boot loader's security patch level.
    public let bootLoader: UInt8
    /// The PSP operating system's security patch level.
    public let tee: UInt8
    /// The SNP firmware's security patch level.
    public let snp: UInt8
    /// The lowest microcode patch level of all cores.
    public let microcode: UInt8
    /// The FMC (first mutable code) security patch level: Turin only, nil for Milan and Genoa.
    public let fmc: UInt8?

    /// Decodes `raw` with `product`'s layout. Reserved bytes are kept in ``raw`` only.
    public init(raw: UInt64, product: SNPProduct) {
        self.raw = raw
        self.product = product
        let b = (0..<8).map { UInt8(truncatingIfNeeded: raw >> (8 * UInt64($0))) }
        switch product {
        case .milan, .genoa:
            (fmc, bootLoader, tee, snp, microcode) = (nil, b[0], b[1], b[6], b[7])
        case .turin:
            (fmc, bootLoader, tee, snp, microcode) = (b[0], b[1], b[2], b[3], b[7])
        }
    }

    /// A TCB version from its components, laid out for `product` (reserved bytes zero; `fmc`
    /// is ignored for Milan and Genoa).
    public init(product: SNPProduct, bootLoader: UInt8, tee: UInt8, snp: UInt8, microcode: UInt8, fmc: UInt8? = nil) {
        let bytes: [UInt8] = switch product {
        case .milan, .genoa: [bootLoader, tee, 0, 0, 0, 0, snp, microcode]
        case .turin: [fmc ?? 0, bootLoader, tee, snp, 0, 0, 0, microcode]
        }
        self.init(raw: bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }, product: product)
    }

    /// The named components, in layout order, with their names: what TCB comparisons compare.
    public var components: [(name: String, value: UInt8)] {
        var out: [(String, UInt8)] = []
        if let fmc { out.append(("fmc", fmc)) }
        out += [("bl", bootLoader), ("tee", tee), ("snp", snp), ("ucode", microcode)]
        return out
    }

    /// Whether every component is at most the same component of `other` (same product).
    public func isComponentwise(atMost other: Self) -> Bool {
        zip(components, other.components).allSatisfy { $0.value <= $1.value }
    }

    /// Whether the named components are equal (reserved bytes aside).
    public func hasSameComponents(as other: Self) -> Bool {
        components.map(\.value) == other.components.map(\.value)
    }

    /// `bl/tee/snp/ucode`, with `fmc/` first for Turin: `3/0/8/115`.
    public var description: String { components.map { String($0.value) }.joined(separator: "/") }
}
