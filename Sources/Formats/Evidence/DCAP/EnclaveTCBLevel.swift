// A TCB level keyed by one ISVSVN: the levels of a QE Identity (Enclave Identity v2 `tcbLevels`)
// and of a TDX module identity in TCB Info v3 (`tdxModuleIdentities[].tcbLevels`):
//   {"tcb": {"isvsvn": 4}, "tcbDate": "2024-03-13T00:00:00Z", "tcbStatus": "UpToDate", "advisoryIDs": [...]}

/// One TCB level of an enclave or TDX module identity.
public struct EnclaveTCBLevel: Hashable, Sendable {
    /// The lowest ISVSVN this level applies to.
    public let isvSVN: UInt16
    /// The level's date, as written (RFC 3339).
    public let tcbDate: String
    /// The level's status.
    public let tcbStatus: TCBStatus
    /// The advisories that apply at this level (none when absent).
    public let advisoryIDs: [String]

    struct JSON: Decodable {
        struct TCB: Decodable { let isvsvn: UInt16 }
        let tcb: TCB
        let tcbDate: String
        let tcbStatus: String
        let advisoryIDs: [String]?
    }

    init(_ json: JSON, field: String) throws(EvidenceError) {
        _ = try DCAPHex.date(json.tcbDate, field: "\(field).tcbDate")
        isvSVN = json.tcb.isvsvn
        tcbDate = json.tcbDate
        tcbStatus = try TCBStatus.parse(json.tcbStatus, field: "\(field).tcbStatus")
        advisoryIDs = json.advisoryIDs ?? []
    }

    /// The first of `levels` whose ISVSVN is at most `isvSVN` (Intel orders levels from the
    /// highest ISVSVN down), or nil when `isvSVN` is below them all.
    public static func match(_ isvSVN: UInt16, in levels: [EnclaveTCBLevel]) -> EnclaveTCBLevel? {
        levels.first { $0.isvSVN <= isvSVN }
    }
}
