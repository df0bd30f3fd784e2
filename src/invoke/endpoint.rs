//! An endpoint URL read as Python's `urllib.parse.urlsplit` reads it, for the
//! AWS CLI's two checks: that it has a scheme, and botocore's
//! `is_valid_endpoint_url` / `is_valid_ipv6_endpoint_url` on its host.

/// The scheme (lower-cased, as Python gives it) and the rest of `url`, when
/// it has one: letters, digits, `+`, `-` or `.` before the first `:`,
/// starting with a letter. `localhost:4566` has the scheme `localhost`.
pub fn split_scheme(url: &str) -> Option<(String, &str)> {
    let (scheme, rest) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first_is_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (first_is_letter && rest_ok).then(|| (scheme.to_ascii_lowercase(), rest))
}

/// Whether what follows the scheme's `:` names a host botocore accepts: a
/// `//` authority whose host is DNS labels (letters, digits, inner hyphens,
/// at most 63 each, 255 in all, one trailing dot allowed) or a bracketed
/// IPv6 address.
pub fn has_valid_host(after_scheme: &str) -> bool {
    let Some(rest) = after_scheme.strip_prefix("//") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    if let Some(bracketed) = host_port.strip_prefix('[') {
        // botocore's IPv6 check: a bracketed address of hex digits and colons (a zone after `%`).
        return bracketed.split_once(']').is_some_and(|(address, _)| {
            let address = address.split('%').next().unwrap_or_default();
            address.contains(':') && address.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        });
    }
    let host = host_port.split(':').next().unwrap_or_default();
    let host = host.strip_suffix('.').unwrap_or(host);
    let label_ok = |label: &str| {
        (1..=63).contains(&label.len())
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    !host.is_empty() && host.len() <= 255 && host.split('.').all(label_ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_as_python_splits_them() {
        assert_eq!(split_scheme("HTTPS://h"), Some(("https".to_string(), "//h")));
        assert_eq!(split_scheme("localhost:4566"), Some(("localhost".to_string(), "4566")));
        assert_eq!(split_scheme("ftp://host"), Some(("ftp".to_string(), "//host")));
        assert_eq!(split_scheme("host.example.com"), None);
        assert_eq!(split_scheme("1host:80"), None);
        assert_eq!(split_scheme(":80"), None);
    }

    #[test]
    fn hosts_as_botocore_accepts_them() {
        for good in ["//h", "//127.0.0.1:4566/base", "//user:pw@my-host.example.com.", "//[::1]:8080/", "//h?x"] {
            assert!(has_valid_host(good), "{good}");
        }
        for bad in ["4566", "//", "//:80", "//-h", "//h_1", "//a..b", "///path", "//[zz]"] {
            assert!(!has_valid_host(bad), "{bad}");
        }
        assert!(!has_valid_host(&format!("//{}", "a".repeat(64))));
    }
}
