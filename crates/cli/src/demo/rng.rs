//! A small deterministic pseudo-random generator for the demo data.
//!
//! SplitMix64 (Steele, Lea & Flood 2014): one 64-bit word of state, fast,
//! good enough statistically for synthetic data, and — what matters here —
//! the same sequence on every platform and every Rust version, so the same
//! seed always gives byte-identical files. No external crate is needed.
//!
//! Independent streams (one per person, one per system, …) are derived from
//! the seed with [`Rng::derive`], so adding a draw in one place does not
//! shift every value generated after it.
//!
//! [`Strata`] spreads rare cases evenly: a golden-ratio (Weyl) sequence gives
//! every category almost exactly its share of the items, even for small
//! files where independent coin flips could leave a case out.

/// The golden-ratio increment of SplitMix64.
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 output function.
const fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64 generator.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// An independent generator for item `index` of stream `stream`.
    pub fn derive(seed: u64, stream: u64, index: u64) -> Self {
        let a = mix(seed ^ mix(stream.wrapping_mul(GAMMA) ^ 0x5EED));
        Self::new(mix(a ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03)))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GAMMA);
        mix(self.state)
    }

    /// A uniform float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        // 53 random bits: exactly representable, platform independent.
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A number in `0..n` (0 when `n` is 0). Multiply-high: the tiny bias is
    /// irrelevant for demo data and the result is deterministic.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lo..=hi` (`lo` when `hi < lo`).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = hi.abs_diff(lo).saturating_add(1);
        lo.saturating_add_unsigned(self.below(span))
    }

    /// An index in `0..len` (0 when `len` is 0).
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// `true` with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A uniformly chosen element; `None` only for an empty slice.
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> Option<&'a T> {
        xs.get(self.index(xs.len()))
    }

    /// A uniformly chosen string from a vocabulary (`""` if it is empty).
    pub fn word(&mut self, xs: &[&'static str]) -> &'static str {
        self.pick(xs).copied().unwrap_or("")
    }

    /// An element chosen with the given integer weights (`None` if all are 0).
    pub fn weighted<'a, T>(&mut self, xs: &'a [(T, u32)]) -> Option<&'a T> {
        let total: u64 = xs.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut r = self.below(total);
        for (x, w) in xs {
            let w = u64::from(*w);
            if r < w {
                return Some(x);
            }
            r -= w;
        }
        None
    }

    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.index(i + 1);
            xs.swap(i, j);
        }
    }
}

/// Assigns items to rare categories in exact proportions.
///
/// Each call to [`Strata::next`] returns a point of the Weyl sequence
/// `frac(start + k·φ⁻¹)`; a category is an interval of `[0, 1)`. Over `n`
/// items an interval of length `f` receives `n·f` items give or take about
/// one, so a case planned at 0.3 % of 2,000 accounts really shows up ~6 times.
#[derive(Debug, Clone)]
pub struct Strata {
    pos: f64,
}

impl Strata {
    /// φ⁻¹ = (√5 − 1) / 2.
    const STEP: f64 = 0.618_033_988_749_894_8;

    /// A sequence with a random starting point.
    pub fn new(rng: &mut Rng) -> Self {
        Self { pos: rng.unit() }
    }

    /// The next point in `[0, 1)`.
    pub fn next(&mut self) -> f64 {
        self.pos += Self::STEP;
        if self.pos >= 1.0 {
            self.pos -= 1.0;
        }
        self.pos
    }

    /// The index of the category the next point falls in, given the category
    /// widths in order; `widths.len()` when it falls past all of them.
    pub fn category(&mut self, widths: &[f64]) -> usize {
        let u = self.next();
        let mut edge = 0.0;
        for (i, w) in widths.iter().enumerate() {
            edge += w;
            if u < edge {
                return i;
            }
        }
        widths.len()
    }
}

/// The share of `n_expected` items to plan for a case so that it shows up at
/// least `min` times even in a small file: `max(share, (min + 1.5) / n)`.
pub fn share_at_least(share: f64, min: u32, n_expected: u64) -> f64 {
    if n_expected == 0 {
        return share;
    }
    share.max((f64::from(min) + 1.5) / n_expected as f64)
}

/// `max(min, round(share · n))`, capped at `n`: how many of `n` items get a case.
pub fn quota(share: f64, min: usize, n: usize) -> usize {
    let k = (share * n as f64).round() as usize;
    k.max(min).min(n)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn splitmix_reference_values() {
        // First outputs of SplitMix64 seeded with 0 (reference implementation).
        let mut r = Rng::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn derive_gives_distinct_streams() {
        let a = Rng::derive(7, 1, 0).next_u64();
        let b = Rng::derive(7, 1, 1).next_u64();
        let c = Rng::derive(7, 2, 0).next_u64();
        assert!(a != b && a != c && b != c);
    }

    #[test]
    fn ranges_stay_in_bounds() {
        let mut r = Rng::new(42);
        for _ in 0..10_000 {
            let x = r.range(-3, 5);
            assert!((-3..=5).contains(&x));
            assert!(r.below(7) < 7);
            let u = r.unit();
            assert!((0.0..1.0).contains(&u));
        }
        assert_eq!(r.range(4, 4), 4);
        assert_eq!(r.below(0), 0);
    }

    #[test]
    fn strata_are_proportional() {
        let mut r = Rng::new(1);
        let mut s = Strata::new(&mut r);
        let mut counts = [0usize; 3];
        for _ in 0..2_000 {
            counts[s.category(&[0.003, 0.03])] += 1;
        }
        assert!((5..=7).contains(&counts[0]), "{counts:?}");
        assert!((58..=62).contains(&counts[1]), "{counts:?}");
    }
}
