//! ISO 8601 durations (`PT2H`, `P1D`, `PT30M`), parsed by the `iso8601` crate and turned into exact
//! time spans. Years and months have no fixed length, so they are refused rather than guessed.

use chrono::TimeDelta;

use crate::error::{ErrorCode, Refusal, Result};

/// Parses an ISO 8601 duration into an exact span.
pub fn parse(text: &str) -> Result<TimeDelta> {
    let bad = |why: &str| Refusal::new(ErrorCode::InvalidInput, format!("`{text}` is not a valid ISO 8601 duration: {why}"));
    let parsed = iso8601::duration(text.trim()).map_err(|_| bad("expected a form like PT2H, PT30M or P1DT12H"))?;
    let seconds: i64 = match parsed {
        iso8601::Duration::Weeks(w) => i64::from(w) * 7 * 86_400,
        iso8601::Duration::YMDHMS { year, month, day, hour, minute, second, millisecond } => {
            if year != 0 || month != 0 {
                return Err(bad("years and months have no fixed length; use days (P30D)"));
            }
            if millisecond != 0 {
                return Err(bad("fractions of a second are not supported"));
            }
            i64::from(day) * 86_400 + i64::from(hour) * 3_600 + i64::from(minute) * 60 + i64::from(second)
        }
    };
    TimeDelta::try_seconds(seconds).ok_or_else(|| bad("too long"))
}

/// Formats a span as an ISO 8601 duration (`PT2H30M`, `P1DT2H`).
pub fn format(span: TimeDelta) -> String {
    let mut secs = span.num_seconds().max(0);
    let days = secs / 86_400;
    secs %= 86_400;
    let (h, m, s) = (secs / 3_600, secs % 3_600 / 60, secs % 60);
    let mut out = String::from("P");
    if days > 0 {
        out.push_str(&format!("{days}D"));
    }
    if h > 0 || m > 0 || s > 0 || days == 0 {
        out.push('T');
        if h > 0 {
            out.push_str(&format!("{h}H"));
        }
        if m > 0 {
            out.push_str(&format!("{m}M"));
        }
        if s > 0 || (h == 0 && m == 0) {
            out.push_str(&format!("{s}S"));
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, expected_minutes: Option<i64>) {
        assert_eq!(parse(text).ok().map(|d| d.num_minutes()), expected_minutes, "{text}");
    }

    #[test]
    fn durations() {
        check("PT2H", Some(120));
        check("PT30M", Some(30));
        check("PT2H1M", Some(121));
        check("P1D", Some(1440));
        check("P1DT12H", Some(2160));
        check("P2W", Some(20160));
        check("PT8H", Some(480));
        check("P1M", None);
        check("P1Y", None);
        check("2H", None);
        check("", None);
        check("PTXH", None);
    }

    #[test]
    fn format_round_trips() {
        for text in ["PT2H", "PT30M", "PT2H1M", "P1D", "P1DT12H", "PT0S", "PT45S"] {
            assert_eq!(format(parse(text).unwrap()), text);
        }
    }
}
