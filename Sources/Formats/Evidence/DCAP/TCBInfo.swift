// Intel PCS TCB Info v3 for TDX (Intel SGX and TDX PCS API, "TCB Info V3"): the TCB levels of one
// platform (FMSPC), the TDX module's signer and attributes, and the module identities.
//   {"id":"TDX","version":3,"issueDate":…,"nextUpdate":…,"fmspc":"B0C06F000000","pceId":"0000",
//    "tcbType":0,"tcbEvaluationDataNumber":17,"tdxModule":{…},"tdxModuleIdentities":[…],
//    "tcbLevels":[{"tcb":{"sgxtcbcomponents":[{"svn":2,…}×16],"pcesvn":11,
//    "tdxtcbcomponents":[{"svn":5,…}×16]},"tcbDate":…,"tcbStatus":"UpToDate","advisoryIDs":[…]}]}
// Parsed from the exact bytes Intel signed; fields not used by the appraisal are ignored.
public import Foundation

/// A parsed TCB Info object. The appraisal checks `id`, `version` and the dates; the parser only
/// requires the fields to have their documented types and sizes.
public struct TCBInfo: Hashable, Sendable {
    /// `id`: `TDX` for TDX platforms (`SGX` otherwise).
    public let id: String
    /// `version`: 3 for TDX.
    public let version: Int
    /// `issueDate`.
    public let issueDate: Date
    /// `nextUpdate`: after this instant the TCB Info is stale.
    public let nextUpdate: Date
    /// `fmspc` (6 bytes).
    public let fmspc: [UInt8]
    /// `pceId` (2 bytes).
    public let pceID: [UInt8]
    /// `tcbType`.
    public let tcbType: Int
    /// `tcbEvaluationDataNumber`.
    public let tcbEvaluationDataNumber: Int
    /// `tdxModule`: the signer and attributes of TDX modules without a module identity.
    public let tdxModule: TDXModule?
    /// `tdxModuleIdentities`: per major version (`TDX_01`, `TDX_03`…) signer, attributes and levels.
    public let tdxModuleIdentities: [TDXModuleIdentity]
    /// `tcbLevels`, in Intel's order (best first).
    public let tcbLevels: [TCBLevel]

    /// `tdxModule`: MRSIGNERSEAM and SEAMATTRIBUTES expected of the TDX module.
    public struct TDXModule: Hashable, Sendable {
        /// `mrsigner` (48 bytes).
        public let mrSigner: [UInt8]
        /// `attributes` (8 bytes).
        public let attributes: [UInt8]
        /// `attributesMask` (8 bytes).
        public let attributesMask: [UInt8]
    }

    /// One entry of `tdxModuleIdentities`.
    public struct TDXModuleIdentity: Hashable, Sendable {
        /// `id`: `TDX_` and the module's major version as two upper-case hex digits.
        public let id: String
        /// `mrsigner` (48 bytes).
        public let mrSigner: [UInt8]
        /// `attributes` (8 bytes).
        public let attributes: [UInt8]
        /// `attributesMask` (8 bytes).
        public let attributesMask: [UInt8]
        /// `tcbLevels`, keyed by the module's SVN (TEE_TCB_SVN byte 0).
        public let tcbLevels: [EnclaveTCBLevel]
    }

    /// One entry of `tcbLevels`.
    public struct TCBLevel: Hashable, Sendable {
        /// The 16 SGX TCB component SVNs.
        public let sgxTCBComponents: [UInt8]
        /// `pcesvn`.
        public let pceSVN: UInt16
        /// The 16 TDX TCB component SVNs.
        public let tdxTCBComponents: [UInt8]
        /// `tcbDate`, as written (RFC 3339).
        public let tcbDate: String
        /// `tcbStatus`.
        public let tcbStatus: TCBStatus
        /// `advisoryIDs` (none when absent).
        public let advisoryIDs: [String]
    }

    private struct JSON: Decodable {
        struct Module: Decodable { let mrsigner, attributes, attributesMask: String }
        struct ModuleIdentity: Decodable {
            let id, mrsigner, attributes, attributesMask: String
            let tcbLevels: [EnclaveTCBLevel.JSON]
        }
        struct Component: Decodable { let svn: UInt8 }
        struct Level: Decodable {
            struct TCB: Decodable {
                let sgxtcbcomponents: [Component]
                let pcesvn: UInt16
                let tdxtcbcomponents: [Component]?
            }
            let tcb: TCB
            let tcbDate, tcbStatus: String
            let advisoryIDs: [String]?
        }
        let id: String
        let version: Int
        let issueDate, nextUpdate, fmspc, pceId: String
        let tcbType, tcbEvaluationDataNumber: Int
        let tdxModule: Module?
        let tdxModuleIdentities: [ModuleIdentity]?
        let tcbLevels: [Level]
    }

    /// Parses a TCB Info object (the `tcb_info` string of the collateral, not its envelope).
    /// Throws `badCollateral` for anything not of the documented form: a missing field, a wrong
    /// type, a date that is not RFC 3339, hex of the wrong size, a level without 16 SGX and 16
    /// TDX components, an unknown TCB status, or no level at all.
    public static func parse(json bytes: some Collection<UInt8>) throws(EvidenceError) -> Self {
        try Self(DCAPHex.json(JSON.self, from: Array(bytes), what: "TCB Info"))
    }

    private init(_ json: JSON) throws(EvidenceError) {
        id = json.id
        version = json.version
        issueDate = try DCAPHex.date(json.issueDate, field: "tcbInfo.issueDate")
        nextUpdate = try DCAPHex.date(json.nextUpdate, field: "tcbInfo.nextUpdate")
        fmspc = try DCAPHex.decode(json.fmspc, field: "tcbInfo.fmspc", count: 6)
        pceID = try DCAPHex.decode(json.pceId, field: "tcbInfo.pceId", count: 2)
        tcbType = json.tcbType
        tcbEvaluationDataNumber = json.tcbEvaluationDataNumber
        if let m = json.tdxModule {
            tdxModule = TDXModule(
                mrSigner: try DCAPHex.decode(m.mrsigner, field: "tcbInfo.tdxModule.mrsigner", count: 48),
                attributes: try DCAPHex.decode(m.attributes, field: "tcbInfo.tdxModule.attributes", count: 8),
                attributesMask: try DCAPHex.decode(m.attributesMask, field: "tcbInfo.tdxModule.attributesMask", count: 8))
        } else {
            tdxModule = nil
        }
        var identities: [TDXModuleIdentity] = []
        for (i, m) in (json.tdxModuleIdentities ?? []).enumerated() {
            let field = "tcbInfo.tdxModuleIdentities[\(i)]"
            var levels: [EnclaveTCBLevel] = []
            for (j, level) in m.tcbLevels.enumerated() {
                levels.append(try EnclaveTCBLevel(level, field: "\(field).tcbLevels[\(j)]"))
            }
            identities.append(TDXModuleIdentity(
                id: m.id,
                mrSigner: try DCAPHex.decode(m.mrsigner, field: "\(field).mrsigner", count: 48),
                attributes: try DCAPHex.decode(m.attributes, field: "\(field).attributes", count: 8),
                attributesMask: try DCAPHex.decode(m.attributesMask, field: "\(field).attributesMask", count: 8),
                tcbLevels: levels))
        }
        tdxModuleIdentities = identities
        guard !json.tcbLevels.isEmpty else { throw EvidenceError(.badCollateral, "tcbInfo.tcbLevels is empty") }
        var levels: [TCBLevel] = []
        for (i, level) in json.tcbLevels.enumerated() {
            let field = "tcbInfo.tcbLevels[\(i)]"
            let sgx = level.tcb.sgxtcbcomponents.map(\.svn)
            let tdx = level.tcb.tdxtcbcomponents?.map(\.svn) ?? []
            guard sgx.count == 16 else {
                throw EvidenceError(.badCollateral, "\(field) has \(sgx.count) SGX TCB components, expected 16")
            }
            guard tdx.count == 16 || (tdx.isEmpty && json.id != "TDX") else {
                throw EvidenceError(.badCollateral, "\(field) has \(tdx.count) TDX TCB components, expected 16")
            }
            _ = try DCAPHex.date(level.tcbDate, field: "\(field).tcbDate")
            levels.append(TCBLevel(
                sgxTCBComponents: sgx, pceSVN: level.tcb.pcesvn, tdxTCBComponents: tdx, tcbDate: level.tcbDate,
                tcbStatus: try TCBStatus.parse(level.tcbStatus, field: "\(field).tcbStatus"),
                advisoryIDs: level.advisoryIDs ?? []))
        }
        tcbLevels = levels
    }
}
