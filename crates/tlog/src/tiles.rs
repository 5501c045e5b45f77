//! C2SP tlog-tiles: tile paths, tile arithmetic and the right edge of the
//! tree kept in memory while appending.

use crate::merkle::{empty_root, mth, node_hash, Hash};

/// Hashes per full tile (tile height 8).
pub const TILE_WIDTH: u64 = 256;
/// Tile height.
pub const TILE_HEIGHT: u32 = 8;

/// `N` encoded as zero-padded 3-digit path elements, all but the last
/// prefixed with `x` (`1234067` → `x001/x234/067`).
pub fn encode_index(n: u64) -> String {
    let mut groups = vec![n % 1000];
    let mut rest = n / 1000;
    while rest > 0 {
        groups.push(rest % 1000);
        rest /= 1000;
    }
    let mut s = String::new();
    for (i, g) in groups.iter().rev().enumerate() {
        if i + 1 < groups.len() {
            s.push_str(&format!("x{g:03}/"));
        } else {
            s.push_str(&format!("{g:03}"));
        }
    }
    s
}

/// Parses an index encoded by [`encode_index`] (strictly: no other spelling).
pub fn decode_index(s: &str) -> Option<u64> {
    let parts: Vec<&str> = s.split('/').collect();
    let mut n: u64 = 0;
    for (i, p) in parts.iter().enumerate() {
        let digits = if i + 1 < parts.len() { p.strip_prefix('x')? } else { p };
        if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: u64 = digits.parse().ok()?;
        n = n.checked_mul(1000)?.checked_add(v)?;
    }
    // Reject redundant leading groups such as x000/001.
    if encode_index(n) != s {
        return None;
    }
    Some(n)
}

/// What a tile path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TileId {
    /// A hash tile at `level`, index `n`, `width` hashes (256 = full).
    Hash { level: u32, n: u64, width: u64 },
    /// An entry bundle.
    Entries { n: u64, width: u64 },
}

impl TileId {
    /// The path relative to the log root, e.g. `tile/0/x001/234.p/7`.
    pub fn path(&self) -> String {
        let (head, n, w) = match *self {
            TileId::Hash { level, n, width } => (level.to_string(), n, width),
            TileId::Entries { n, width } => ("entries".to_string(), n, width),
        };
        if w == TILE_WIDTH {
            format!("tile/{head}/{}", encode_index(n))
        } else {
            format!("tile/{head}/{}.p/{w}", encode_index(n))
        }
    }

    /// Parses `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`.
    pub fn parse(path: &str) -> Option<TileId> {
        let rest = path.strip_prefix("tile/")?;
        let (head, rest) = rest.split_once('/')?;
        let (idx, width) = match rest.split_once(".p/") {
            Some((idx, w)) => {
                if w.is_empty() || w.starts_with('0') || !w.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let w: u64 = w.parse().ok()?;
                if !(1..TILE_WIDTH).contains(&w) {
                    return None;
                }
                (idx, w)
            }
            None => (rest, TILE_WIDTH),
        };
        let n = decode_index(idx)?;
        if head == "entries" {
            return Some(TileId::Entries { n, width });
        }
        if head.is_empty() || (head.len() > 1 && head.starts_with('0')) || !head.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let level: u32 = head.parse().ok()?;
        if level > 63 {
            return None;
        }
        Some(TileId::Hash { level, n, width })
    }
}

/// 256^level, saturating.
pub fn span(level: u32) -> u64 {
    if level >= 8 {
        u64::MAX
    } else {
        1u64 << (8 * level)
    }
}

/// Number of full tiles at `level` in a tree of `size` leaves.
pub fn full_tiles(level: u32, size: u64) -> u64 {
    if level + 1 >= 8 {
        return 0;
    }
    size / span(level + 1)
}

/// Width of the partial tile at `level` for `size` (0: none).
pub fn partial_width(level: u32, size: u64) -> u64 {
    if level >= 8 {
        return 0;
    }
    (size / span(level)) % TILE_WIDTH
}

/// The tile holding hash `j` of tile-level `level` in a tree of `size`.
pub fn tile_for(level: u32, j: u64, size: u64) -> TileId {
    let n = j / TILE_WIDTH;
    let width = if n < full_tiles(level, size) { TILE_WIDTH } else { partial_width(level, size) };
    TileId::Hash { level, n, width }
}

/// Every tile a checkpoint of `size` requires: the full ones, then the
/// partial ones, level by level (the entry bundles mirror level 0).
pub fn levels_for(size: u64) -> u32 {
    let mut levels = 0;
    while levels < 8 && size / span(levels) > 0 {
        levels += 1;
    }
    levels
}

/// The right edge of the tree: for each tile level, the hashes of the
/// current partial tile. Appending a leaf hash completes tiles bottom-up.
#[derive(Debug, Clone, Default)]
pub struct TreeState {
    size: u64,
    partial: Vec<Vec<Hash>>,
}

impl TreeState {
    pub fn new() -> Self {
        TreeState { size: 0, partial: Vec::new() }
    }

    /// A state at `size` (a multiple of 256) from the partial tiles of
    /// levels ≥ 1 (`partial[l - 1]` for level l).
    pub fn from_partials(size: u64, upper: Vec<Vec<Hash>>) -> Self {
        let mut partial = vec![Vec::new()];
        partial.extend(upper);
        TreeState { size, partial }
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// The partial tile hashes of `level` (empty if none).
    pub fn partial(&self, level: u32) -> &[Hash] {
        self.partial.get(level as usize).map(|v| v.as_slice()).unwrap_or(&[])
    }

    /// Appends a leaf hash; `full(level, n, hashes)` is called for every
    /// tile this completes (level 0 first).
    pub fn append(&mut self, leaf: Hash, full: &mut dyn FnMut(u32, u64, &[Hash])) {
        let mut h = leaf;
        let mut level = 0usize;
        self.size += 1;
        loop {
            if self.partial.len() <= level {
                self.partial.push(Vec::with_capacity(TILE_WIDTH as usize));
            }
            self.partial[level].push(h);
            if self.partial[level].len() < TILE_WIDTH as usize {
                break;
            }
            let n = (self.size - 1) / span(level as u32 + 1);
            full(level as u32, n, &self.partial[level]);
            h = mth(&self.partial[level]);
            self.partial[level].clear();
            level += 1;
        }
    }

    /// The root hash of the tree.
    pub fn root(&self) -> Hash {
        let mut subtrees: Vec<Hash> = Vec::new();
        for p in self.partial.iter().rev() {
            let mut off = 0usize;
            for bit in (0..8).rev() {
                let w = 1usize << bit;
                if p.len() & w != 0 {
                    subtrees.push(mth(&p[off..off + w]));
                    off += w;
                }
            }
        }
        match subtrees.pop() {
            None => empty_root(),
            Some(mut acc) => {
                while let Some(left) = subtrees.pop() {
                    acc = node_hash(&left, &acc);
                }
                acc
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::merkle::leaf_hash;

    #[test]
    fn index_encoding() {
        assert_eq!(encode_index(0), "000");
        assert_eq!(encode_index(1234067), "x001/x234/067");
        assert_eq!(encode_index(1000), "x001/000");
        assert_eq!(decode_index("x001/x234/067"), Some(1234067));
        assert_eq!(decode_index("x000/001"), None);
        assert_eq!(decode_index("1"), None);
        assert_eq!(TileId::parse("tile/0/x001/234.p/7"), Some(TileId::Hash { level: 0, n: 1234, width: 7 }));
        assert_eq!(TileId::parse("tile/entries/005"), Some(TileId::Entries { n: 5, width: 256 }));
        assert_eq!(TileId::parse("tile/entries/005.p/0"), None);
        assert_eq!(TileId::parse("tile/01/005"), None);
        assert_eq!(TileId::Hash { level: 2, n: 3, width: 17 }.path(), "tile/2/003.p/17");
    }

    #[test]
    fn spec_example_70000() {
        // "a tree of size 70,000 will be represented by 273 full level 0 tiles, one partial
        // level 0 tile of width 112, one full level 1 tile, one partial level 1 tile of
        // width 17, and one partial level 2 tile of width 1."
        assert_eq!(full_tiles(0, 70000), 273);
        assert_eq!(partial_width(0, 70000), 112);
        assert_eq!(full_tiles(1, 70000), 1);
        assert_eq!(partial_width(1, 70000), 17);
        assert_eq!(full_tiles(2, 70000), 0);
        assert_eq!(partial_width(2, 70000), 1);
        assert_eq!(levels_for(70000), 3);
    }

    #[test]
    fn tree_state_root_matches_mth() {
        let leaves: Vec<Hash> = (0..70_000u32).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        let mut st = TreeState::new();
        let mut fulls = 0;
        for (i, l) in leaves.iter().enumerate() {
            st.append(*l, &mut |_, _, _| fulls += 1);
            let n = i + 1;
            if n < 600 || n % 9973 == 0 || n == 65536 || n == 70_000 {
                assert_eq!(st.root(), mth(&leaves[..n]), "size {n}");
            }
        }
        assert_eq!(fulls, 273 + 1);
    }
}
