//! RFC 6962 (RFC 9162 §2.1) Merkle tree hashing, inclusion and consistency
//! proofs (generation over any source of subtree hashes, and verification).

use sha2::{Digest, Sha256};

use crate::Error;

/// A SHA-256 hash.
pub type Hash = [u8; 32];

/// `SHA-256(0x00 || entry)`.
pub fn leaf_hash(entry: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(entry);
    h.finalize().into()
}

/// `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut buf = [0u8; 65];
    buf[0] = 1;
    buf[1..33].copy_from_slice(left);
    buf[33..].copy_from_slice(right);
    Sha256::digest(buf).into()
}

/// The root of the empty tree: `SHA-256("")`.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// Merkle Tree Hash of a sequence of subtree hashes of equal height (RFC 6962
/// split at the largest power of two smaller than the length).
pub fn mth(hashes: &[Hash]) -> Hash {
    match hashes.len() {
        0 => empty_root(),
        1 => hashes[0],
        n => {
            let k = largest_pow2_below(n as u64) as usize;
            node_hash(&mth(&hashes[..k]), &mth(&hashes[k..]))
        }
    }
}

/// Largest power of two strictly smaller than `n` (n ≥ 2).
pub fn largest_pow2_below(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1u64 << (63 - (n - 1).leading_zeros())
}

/// Anything that can give the hash of a complete, aligned subtree: the one
/// covering leaves `[index << level, (index + 1) << level)`.
pub trait NodeSource {
    fn node(&self, level: u32, index: u64) -> Result<Hash, Error>;
}

/// MTH(D[lo:hi]) from aligned complete subtrees.
pub fn subtree_hash<S: NodeSource + ?Sized>(src: &S, lo: u64, hi: u64) -> Result<Hash, Error> {
    let n = hi - lo;
    if n == 0 {
        return Ok(empty_root());
    }
    if n.is_power_of_two() && lo.is_multiple_of(n) {
        return src.node(n.trailing_zeros(), lo / n);
    }
    let k = largest_pow2_below(n);
    Ok(node_hash(&subtree_hash(src, lo, lo + k)?, &subtree_hash(src, lo + k, hi)?))
}

/// RFC 9162 §2.1.3.1 inclusion proof of leaf `index` in the tree of `size` leaves.
pub fn inclusion_proof<S: NodeSource + ?Sized>(src: &S, index: u64, size: u64) -> Result<Vec<Hash>, Error> {
    if index >= size {
        return Err(Error::BadRequest(format!(
            "chỉ số {index} không nhỏ hơn kích thước {size} / index {index} is not below size {size}"
        )));
    }
    let mut proof = Vec::new();
    path(src, index, 0, size, &mut proof)?;
    Ok(proof)
}

fn path<S: NodeSource + ?Sized>(src: &S, m: u64, lo: u64, hi: u64, out: &mut Vec<Hash>) -> Result<(), Error> {
    let n = hi - lo;
    if n <= 1 {
        return Ok(());
    }
    let k = largest_pow2_below(n);
    if m < lo + k {
        path(src, m, lo, lo + k, out)?;
        out.push(subtree_hash(src, lo + k, hi)?);
    } else {
        path(src, m, lo + k, hi, out)?;
        out.push(subtree_hash(src, lo, lo + k)?);
    }
    Ok(())
}

/// RFC 9162 §2.1.4.1 consistency proof between sizes `old` and `new`.
pub fn consistency_proof<S: NodeSource + ?Sized>(src: &S, old: u64, new: u64) -> Result<Vec<Hash>, Error> {
    if old > new {
        return Err(Error::BadRequest(format!(
            "kích thước cũ {old} lớn hơn kích thước mới {new} / old size {old} exceeds new size {new}"
        )));
    }
    let mut proof = Vec::new();
    if old == 0 || old == new {
        return Ok(proof);
    }
    subproof(src, old, 0, new, true, &mut proof)?;
    Ok(proof)
}

fn subproof<S: NodeSource + ?Sized>(
    src: &S,
    m: u64,
    lo: u64,
    hi: u64,
    b: bool,
    out: &mut Vec<Hash>,
) -> Result<(), Error> {
    let n = hi - lo;
    if m == n {
        if !b {
            out.push(subtree_hash(src, lo, hi)?);
        }
        return Ok(());
    }
    let k = largest_pow2_below(n);
    if m <= k {
        subproof(src, m, lo, lo + k, b, out)?;
        out.push(subtree_hash(src, lo + k, hi)?);
    } else {
        subproof(src, m - k, lo + k, hi, false, out)?;
        out.push(subtree_hash(src, lo, lo + k)?);
    }
    Ok(())
}

/// RFC 9162 §2.1.3.2: verifies an inclusion proof.
pub fn verify_inclusion(leaf: &Hash, index: u64, size: u64, proof: &[Hash], root: &Hash) -> bool {
    if index >= size {
        return false;
    }
    let (mut f_n, mut s_n) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if s_n == 0 {
            return false;
        }
        if f_n & 1 == 1 || f_n == s_n {
            r = node_hash(p, &r);
            if f_n & 1 == 0 {
                while f_n & 1 == 0 && f_n != 0 {
                    f_n >>= 1;
                    s_n >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    s_n == 0 && &r == root
}

/// RFC 9162 §2.1.4.2: verifies a consistency proof.
pub fn verify_consistency(old: u64, new: u64, proof: &[Hash], old_root: &Hash, new_root: &Hash) -> bool {
    if old > new {
        return false;
    }
    if old == new {
        return proof.is_empty() && old_root == new_root;
    }
    if old == 0 {
        return proof.is_empty();
    }
    if proof.is_empty() {
        return false;
    }
    let mut path: Vec<Hash> = proof.to_vec();
    if old.is_power_of_two() {
        path.insert(0, *old_root);
    }
    let (mut f_n, mut s_n) = (old - 1, new - 1);
    while f_n & 1 == 1 {
        f_n >>= 1;
        s_n >>= 1;
    }
    let mut fr = path[0];
    let mut sr = path[0];
    for c in &path[1..] {
        if s_n == 0 {
            return false;
        }
        if f_n & 1 == 1 || f_n == s_n {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            if f_n & 1 == 0 {
                while f_n & 1 == 0 && f_n != 0 {
                    f_n >>= 1;
                    s_n >>= 1;
                }
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    &fr == old_root && &sr == new_root && s_n == 0
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    struct Leaves(Vec<Hash>);
    impl NodeSource for Leaves {
        fn node(&self, level: u32, index: u64) -> Result<Hash, Error> {
            let w = 1usize << level;
            let lo = index as usize * w;
            Ok(mth(&self.0[lo..lo + w]))
        }
    }

    fn leaves(n: usize) -> Leaves {
        Leaves((0..n).map(|i| leaf_hash(format!("entry {i}").as_bytes())).collect())
    }

    #[test]
    fn rfc6962_empty_and_single() {
        assert_eq!(hex(&empty_root()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        // RFC 6962 test vector: leaf hash of the empty entry.
        assert_eq!(hex(&leaf_hash(b"")), "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    }

    fn hex(h: &Hash) -> String {
        h.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn proofs_verify_for_all_small_trees() {
        let all = leaves(70);
        for size in 1..=70u64 {
            let t = Leaves(all.0[..size as usize].to_vec());
            let root = mth(&t.0);
            for i in 0..size {
                let p = inclusion_proof(&t, i, size).unwrap();
                assert!(verify_inclusion(&t.0[i as usize], i, size, &p, &root), "incl {i} {size}");
                assert!(!verify_inclusion(&t.0[((i + 1) % size) as usize], i, size, &p, &root) || size == 1);
            }
            for old in 0..=size {
                let old_root = mth(&t.0[..old as usize]);
                let p = consistency_proof(&t, old, size).unwrap();
                assert!(verify_consistency(old, size, &p, &old_root, &root), "cons {old} {size}");
                if old > 0 && old < size {
                    let bad = leaf_hash(b"x");
                    assert!(!verify_consistency(old, size, &p, &bad, &root));
                }
            }
        }
    }
}
