// The enclave measurements claim of AIR v1 (claim -65543): SHA-384 registers of an AWS Nitro
// enclave (PCR0, PCR1, PCR2, optional PCR8) or an Intel TDX guest (MRTD, RTMR0, RTMR1 carried in the
// pcr0/pcr1/pcr2 slots), told apart by `measurement_type` (air-v1.cddl, "Enclave Measurements").
public import CBOR

/// The platform of an AIR v1 receipt's measurements.
public enum AIRPlatform: String, Sendable, Hashable, CaseIterable {
    /// AWS Nitro Enclaves PCRs.
    case nitro = "nitro-pcr"
    /// Intel TDX MRTD and RTMRs.
    case tdx = "tdx-mrtd-rtmr"
}

/// The enclave measurements of an AIR v1 receipt.
///
/// Invariants: every register is 48 bytes (SHA-384); `pcr8` is nil for TDX.
public struct AIRMeasurements: Sendable, Hashable {
    /// The length of a measurement register: a SHA-384 digest.
    public static let registerSize = 48

    /// The platform (`measurement_type`).
    public let platform: AIRPlatform
    /// PCR0 (Nitro) or MRTD (TDX).
    public let pcr0: [UInt8]
    /// PCR1 (Nitro) or RTMR0 (TDX).
    public let pcr1: [UInt8]
    /// PCR2 (Nitro) or RTMR1 (TDX).
    public let pcr2: [UInt8]
    /// PCR8 (Nitro only, optional).
    public let pcr8: [UInt8]?

    /// Creates measurements; throws `BAD_MEASUREMENT_LENGTH` when a register is not 48 bytes and
    /// `TDX_PCR8_FORBIDDEN` when a TDX map would carry pcr8.
    public init(
        platform: AIRPlatform, pcr0: [UInt8], pcr1: [UInt8], pcr2: [UInt8], pcr8: [UInt8]? = nil
    ) throws(StatementsError) {
        for (name, register) in [("pcr0", pcr0), ("pcr1", pcr1), ("pcr2", pcr2), ("pcr8", pcr8 ?? pcr0)] {
            guard register.count == Self.registerSize else {
                throw StatementsError(
                    .badMeasurementLength, "\(name) is \(register.count) bytes; a SHA-384 register is 48")
            }
        }
        if platform == .tdx, pcr8 != nil {
            throw StatementsError(.tdxPCR8Forbidden, "a TDX measurement map has no pcr8")
        }
        self.platform = platform
        self.pcr0 = pcr0
        self.pcr1 = pcr1
        self.pcr2 = pcr2
        self.pcr8 = pcr8
    }

    /// Reads the measurement map (AIR v1 Layer 3 steps 5–8).
    ///
    /// Throws `WRONG_TYPE` (not a map), `UNKNOWN_MTYPE`, `MISSING_CLAIM` (a register is missing),
    /// `BAD_MEASUREMENT_LENGTH`, `TDX_PCR8_FORBIDDEN` and `UNKNOWN_MEASUREMENT_KEY`, in this order.
    init(cbor value: CBOR) throws(StatementsError) {
        guard let map = value.map else {
            throw StatementsError(.wrongType, "enclave_measurements (claim -65543) is not a map")
        }
        guard let typeValue = map[.text("measurement_type")] else {
            throw StatementsError(.unknownMeasurementType, "enclave_measurements has no measurement_type")
        }
        guard let typeName = typeValue.textString, let platform = AIRPlatform(rawValue: typeName) else {
            throw StatementsError(
                .unknownMeasurementType,
                "measurement_type is not nitro-pcr or tdx-mrtd-rtmr")
        }
        func register(_ name: String) throws(StatementsError) -> [UInt8]? {
            guard let value = map[.text(name)] else { return nil }
            guard let bytes = value.byteString, bytes.count == Self.registerSize else {
                let size = value.byteString.map { "\($0.count) bytes" } ?? "not a byte string"
                throw StatementsError(.badMeasurementLength, "\(name) is \(size); a SHA-384 register is 48 bytes")
            }
            return bytes
        }
        var registers: [[UInt8]] = []
        for name in ["pcr0", "pcr1", "pcr2"] {
            guard let bytes = try register(name) else {
                throw StatementsError(.missingClaim, "enclave_measurements has no \(name)")
            }
            registers.append(bytes)
        }
        if platform == .tdx, map[.text("pcr8")] != nil {
            throw StatementsError(.tdxPCR8Forbidden, "a TDX measurement map has no pcr8")
        }
        let pcr8 = try register("pcr8")
        let known: Set<CBOR> = [.text("measurement_type"), .text("pcr0"), .text("pcr1"), .text("pcr2"), .text("pcr8")]
        if let unknown = map.keys.first(where: { !known.contains($0) }) {
            let name = unknown.textString.map { "\"\($0.prefix(64))\"" } ?? "a non-text key"
            throw StatementsError(.unknownMeasurementKey, "enclave_measurements holds \(name), which AIR v1 does not define")
        }
        self.platform = platform
        self.pcr0 = registers[0]
        self.pcr1 = registers[1]
        self.pcr2 = registers[2]
        self.pcr8 = pcr8
    }

    /// The measurement map.
    public var cbor: CBOR {
        var map: [CBOR: CBOR] = [
            .text("measurement_type"): .text(platform.rawValue),
            .text("pcr0"): .bytes(pcr0), .text("pcr1"): .bytes(pcr1), .text("pcr2"): .bytes(pcr2),
        ]
        if let pcr8 { map[.text("pcr8")] = .bytes(pcr8) }
        return .map(map)
    }
}
