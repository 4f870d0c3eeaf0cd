// specs/verify.md, "Inputs": what a relying party supplies beside the bundle and the policy.
public import Statements
public import Foundation

/// The verifier's own inputs beside the bundle and the policy: the time, the model files it
/// holds, and the salts and data it was given to open commitments.
public struct VerificationInputs: Sendable {
    /// The model directory's manifest, or why it could not be hashed.
    public enum ModelFiles: Sendable {
        /// The manifest of the directory at `directory`.
        case manifest(ModelManifest, directory: String)
        /// The directory at `directory` could not be hashed.
        case unreadable(directory: String, StatementsError)
    }

    /// One commitment to open: the field's salt and data, as disclosed by the salt holder.
    public struct Opening: Sendable {
        /// The 32-byte salt.
        public let salt: [UInt8]
        /// The committed data.
        public let data: [UInt8]

        /// Creates an opening.
        public init(salt: [UInt8], data: [UInt8]) {
            self.salt = salt
            self.data = data
        }
    }

    /// The verifier's time in Unix seconds, for the policy's maximum age.
    public var now: UInt64
    /// The model files to recompute the model digest from, if any (`--model-dir`).
    public var modelFiles: ModelFiles?
    /// The commitments to open, by field (`--open`).
    public var openings: [CommitmentField: Opening]
    /// The instant to appraise hardware evidence at instead of the time the witnesses first saw
    /// it logged (`verify --at`); nil to use the witnesses' time.
    public var appraisalTime: Date?

    /// Creates inputs.
    public init(
        now: UInt64, modelFiles: ModelFiles? = nil, openings: [CommitmentField: Opening] = [:], appraisalTime: Date? = nil
    ) {
        self.appraisalTime = appraisalTime
        self.now = now
        self.modelFiles = modelFiles
        self.openings = openings
    }
}
