//! Signing time without a clock.
//!
//! The core never reads the clock (`SystemTime::now()` panics on
//! `wasm32-unknown-unknown`), so callers hand in seconds since the Unix epoch
//! or an RFC 3339 string, and this module formats the two forms SigV4 needs:
//! `20150830T123600Z` and `20150830`.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::Error;

/// Seconds since 1970-01-01T00:00:00Z, limited to the years 1970 ..= 9999 so
/// that every value formats as a four-digit year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SigningTime(i64);

/// 9999-12-31T23:59:59Z.
const MAX_UNIX: i64 = 253_402_300_799;

impl SigningTime {
    /// A time from whole seconds since the Unix epoch.
    pub fn from_unix(secs: i64) -> Result<Self, Error> {
        if (0..=MAX_UNIX).contains(&secs) {
            Ok(SigningTime(secs))
        } else {
            Err(Error::InvalidTimestamp {
                reason: "must be between 1970-01-01 and 9999-12-31",
            })
        }
    }

    /// A time from milliseconds since the Unix epoch (what `Date.now()` gives);
    /// the fraction of a second is dropped, as SigV4 counts whole seconds.
    pub fn from_unix_millis(millis: f64) -> Result<Self, Error> {
        if !millis.is_finite() {
            return Err(Error::InvalidTimestamp {
                reason: "must be a finite number of milliseconds",
            });
        }
        // floor(secs) is in 0 ..= MAX_UNIX exactly when secs is in
        // 0 .. MAX_UNIX + 1, and there truncation is the floor (`f64::floor`
        // is `std`'s, not `core`'s).
        let secs = millis / 1000.0;
        if !(0.0..(MAX_UNIX + 1) as f64).contains(&secs) {
            return Err(Error::InvalidTimestamp {
                reason: "must be between 1970-01-01 and 9999-12-31",
            });
        }
        Ok(SigningTime(secs as i64))
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ`, optionally with a fraction of a second
    /// (dropped) and with `+00:00` in place of `Z`. Other offsets are refused
    /// rather than converted, because a signing time in local time is almost
    /// always a bug.
    pub fn parse_rfc3339(text: &str) -> Result<Self, Error> {
        let bad = |reason| Error::InvalidTimestamp { reason };
        let b = text.as_bytes();
        if b.len() < 20 {
            return Err(bad("expected RFC 3339 UTC such as 2015-08-30T12:36:00Z"));
        }
        let num = |range: core::ops::Range<usize>| -> Result<i64, Error> {
            let digits = &b[range];
            if digits.iter().all(u8::is_ascii_digit) {
                Ok(digits
                    .iter()
                    .fold(0i64, |acc, d| acc * 10 + i64::from(d - b'0')))
            } else {
                Err(bad("expected RFC 3339 UTC such as 2015-08-30T12:36:00Z"))
            }
        };
        if b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't')
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(bad("expected RFC 3339 UTC such as 2015-08-30T12:36:00Z"));
        }
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        let mut rest = &b[19..];
        if rest.first() == Some(&b'.') {
            let digits = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return Err(bad("a fraction of a second needs digits"));
            }
            rest = &rest[1 + digits..];
        }
        if !(rest == b"Z" || rest == b"z" || rest == b"+00:00") {
            return Err(bad("must be in UTC (ending in Z)"));
        }
        if year < 1970 || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month)
        {
            return Err(bad("date out of range"));
        }
        if hour > 23 || minute > 59 || second > 59 {
            return Err(bad("time of day out of range"));
        }
        let days = days_from_civil(year, month, day);
        SigningTime::from_unix(days * 86_400 + hour * 3600 + minute * 60 + second)
    }

    /// Seconds since the Unix epoch.
    pub fn unix(self) -> i64 {
        self.0
    }

    /// `YYYYMMDDTHHMMSSZ`, the form of `X-Amz-Date`.
    pub fn amz_date(self) -> [u8; 16] {
        let secs = self.0.rem_euclid(86_400);
        let mut out = *b"00000000T000000Z";
        out[..8].copy_from_slice(&date_digits(self.0.div_euclid(86_400)));
        put_digits(&mut out[9..11], secs / 3600);
        put_digits(&mut out[11..13], secs / 60 % 60);
        put_digits(&mut out[13..15], secs % 60);
        out
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, the form of STS expirations and credential
    /// files.
    pub fn rfc3339(self) -> String {
        let a = self.amz_date();
        let mut out = String::with_capacity(20);
        for (i, &b) in a[..15].iter().enumerate() {
            match i {
                4 | 6 => out.push('-'),
                11 | 13 => out.push(':'),
                _ => {}
            }
            out.push(b as char);
        }
        out.push('Z');
        out
    }

    /// Parses `YYYYMMDDTHHMMSSZ` (the `X-Amz-Date` form), as a verifier reads it.
    pub fn parse_amz_date(text: &str) -> Result<Self, Error> {
        let b = text.as_bytes();
        if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
            return Err(Error::InvalidTimestamp {
                reason: "expected YYYYMMDDTHHMMSSZ",
            });
        }
        let mut rfc = String::with_capacity(20);
        for (i, c) in text[..15].char_indices() {
            match i {
                4 | 6 => {
                    rfc.push('-');
                    rfc.push(c)
                }
                11 | 13 => {
                    rfc.push(':');
                    rfc.push(c)
                }
                _ => rfc.push(c),
            }
        }
        rfc.push('Z');
        SigningTime::parse_rfc3339(&rfc)
    }
}

/// `YYYYMMDD` of a day since the epoch. Signatures come in runs on the same
/// day, so each thread keeps the last day it formatted: the calendar
/// arithmetic runs once a day, not once a signature (without `std`, which
/// has no thread-local storage here, it runs every time).
fn date_digits(days: i64) -> [u8; 8] {
    #[cfg(feature = "std")]
    {
        std::thread_local! {
            static LAST: core::cell::Cell<(i64, [u8; 8])> = const { core::cell::Cell::new((-1, [0; 8])) };
        }
        LAST.try_with(|last| match last.get() {
            (day, digits) if day == days => digits,
            _ => {
                let digits = format_date(days);
                last.set((days, digits));
                digits
            }
        })
        .unwrap_or_else(|_| format_date(days))
    }
    #[cfg(not(feature = "std"))]
    format_date(days)
}

/// `YYYYMMDD` of a day since the epoch, by the calendar arithmetic.
fn format_date(days: i64) -> [u8; 8] {
    let (y, mo, d) = civil_from_days(days);
    let mut out = [0u8; 8];
    put_digits(&mut out[0..4], y);
    put_digits(&mut out[4..6], mo);
    put_digits(&mut out[6..8], d);
    out
}

fn put_digits(out: &mut [u8], value: i64) {
    // Every field is in 0 ..= 9999: 32-bit arithmetic is enough, and cheaper.
    let mut value = u32::try_from(value).unwrap_or(0);
    for slot in out.iter_mut().rev() {
        *slot = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's method).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_each_day_afresh_when_days_alternate() {
        // The epoch, a leap day (2000-01-01 is 946684800, plus 59 days) and
        // the last second of the range, in turns: the per-thread cache of the
        // last day must never hand one day's digits to another.
        let cases = [
            (0, b"19700101T000000Z"),
            (951_782_400 + 3_661, b"20000229T010101Z"),
            (253_402_300_799, b"99991231T235959Z"),
        ];
        for _ in 0..2 {
            for (secs, want) in cases {
                assert_eq!(&SigningTime::from_unix(secs).unwrap().amz_date(), want);
            }
        }
    }

    #[test]
    fn formats_and_parses_the_suite_time() {
        let t = SigningTime::parse_rfc3339("2015-08-30T12:36:00Z").unwrap();
        assert_eq!(t.unix(), 1_440_938_160);
        assert_eq!(&t.amz_date(), b"20150830T123600Z");
        assert_eq!(SigningTime::parse_amz_date("20150830T123600Z").unwrap(), t);
        assert_eq!(t.rfc3339(), "2015-08-30T12:36:00Z");
        assert_eq!(SigningTime::parse_rfc3339(&t.rfc3339()).unwrap(), t);
    }

    #[test]
    fn round_trips_every_day_boundary_of_four_centuries() {
        for days in (0..146_097 * 2).step_by(7) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn refuses_bad_timestamps() {
        for bad in [
            "",
            "2015-08-30 12:36:00Z",
            "2015-02-29T00:00:00Z",
            "2015-08-30T24:00:00Z",
            "2015-08-30T12:36:00+02:00",
            "1969-12-31T23:59:59Z",
            "2015-08-30T12:36:00.Z",
            "2015-08-30T12:36:00",
        ] {
            assert_eq!(
                SigningTime::parse_rfc3339(bad).unwrap_err().code(),
                "invalid_timestamp",
                "{bad}"
            );
        }
        assert!(SigningTime::parse_rfc3339("2016-02-29T00:00:00.123Z").is_ok());
        assert!(SigningTime::from_unix(-1).is_err());
        assert!(SigningTime::from_unix_millis(f64::NAN).is_err());
        assert_eq!(
            SigningTime::from_unix_millis(1_440_938_160_999.0)
                .unwrap()
                .unix(),
            1_440_938_160
        );
    }
}
