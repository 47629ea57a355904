//! The two float roundings the engine needs from JavaScript numbers.
//!
//! `f64::floor` and `f64::fract` are `std`'s, not `core`'s, and the browser
//! engine is built without `std`; these give the same answers for every
//! input (the tests compare them with `std`'s).

/// `x.floor() as i64`: rounded down, saturating at the ends of `i64` (as
/// the cast does), 0 for NaN.
pub(crate) fn floor_i64(x: f64) -> i64 {
    let t = x as i64;
    if (t as f64) > x {
        t.saturating_sub(1)
    } else {
        t
    }
}

/// Whether `x` is a finite whole number (`x.is_finite() && x.fract() == 0.0`).
pub(crate) fn is_whole(x: f64) -> bool {
    // From 2^52 on, every finite f64 is a whole number.
    const ALL_WHOLE: f64 = 4_503_599_627_370_496.0;
    x.is_finite() && (x.abs() >= ALL_WHOLE || (x as i64) as f64 == x)
}

#[cfg(test)]
mod tests {
    use super::{floor_i64, is_whole};

    const EDGES: [f64; 22] = [
        0.0,
        -0.0,
        0.5,
        -0.5,
        1.0,
        -1.0,
        1.999_999,
        -1.000_001,
        1e15 + 0.5,
        4_503_599_627_370_495.5,
        4_503_599_627_370_496.0,
        -4_503_599_627_370_495.5,
        9.007_199_254_740_993e15,
        1.7e308,
        -1.7e308,
        9.3e18,
        -9.3e18,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::MIN_POSITIVE,
        -f64::MIN_POSITIVE,
    ];

    #[test]
    fn floor_matches_std() {
        for x in EDGES {
            assert_eq!(floor_i64(x), x.floor() as i64, "{x}");
        }
    }

    #[test]
    fn whole_matches_std() {
        for x in EDGES {
            assert_eq!(is_whole(x), x.is_finite() && x.fract() == 0.0, "{x}");
        }
    }
}
