//! Region sets: the regions a SigV4a signature is good for, sent in
//! `X-Amz-Region-Set` as a comma-separated list of names or patterns (`*`
//! for every region, `us-*` for a prefix).

#[allow(unused_imports)]
use crate::prelude::*;

use crate::Error;

/// Checks a region set as a signer sends it: one or more comma-separated
/// entries, each non-empty and made of ASCII letters, digits, `-` and `*`.
/// White space is refused rather than trimmed: what is signed is what is
/// sent, and a verifier may read `a, b` differently.
pub fn check_region_set(region_set: &str) -> Result<(), Error> {
    if region_set.is_empty() {
        return Err(Error::InvalidRegion {
            reason: "the SigV4a region set must not be empty",
        });
    }
    for entry in region_set.split(',') {
        if entry.is_empty() {
            return Err(Error::InvalidRegion {
                reason: "the SigV4a region set has an empty entry (a stray ',')",
            });
        }
        if !entry
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'*')
        {
            return Err(Error::InvalidRegion {
                reason: "each SigV4a region set entry must be a region name or pattern of ASCII letters, digits, '-' and '*', entries separated by ',' without spaces",
            });
        }
    }
    Ok(())
}

/// Whether the region set (as received: entries separated by `,`, white
/// space around them ignored) covers `region`: an entry equal to it, or a
/// pattern whose `*` stands for any run of characters.
pub fn region_set_covers(region_set: &str, region: &str) -> bool {
    region_set
        .split(',')
        .map(str::trim)
        .any(|entry| !entry.is_empty() && glob(entry.as_bytes(), region.as_bytes()))
}

/// `*`-only glob matching, iterative (no recursion on hostile input).
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if p < pattern.len() && pattern[p] == text[t] {
            p += 1;
            t += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_names_lists_and_patterns() {
        for ok in [
            "*",
            "us-east-1",
            "us-east-1,us-west-2",
            "us-*",
            "*,eu-west-1",
        ] {
            assert_eq!(check_region_set(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_empty_entries_and_stray_characters() {
        for bad in [
            "",
            ",",
            "us-east-1,",
            ",us-east-1",
            "us-east-1, us-west-2",
            "us/east",
            "a\nb",
        ] {
            assert!(
                matches!(check_region_set(bad), Err(Error::InvalidRegion { .. })),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn covers_by_name_and_pattern() {
        assert!(region_set_covers("*", "eu-west-1"));
        assert!(region_set_covers("us-east-1,us-west-2", "us-west-2"));
        assert!(region_set_covers("us-east-1, us-west-2", "us-west-2"));
        assert!(region_set_covers("us-*", "us-east-1"));
        assert!(region_set_covers("*-east-*", "us-east-1"));
        assert!(!region_set_covers("us-*", "eu-west-1"));
        assert!(!region_set_covers("us-east-1", "us-east-10"));
        assert!(!region_set_covers("", "us-east-1"));
        assert!(!region_set_covers(",", "us-east-1"));
    }
}
