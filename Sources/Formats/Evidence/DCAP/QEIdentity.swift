// Intel PCS Enclave Identity v2 for the TD Quoting Enclave (id `TD_QE`): the identity the QE
// report must match, and its TCB levels by ISVSVN.
//   {"id":"TD_QE","version":2,"issueDate":…,"nextUpdate":…,"tcbEvaluationDataNumber":17,
//    "miscselect":"00000000","miscselectMask":"FFFFFFFF","attributes":"1100…","attributesMask":"FBFF…",
//    "mrsigner":"DC9E2A7C…","isvprodid":2,"tcbLevels":[{"tcb":{"isvsvn":4},"tcbDate":…,"tcbStatus":…}]}
// Parsed from the exact bytes Intel signed; fields not used by the appraisal are ignored.
public import Foundation

/// A parsed QE Identity object.
public struct QEIdentity: Hashable, Sendable {
    /// `id`: `TD_QE` for the TDX Quoting Enclave.
    public let id: String
    /// `version`: 2 (3 is accepted by the appraisal too).
    public let version: Int
    /// `issueDate`.
    public let issueDate: Date
    /// `nextUpdate`.
    public let nextUpdate: Date
    /// `tcbEvaluationDataNumber`.
    public let tcbEvaluationDataNumber: Int
    /// `miscselect` (4 bytes, the big-endian hex of a 32-bit value: the report's little-endian
    /// MISCSELECT bytes reversed).
    public let miscSelect: [UInt8]
    /// `miscselectMask` (4 bytes, big-endian like ``miscSelect``).
    public let miscSelectMask: [UInt8]
    /// `attributes` (16 bytes).
    public let attributes: [UInt8]
    /// `attributesMask` (16 bytes).
    public let attributesMask: [UInt8]
    /// `mrsigner` (32 bytes).
    public let mrSigner: [UInt8]
    /// `isvprodid`.
    public let isvProdID: UInt16
    /// `tcbLevels`, highest ISVSVN first.
    public let tcbLevels: [EnclaveTCBLevel]

    private struct JSON: Decodable {
        let id: String
        let version: Int
        let issueDate, nextUpdate: String
        let tcbEvaluationDataNumber: Int
        let miscselect, miscselectMask, attributes, attributesMask, mrsigner: String
        let isvprodid: UInt16
        let tcbLevels: [EnclaveTCBLevel.JSON]
    }

    /// Parses a QE Identity object (the `qe_identity` string of the collateral). Throws
    /// `badCollateral` for a missing field, a wrong type, a bad date, hex of the wrong size, an
    /// unknown TCB status, or no TCB level.
    public static func parse(json bytes: some Collection<UInt8>) throws(EvidenceError) -> Self {
        try Self(DCAPHex.json(JSON.self, from: Array(bytes), what: "QE Identity"))
    }

    private init(_ json: JSON) throws(EvidenceError) {
        id = json.id
        version = json.version
        issueDate = try DCAPHex.date(json.issueDate, field: "qeIdentity.issueDate")
        nextUpdate = try DCAPHex.date(json.nextUpdate, field: "qeIdentity.nextUpdate")
        tcbEvaluationDataNumber = json.tcbEvaluationDataNumber
        miscSelect = try DCAPHex.decode(json.miscselect, field: "qeIdentity.miscselect", count: 4)
        miscSelectMask = try DCAPHex.decode(json.miscselectMask, field: "qeIdentity.miscselectMask", count: 4)
        attributes = try DCAPHex.decode(json.attributes, field: "qeIdentity.attributes", count: 16)
        attributesMask = try DCAPHex.decode(json.attributesMask, field: "qeIdentity.attributesMask", count: 16)
        mrSigner = try DCAPHex.decode(json.mrsigner, field: "qeIdentity.mrsigner", count: 32)
        isvProdID = json.isvprodid
        guard !json.tcbLevels.isEmpty else { throw EvidenceError(.badCollateral, "qeIdentity.tcbLevels is empty") }
        var levels: [EnclaveTCBLevel] = []
        for (i, level) in json.tcbLevels.enumerated() {
            levels.append(try EnclaveTCBLevel(level, field: "qeIdentity.tcbLevels[\(i)]"))
        }
        tcbLevels = levels
    }
}
