//! MQTT topic name and topic filter rules (MQTT 3.1.1 section 4.7, MQTT 5 section 4.7).

use super::error::{Error, Result};

const MAX_TOPIC_LEN: usize = 65535;

fn check_common(what: &str, s: &str) -> Result<()> {
    if s.is_empty() {
        return Err(Error::invalid(format!("{what} must not be empty")));
    }
    if s.len() > MAX_TOPIC_LEN {
        return Err(Error::invalid(format!(
            "{what} is longer than {MAX_TOPIC_LEN} bytes"
        )));
    }
    if s.contains('\0') {
        return Err(Error::invalid(format!("{what} must not contain NUL")));
    }
    Ok(())
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
    fn topics_are_validated() {
        assert!(validate_topic(b"a/b").is_ok());
        for bad in [&b""[..], b"a/+", b"#", b"a\0", b"\xff"] {
            assert!(validate_topic(bad).is_err());
        }
    }
}
