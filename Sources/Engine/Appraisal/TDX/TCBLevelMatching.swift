// Intel DCAP TCB level matching for TDX (dcap-qvl verify.rs match_platform_tcb and
// match_tdx_module_identity; Intel QVL TCB level check for TCB Info v3):
// - platform: the first TCB Info level whose 16 SGX components are each ≤ the PCK certificate's,
//   whose PCESVN is ≤ the PCK's, and whose TDX components are each ≤ TEE_TCB_SVN. When the TDX
//   module's major version (TEE_TCB_SVN[1]) is not 0, TDX components 0 and 1 (module SVN and
//   major version) are left to the module identity, as Intel's QVL does: a newer module line
//   has its own SVN numbering;
// - module: the identity `TDX_%02X` of TEE_TCB_SVN[1]; its MRSIGNER equals MRSIGNERSEAM, its
//   masked attributes equal SEAMATTRIBUTES under the mask, and its first level with ISVSVN ≤
//   TEE_TCB_SVN[0] gives the module's status. Major version 0 has no identity: the top-level
//   `tdxModule` signer and attributes apply and add no status. Anything else fails closed.
import Evidence
import CryptoPrimitives

/// The TCB level matching steps of a TDX appraisal.
enum TCBLevelMatching {
    /// The first platform level that applies, or nil.
    static func platformLevel(pck: SGXPCKExtension, teeTCBSVN: [UInt8], in tcbInfo: TCBInfo) -> TCBInfo.TCBLevel? {
        let firstTDX = teeTCBSVN[1] == 0 ? 0 : 2
        return tcbInfo.tcbLevels.first { level in
            zip(level.sgxTCBComponents, pck.sgxTCBComponents).allSatisfy { $0 <= $1 }
                && level.pceSVN <= pck.pceSVN
                && level.tdxTCBComponents.count == teeTCBSVN.count
                && (firstTDX..<teeTCBSVN.count).allSatisfy { level.tdxTCBComponents[$0] <= teeTCBSVN[$0] }
        }
    }

    /// The outcome of matching the TDX module against the TCB Info.
    enum ModuleMatch {
        /// The identity matched and this level gives the module's status.
        case level(id: String, EnclaveTCBLevel)
        /// Major version 0: the top-level `tdxModule` matched; no module status.
        case noIdentity
        /// No identity applies, or it does not match: why.
        case failure(String)
    }

    /// Matches the TD report's module fields against `tcbInfo`.
    static func module(_ body: TDReportBody, in tcbInfo: TCBInfo) -> ModuleMatch {
        let svn = body.teeTCBSVN[0], major = body.teeTCBSVN[1]
        func signerAndAttributes(_ name: String, mrSigner: [UInt8], attributes: [UInt8], mask: [UInt8]) -> String? {
            if mrSigner != body.mrSignerSEAM {
                return "\(name) MRSIGNER \(Hex.encode(mrSigner)) ≠ MRSIGNERSEAM \(Hex.encode(body.mrSignerSEAM))"
            }
            let masked = zip(body.seamAttributes, mask).map { $0 & $1 }
            if masked != attributes {
                return "SEAMATTRIBUTES \(Hex.encode(body.seamAttributes)) under mask \(Hex.encode(mask)) is \(Hex.encode(masked)), \(name) expects \(Hex.encode(attributes))"
            }
            return nil
        }
        guard major != 0 else {
            guard let module = tcbInfo.tdxModule else {
                return .failure("TEE_TCB_SVN[1] is 0 and the TCB Info has no tdxModule")
            }
            if let failure = signerAndAttributes("tdxModule", mrSigner: module.mrSigner, attributes: module.attributes, mask: module.attributesMask) {
                return .failure(failure)
            }
            return .noIdentity
        }
        let id = "TDX_" + (major < 16 ? "0" : "") + String(major, radix: 16, uppercase: true)
        guard let identity = tcbInfo.tdxModuleIdentities.first(where: { $0.id == id }) else {
            return .failure("the TCB Info has no module identity \(id) (TEE_TCB_SVN[1] = \(major)); it lists \(tcbInfo.tdxModuleIdentities.map(\.id).joined(separator: ", "))")
        }
        if let failure = signerAndAttributes(id, mrSigner: identity.mrSigner, attributes: identity.attributes, mask: identity.attributesMask) {
            return .failure(failure)
        }
        guard let level = EnclaveTCBLevel.match(UInt16(svn), in: identity.tcbLevels) else {
            return .failure("module SVN \(svn) is below every level of \(id) (lowest \(identity.tcbLevels.map(\.isvSVN).min().map(String.init) ?? "none"))")
        }
        return .level(id: id, level)
    }
}
