//! The one sort the canonical request links in, for its headers and its
//! query parameters alike.
//!
//! The standard library's stable sort (for headers, whose repeated names
//! keep their order) and unstable sort (for the query) are two large
//! implementations, and each element type and comparison instantiates its
//! own copy; in the browser's WebAssembly that was about 7.7 KB. Requests
//! have a handful of headers and parameters, which an insertion sort orders
//! fastest anyway; only long lists (which an attacker may send, so they must
//! not take quadratic time) go to a heap sort of positions, with the
//! position as the last key so that the order is stable there too.

#[allow(unused_imports)]
use crate::prelude::*;

use core::cmp::Ordering;

/// Up to this many entries are sorted by insertion (the standard library
/// switches at about the same length).
const SMALL: usize = 20;

/// Sorts `v` by `cmp`, keeping entries that compare equal in their order.
pub(crate) fn sort_stable<T: Copy>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() <= SMALL {
        insertion(v, &cmp);
    } else {
        by_position(v, &cmp);
    }
}

fn insertion<T: Copy>(v: &mut [T], cmp: &impl Fn(&T, &T) -> Ordering) {
    for i in 1..v.len() {
        let x = v[i];
        let mut j = i;
        // Strictly greater: an equal entry stays ahead of `x`.
        while j > 0 && cmp(&v[j - 1], &x) == Ordering::Greater {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = x;
    }
}

fn by_position<T: Copy>(v: &mut [T], cmp: &dyn Fn(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_positions(&mut order, &|a, b| cmp(&v[a], &v[b]).then(a.cmp(&b)));
    let sorted: Vec<T> = order.iter().map(|&i| v[i]).collect();
    v.copy_from_slice(&sorted);
}

/// A heap sort of positions: O(n log n) in the worst case, in a few dozen
/// instructions of code (the standard library's sort, even instantiated
/// once, brings its sorting networks along). Ties cannot occur (the
/// position is the last key), so being unstable changes nothing.
fn sort_positions(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    let less = |a: usize, b: usize| cmp(a, b) == Ordering::Less;
    // Moves the entry at `root` down until the heap below it holds.
    let sift_down = |order: &mut [usize], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && less(order[child], order[child + 1]) {
            child += 1;
        }
        if !less(order[root], order[child]) {
            break;
        }
        order.swap(root, child);
        root = child;
    };
    let n = order.len();
    for root in (0..n / 2).rev() {
        sift_down(order, root, n);
    }
    for end in (1..n).rev() {
        order.swap(0, end);
        sift_down(order, 0, end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_equal_entries_in_order_short_and_long() {
        // Sorted by the letter only; the digit records the given order.
        let short = ["b1", "a1", "B2", "a2", "c1", "A3", "b3"];
        let mut v = short;
        sort_stable(&mut v, |x, y| {
            x[..1]
                .to_ascii_lowercase()
                .cmp(&y[..1].to_ascii_lowercase())
        });
        assert_eq!(v, ["a1", "a2", "A3", "b1", "B2", "b3", "c1"]);

        // Past the insertion sort: 3 keys x 30 entries, written by hand as
        // (key, given position) so the expected order needs no sort.
        let long: Vec<(u8, usize)> = (0..90).map(|i| ((i * 7 % 3) as u8, i)).collect();
        let mut v = long.clone();
        sort_stable(&mut v, |x, y| x.0.cmp(&y.0));
        let mut want = Vec::new();
        for key in 0..3 {
            want.extend(long.iter().filter(|e| e.0 == key));
        }
        assert_eq!(v, want);
        assert!(want.len() == 90 && want[0] == (0, 0) && want[30] == (1, 1));
    }

    #[test]
    fn sorts_every_length_around_the_switch() {
        for n in (0..=SMALL + 3).chain([64, 100, 257]) {
            let mut v: Vec<usize> = (0..n).map(|i| (i * 11 + 5) % (n.max(1))).collect();
            sort_stable(&mut v, |a, b| a.cmp(b));
            assert!(v.windows(2).all(|w| w[0] <= w[1]), "{n}: {v:?}");
        }
    }
}
