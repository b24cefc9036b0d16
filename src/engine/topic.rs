//! MQTT topic name and topic filter rules (MQTT 3.1.1 section 4.7, MQTT 5 section 4.7).

use super::error::{Error, Result};

const MAX_TOPIC_LEN: usize = 65535;

/// Why MQTT forbids `c` in a UTF-8 encoded string, or None when it is allowed. MQTT 3.1.1 section
/// 1.5.3 and MQTT 5 section 1.5.4: never U+0000; not the control characters U+0001..U+001F and
/// U+007F..U+009F, nor the noncharacters (U+FDD0..U+FDEF and the last two code points of every
/// plane, U+xxFFFE and U+xxFFFF). A broker may close the connection on any of them (mosquitto
/// does), and then the client cannot tell whether what it sent was delivered. Surrogates cannot
/// occur in a Rust `str`.
pub fn forbidden_char(c: char) -> Option<&'static str> {
    match c as u32 {
        0 => Some("the null character"),
        0x01..=0x1F | 0x7F..=0x9F => Some("a control character"),
        0xFDD0..=0xFDEF => Some("a noncharacter"),
        n if n & 0xFFFE == 0xFFFE => Some("a noncharacter"),
        _ => None,
    }
}

/// Checks a string that goes on the wire as an MQTT UTF-8 encoded string (topic, filter, client
/// id, user name) against [`forbidden_char`], naming the first offending code point.
pub fn check_utf8_string(what: &str, s: &str) -> Result<()> {
    match s
        .chars()
        .find_map(|c| forbidden_char(c).map(|why| (c, why)))
    {
        Some((c, why)) => Err(Error::invalid(format!(
            "{what} must not contain {why} (U+{:04X})",
            c as u32
        ))),
        None => Ok(()),
    }
}

fn check_common(what: &str, s: &str) -> Result<()> {
    if s.is_empty() {
        return Err(Error::invalid(format!("{what} must not be empty")));
    }
    if s.len() > MAX_TOPIC_LEN {
        return Err(Error::invalid(format!(
            "{what} is longer than {MAX_TOPIC_LEN} bytes"
        )));
    }
    check_utf8_string(what, s)
}

/// A topic name a client may publish to: no wildcards.
pub fn validate_topic(topic: &[u8]) -> Result<&str> {
    let topic =
        std::str::from_utf8(topic).map_err(|_| Error::invalid("topic must be valid UTF-8"))?;
    check_common("topic", topic)?;
    if topic.contains(['+', '#']) {
        return Err(Error::invalid(
            "topic must not contain the wildcards '+' or '#'",
        ));
    }
    Ok(topic)
}

/// A subscription filter given as bytes: valid UTF-8 and [`validate_filter`].
pub fn validate_filter_bytes(filter: &[u8]) -> Result<&str> {
    let filter = std::str::from_utf8(filter)
        .map_err(|_| Error::invalid("topic filter must be valid UTF-8"))?;
    validate_filter(filter)?;
    Ok(filter)
}

/// Splits `$share/group/filter` into (Some(group), filter); other filters into (None, filter).
pub fn split_shared(filter: &str) -> (Option<&str>, &str) {
    if let Some(rest) = filter.strip_prefix("$share/") {
        if let Some((group, inner)) = rest.split_once('/') {
            return (Some(group), inner);
        }
    }
    (None, filter)
}

/// A subscription filter: `+` fills a whole level, `#` only the last whole level;
/// `$share/group/filter` needs a non-empty group without wildcards.
pub fn validate_filter(filter: &str) -> Result<()> {
    check_common("topic filter", filter)?;
    let inner = if let Some(rest) = filter.strip_prefix("$share/") {
        let (group, inner) = rest
            .split_once('/')
            .ok_or_else(|| Error::invalid("shared subscription must be $share/{group}/{filter}"))?;
        if group.is_empty() || group.contains(['+', '#']) {
            return Err(Error::invalid(
                "shared subscription group must be non-empty, without wildcards",
            ));
        }
        if inner.is_empty() {
            return Err(Error::invalid(
                "shared subscription filter must not be empty",
            ));
        }
        inner
    } else {
        filter
    };
    let levels: Vec<&str> = inner.split('/').collect();
    for (i, level) in levels.iter().enumerate() {
        if level.contains('#') && (*level != "#" || i != levels.len() - 1) {
            return Err(Error::invalid(format!(
                "invalid topic filter '{filter}': '#' must be the whole last level"
            )));
        }
        if level.contains('+') && *level != "+" {
            return Err(Error::invalid(format!(
                "invalid topic filter '{filter}': '+' must fill a whole level"
            )));
        }
    }
    Ok(())
}

/// Whether `topic` matches `filter` by MQTT rules: `a/#` matches `a`, wildcards at the first level
/// do not match topics starting with `$`, and `$share/group/` is routed by its filter part.
pub fn topic_matches(filter: &str, topic: &str) -> bool {
    let (_, filter) = split_shared(filter);
    if topic.starts_with('$') && (filter.starts_with('+') || filter.starts_with('#')) {
        return false;
    }
    let mut f = filter.split('/');
    let mut t = topic.split('/');
    loop {
        match (f.next(), t.next()) {
            (Some("#"), _) => return true,
            (Some("+"), Some(_)) => {}
            (Some(fl), Some(tl)) if fl == tl => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_follows_mqtt_rules() {
        assert!(topic_matches("a/#", "a"));
        assert!(topic_matches("a/#", "a/b/c"));
        assert!(topic_matches("a/+/c", "a/b/c"));
        assert!(!topic_matches("a/+/c", "a/b/d"));
        assert!(topic_matches("+", "a"));
        assert!(!topic_matches("+", "a/b"));
        assert!(topic_matches("+/+", "/a"));
        assert!(topic_matches("#", "a/b"));
        assert!(!topic_matches("#", "$SYS/x"));
        assert!(!topic_matches("+/x", "$SYS/x"));
        assert!(topic_matches("$SYS/#", "$SYS/x"));
        assert!(topic_matches("$share/g/a/+", "a/b"));
        assert!(!topic_matches("a/b", "a/b/c"));
        assert!(topic_matches("a//b", "a//b"));
    }

    #[test]
    fn filters_are_validated() {
        for ok in ["a", "a/#", "#", "+", "a/+/b", "$share/g/a/#", "/", "a//b"] {
            validate_filter(ok).unwrap();
        }
        for bad in [
            "",
            "a/#/b",
            "a#",
            "a/b+",
            "$share/g",
            "$share//a",
            "$share/g+/a",
            "a\0b",
        ] {
            assert!(validate_filter(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn code_points_mqtt_forbids_in_strings_are_refused_by_name() {
        for (bad, named) in [
            ("a\u{0}b", "the null character (U+0000)"),
            ("a\u{1}b", "a control character (U+0001)"),
            ("\u{1f}", "a control character (U+001F)"),
            ("a\u{7f}", "a control character (U+007F)"),
            ("\u{80}", "a control character (U+0080)"),
            ("\u{9f}", "a control character (U+009F)"),
            ("\u{fdd0}", "a noncharacter (U+FDD0)"),
            ("\u{fdef}", "a noncharacter (U+FDEF)"),
            ("a\u{fffe}b", "a noncharacter (U+FFFE)"),
            ("a\u{ffff}b", "a noncharacter (U+FFFF)"),
            ("\u{1fffe}", "a noncharacter (U+1FFFE)"),
            ("\u{10ffff}", "a noncharacter (U+10FFFF)"),
        ] {
            let e = validate_topic(bad.as_bytes()).unwrap_err();
            assert_eq!(
                e.message,
                format!("topic must not contain {named}"),
                "{bad:?}"
            );
            let e = validate_filter(&format!("x/{bad}/#")).unwrap_err();
            assert_eq!(e.message, format!("topic filter must not contain {named}"));
        }
        // The neighbours of the forbidden ranges, and what else Unicode has, are allowed.
        for ok in [
            "\u{20}",
            "~",
            "\u{a0}",
            "\u{fdcf}",
            "\u{fdf0}",
            "\u{fffd}",
            "\u{1fffd}",
            "\u{10fffd}",
            "é/😀",
        ] {
            validate_topic(ok.as_bytes()).unwrap();
            validate_filter(ok).unwrap();
        }
        assert_eq!(
            validate_filter_bytes(b"a/\xff").unwrap_err().message,
            "topic filter must be valid UTF-8"
        );
    }

    #[test]
    fn topics_are_validated() {
        assert!(validate_topic(b"a/b").is_ok());
        for bad in [&b""[..], b"a/+", b"#", b"a\0", b"\xff"] {
            assert!(validate_topic(bad).is_err());
        }
    }
}
