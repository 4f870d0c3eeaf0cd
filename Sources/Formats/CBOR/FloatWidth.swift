// RFC 8949 §3.3 and Appendix D: IEEE 754 half, single and double precision, converted by bit
// manipulation (Float16 is not available on every platform Swift supports).

/// Conversions between `Double` and the narrower IEEE 754 formats CBOR carries.
enum FloatWidth {
    /// The half-precision bits of `d` when half precision holds `d` exactly (every NaN maps to
    /// the canonical quiet NaN `0x7e00`, RFC 8949 §4.2.2); nil otherwise.
    static func halfBits(exactly d: Double) -> UInt16? {
        if d.isNaN { return 0x7e00 }
        let sign: UInt16 = d.sign == .minus ? 0x8000 : 0
        if d.isInfinite { return sign | 0x7c00 }
        if d == 0 { return sign }
        guard let single = singleBits(exactly: d) else { return nil }
        let exponent = Int((single >> 23) & 0xff) - 127
        let significand = (single & 0x7f_ffff) | 0x80_0000  // 24 bits with the hidden one
        switch exponent {
        case -14...15:
            // Normal half: 10 stored mantissa bits, so the low 13 of the single's must be zero.
            guard significand & 0x1fff == 0 else { return nil }
            return sign | UInt16(exponent + 15) << 10 | UInt16((significand & 0x7f_ffff) >> 13)
        case -24...(-15):
            // Subnormal half: value = m × 2^-24 with m < 1024; m = significand × 2^(exponent + 1).
            let shift = UInt32(-(exponent + 1))
            guard significand & ((1 << shift) - 1) == 0 else { return nil }
            return sign | UInt16(significand >> shift)
        default:
            return nil
        }
    }

    /// The single-precision bits of `d` when single precision holds `d` exactly (NaN included,
    /// as the canonical quiet NaN); nil otherwise.
    static func singleBits(exactly d: Double) -> UInt32? {
        if d.isNaN { return 0x7fc0_0000 }
        let f = Float(d)
        guard Double(f) == d else { return nil }
        return f.bitPattern
    }

    /// The value of half-precision bits (RFC 8949 Appendix D).
    static func double(fromHalf h: UInt16) -> Double {
        let exponent = Int((h >> 10) & 0x1f)
        let mantissa = Double(h & 0x3ff)
        let sign: FloatingPointSign = h & 0x8000 != 0 ? .minus : .plus
        switch exponent {
        case 0:
            return Double(sign: sign, exponent: -24, significand: mantissa)
        case 31:
            return mantissa == 0 ? (sign == .minus ? -.infinity : .infinity) : .nan
        default:
            return Double(sign: sign, exponent: exponent - 25, significand: mantissa + 1024)
        }
    }
}
