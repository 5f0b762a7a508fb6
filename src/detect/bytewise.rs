//! Tests on sixteen bytes at once, packed little-endian into a `u128`: the
//! scans that run over every byte of an article (word counts, name
//! candidates, word lengths) take a whole window per step instead of a
//! branch per byte, which the CPU would mispredict at every word's end.

/// `0x01` in every byte.
const ONES: u128 = u128::MAX / 0xFF;
/// The high bit of every byte: each test answers there.
pub(super) const HIGH: u128 = ONES * 0x80;

/// The sixteen bytes of `bytes` from `start` on, zero past its end: one
/// load, also near the end when `bytes` has sixteen (the last sixteen,
/// shifted), where copying the few left would cost a `memcpy` call.
#[inline(always)]
pub(super) fn load(bytes: &[u8], start: usize) -> u128 {
    if let Some(window) = bytes.get(start..).and_then(<[u8]>::first_chunk::<16>) {
        return u128::from_le_bytes(*window);
    }
    let left = bytes.len().saturating_sub(start);
    match bytes.last_chunk::<16>() {
        Some(last) if left > 0 => u128::from_le_bytes(*last) >> (8 * (16 - left)),
        _ => {
            let mut x = 0;
            for (k, &b) in bytes.get(start..).unwrap_or_default().iter().enumerate() {
                x |= u128::from(b) << (8 * k);
            }
            x
        }
    }
}

/// The index of the first byte of `bytes` that `test` marks (sets the high
/// bit of, in the answer for its sixteen-byte window, zeros past the end),
/// `bytes.len()` when it marks none: a scan sixteen bytes a step.
#[inline(always)]
pub(super) fn position(bytes: &[u8], test: impl Fn(u128) -> u128) -> usize {
    let mut at = 0;
    while at < bytes.len() {
        let found = test(load(bytes, at));
        if found != 0 {
            return (at + found.trailing_zeros() as usize / 8).min(bytes.len());
        }
        at += 16;
    }
    bytes.len()
}

/// The high bit of each byte of `x` that is ASCII and within `lo..=hi`.
#[inline(always)]
pub(super) fn ascii_in(x: u128, lo: u8, hi: u8) -> u128 {
    debug_assert!(lo <= hi && hi < 0x80);
    // Per seven-bit byte, the high bit of `b + (0x80 - lo)` says `b >= lo`
    // and that of `b + (0x7F - hi)` says `b > hi`; no sum carries into the
    // next byte. Bytes of 0x80 and above are masked off by `!x`.
    let seven_bits = x & !HIGH;
    let at_least_lo = seven_bits + ONES * u128::from(0x80 - lo);
    let above_hi = seven_bits + ONES * u128::from(0x7F - hi);
    at_least_lo & !above_hi & !x & HIGH
}

/// The high bit of each byte of `x` that is ASCII.
#[inline(always)]
pub(super) fn ascii(x: u128) -> u128 {
    !x & HIGH
}

/// How many leading bytes have their high bit set in `mask` (an answer of
/// the tests above).
#[inline(always)]
pub(super) fn leading(mask: u128) -> usize {
    ((!mask & HIGH).trailing_zeros() / 8) as usize
}

/// How many bytes have their high bit set in `mask` (an answer of the tests
/// above, with no other bits set): the high bits are gathered into each
/// half's top byte by one multiply, cheaper than a population count where
/// the CPU has no instruction for it.
#[inline(always)]
pub(super) fn count(mask: u128) -> usize {
    debug_assert_eq!(mask & !HIGH, 0);
    let per_byte = |half: u64| ((half >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize;
    per_byte(mask as u64) + per_byte((mask >> 64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn load_reads_sixteen_bytes_zero_past_the_end() {
        let all: Vec<u8> = (1..=40).collect();
        for len in 0..=40 {
            let bytes = &all[..len];
            for start in 0..=len + 2 {
                let mut expected = [0u8; 16];
                for (k, slot) in expected.iter_mut().enumerate() {
                    *slot = bytes.get(start + k).copied().unwrap_or(0);
                }
                assert_eq!(
                    load(bytes, start),
                    u128::from_le_bytes(expected),
                    "{len} {start}"
                );
            }
        }
    }

    /// The byte-at-a-time answer of `ascii_in`.
    fn slow_ascii_in(bytes: [u8; 16], lo: u8, hi: u8) -> u128 {
        let mut mask = [0u8; 16];
        for (m, b) in mask.iter_mut().zip(bytes) {
            if (lo..=hi).contains(&b) {
                *m = 0x80;
            }
        }
        u128::from_le_bytes(mask)
    }

    proptest! {
        #[test]
        fn ascii_in_tests_every_byte_alone(bytes: [u8; 16], lo in 0u8..0x80, span in 0u8..0x80) {
            let hi = lo.saturating_add(span).min(0x7F);
            let x = u128::from_le_bytes(bytes);
            prop_assert_eq!(ascii_in(x, lo, hi), slow_ascii_in(bytes, lo, hi));
        }

        #[test]
        fn count_is_the_number_of_high_bits(bytes: [u8; 16]) {
            let mask = u128::from_le_bytes(bytes) & HIGH;
            prop_assert_eq!(count(mask), mask.count_ones() as usize);
        }

        #[test]
        fn leading_counts_up_to_the_first_clear_byte(bytes: [u8; 16]) {
            let mask = ascii(u128::from_le_bytes(bytes));
            prop_assert_eq!(leading(mask), bytes.iter().take_while(|b| b.is_ascii()).count());
        }
    }

    #[test]
    fn edges_of_the_range_are_inside() {
        let x = u128::from_le_bytes(*b"@AZ[`az{/09:\x7f\x80\xff ");
        let upper = ascii_in(x, b'A', b'Z').to_le_bytes();
        assert_eq!(
            upper.map(|b| b == 0x80),
            [
                false, true, true, false, false, false, false, false, false, false, false, false,
                false, false, false, false
            ]
        );
    }
}
