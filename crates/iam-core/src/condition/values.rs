//! Typed condition values: exact decimals, instants, CIDR blocks, bytes, booleans.

use std::cmp::Ordering;
use std::net::IpAddr;
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime};

/// An exact decimal number (`-12.50`), compared without floating-point rounding.
#[derive(Debug, Clone)]
pub struct Decimal {
    negative: bool,
    /// Integer digits without leading zeros.
    int: String,
    /// Fraction digits without trailing zeros.
    frac: String,
}

impl Decimal {
    pub fn parse(text: &str) -> Option<Decimal> {
        let (negative, body) = match text.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, text),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !digits(int) || !digits(frac) || (body.contains('.') && frac.is_empty()) {
            return None;
        }
        Some(Decimal {
            negative,
            int: int.trim_start_matches('0').to_string(),
            frac: frac.trim_end_matches('0').to_string(),
        })
    }

    fn is_zero(&self) -> bool {
        self.int.is_empty() && self.frac.is_empty()
    }

    fn cmp_magnitude(&self, other: &Decimal) -> Ordering {
        self.int
            .len()
            .cmp(&other.int.len())
            .then_with(|| self.int.cmp(&other.int))
            .then_with(|| self.frac.cmp(&other.frac))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return if other.negative { Ordering::Greater } else { Ordering::Less },
            (false, true) => return if self.negative { Ordering::Less } else { Ordering::Greater },
            _ => {}
        }
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
        }
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Decimal {}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// An instant as nanoseconds since the Unix epoch.
pub type Instant = i128;

/// Parses the W3C profile of ISO 8601 (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`,
/// `YYYY-MM-DDThh:mm[:ss[.s]]TZD`) or epoch seconds. A partial date means
/// the start of its period; a time without a zone is read as UTC.
/// 9999-12-31T23:59:59Z, the last second an ISO 8601 date here can name.
const MAX_EPOCH_SECONDS: i128 = 253_402_300_799;

pub fn parse_date(text: &str) -> Option<Instant> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && text.len() != 4 {
        // Epoch seconds, up to the end of year 9999 like every date here: a
        // longer number is not a date (never a wrapped or saturated value).
        let seconds: i128 = text.parse().ok().filter(|s| *s <= MAX_EPOCH_SECONDS)?;
        return seconds.checked_mul(1_000_000_000);
    }
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    let start_of = |y: u32, m: u32, d: u32| -> Option<Instant> {
        let month = Month::try_from(u8::try_from(m).ok()?).ok()?;
        let date = Date::from_calendar_date(i32::try_from(y).ok()?, month, u8::try_from(d).ok()?).ok()?;
        Some(date.midnight().assume_utc().unix_timestamp_nanos())
    };
    match text.len() {
        4 => start_of(number(text)?, 1, 1),
        7 if text.as_bytes().get(4) == Some(&b'-') => start_of(number(text.get(..4)?)?, number(text.get(5..)?)?, 1),
        10 => {
            let mut it = text.split('-');
            let (y, m, d) = (it.next()?, it.next()?, it.next()?);
            if it.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
                return None;
            }
            start_of(number(y)?, number(m)?, number(d)?)
        }
        _ => parse_date_time(text),
    }
}

fn parse_date_time(text: &str) -> Option<Instant> {
    let (date, time) = text.split_once(['T', 't'])?;
    let zone_at = time.find(['Z', 'z', '+', '-']).unwrap_or(time.len());
    let (clock, zone) = time.split_at(zone_at);
    let short_clock = clock.matches(':').count() == 1;
    // Already RFC 3339 (the common case): read as written, without a copy.
    let full = if !short_clock && !zone.is_empty() && text.as_bytes().get(date.len()) == Some(&b'T') {
        std::borrow::Cow::Borrowed(text)
    } else {
        let seconds = if short_clock { ":00" } else { "" };
        let zone = if zone.is_empty() { "Z" } else { zone };
        std::borrow::Cow::Owned(format!("{date}T{clock}{seconds}{zone}"))
    };
    OffsetDateTime::parse(&full, &Rfc3339).ok().map(OffsetDateTime::unix_timestamp_nanos)
}

/// Formats an instant as RFC 3339 in UTC (`2026-11-22T14:05:00Z`).
pub fn format_instant(instant: Instant) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(instant)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| format!("{} s since the epoch", instant / 1_000_000_000))
}

/// An IPv4 or IPv6 block; a bare address is a /32 or /128.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cidr {
    V4 { addr: u32, prefix: u8 },
    V6 { addr: u128, prefix: u8 },
}

impl Cidr {
    pub fn parse(text: &str) -> Option<Cidr> {
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let prefix = match prefix {
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => Some(p.parse::<u8>().ok()?),
            Some(_) => return None,
            None => None,
        };
        match addr.parse::<IpAddr>().ok()? {
            IpAddr::V4(a) => {
                let prefix = prefix.unwrap_or(32);
                (prefix <= 32).then_some(Cidr::V4 { addr: u32::from(a), prefix })
            }
            IpAddr::V6(a) => {
                let prefix = prefix.unwrap_or(128);
                (prefix <= 128).then_some(Cidr::V6 { addr: u128::from(a), prefix })
            }
        }
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        match (*self, ip) {
            (Cidr::V4 { addr, prefix }, IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
                (u32::from(ip) & mask) == (addr & mask)
            }
            (Cidr::V6 { addr, prefix }, IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
                (u128::from(ip) & mask) == (addr & mask)
            }
            _ => false,
        }
    }

    /// RFC 1918 / unique-local blocks, which `aws:SourceIp` never carries.
    pub fn is_private(&self) -> bool {
        // 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16
        const PRIVATE_V4: [(u32, u8); 3] = [(0x0a00_0000, 8), (0xac10_0000, 12), (0xc0a8_0000, 16)];
        match *self {
            Cidr::V4 { addr, prefix } => PRIVATE_V4.iter().any(|&(net, bits)| {
                let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
                prefix >= bits && addr & mask == net
            }),
            Cidr::V6 { addr, prefix } => prefix >= 7 && (addr >> 121) == 0x7e,
        }
    }
}

/// `true`/`false` in any letter case.
pub fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(text).ok()
}

#[cfg(test)]
mod tests_dates {
    use super::parse_date;

    #[test]
    fn parse_date_huge_epoch_is_not_a_date() {
        assert_eq!(parse_date("253402300799"), Some(253_402_300_799_000_000_000));
        assert_eq!(parse_date("253402300800"), None);
        assert_eq!(parse_date("99999999999999999999999999999999999999"), None);
        assert_eq!(parse_date("999999999999999999999999999999999999999999"), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn decimal_compares_exactly() {
        assert_eq!(d("10"), d("10.000"));
        assert!(d("0.25") < d("0.3"));
        assert!(d("-5") < d("-4.5"));
        assert_eq!(d("-0"), d("0.0"));
        assert!(d("9007199254740993") > d("9007199254740992"));
        assert!(Decimal::parse("1e3").is_none());
        assert!(Decimal::parse("1.").is_none());
        assert!(Decimal::parse("").is_none());
    }

    #[test]
    fn date_partial_forms_mean_start_of_period() {
        let day = parse_date("2020-01-01").unwrap();
        assert_eq!(parse_date("2020"), Some(day));
        assert_eq!(parse_date("2020-01"), Some(day));
        assert_eq!(parse_date("2020-01-01T00:00Z"), Some(day));
        assert_eq!(parse_date("2020-01-01T01:00:00+01:00"), Some(day));
        assert_eq!(parse_date("1577836800"), Some(day));
    }

    #[test]
    fn date_invalid_text_is_none() {
        assert!(parse_date("2020-02-30").is_none());
        assert!(parse_date("yesterday").is_none());
        assert!(parse_date("2020-13").is_none());
    }

    #[test]
    fn format_instant_is_rfc3339() {
        assert_eq!(format_instant(parse_date("2026-11-22T14:05:00Z").unwrap()), "2026-11-22T14:05:00Z");
    }

    #[test]
    fn cidr_contains_respects_prefix_and_family() {
        let net = Cidr::parse("203.0.113.0/24").unwrap();
        assert!(net.contains("203.0.113.77".parse().unwrap()));
        assert!(!net.contains("203.0.114.1".parse().unwrap()));
        assert!(!net.contains("::1".parse().unwrap()));
        let host = Cidr::parse("203.0.113.5").unwrap();
        assert!(host.contains("203.0.113.5".parse().unwrap()));
        assert!(!host.contains("203.0.113.6".parse().unwrap()));
        let v6 = Cidr::parse("2001:db8::/32").unwrap();
        assert!(v6.contains("2001:db8::1".parse().unwrap()));
        assert!(Cidr::parse("10.0.0.0/33").is_none());
        assert!(Cidr::parse("0.0.0.0/0").unwrap().contains("8.8.8.8".parse().unwrap()));
    }

    #[test]
    fn cidr_private_ranges_are_detected() {
        assert!(Cidr::parse("10.1.0.0/16").unwrap().is_private());
        assert!(Cidr::parse("192.168.1.1").unwrap().is_private());
        assert!(!Cidr::parse("203.0.113.0/24").unwrap().is_private());
        assert!(!Cidr::parse("0.0.0.0/0").unwrap().is_private());
        assert!(Cidr::parse("fd00::/8").unwrap().is_private());
    }
}
