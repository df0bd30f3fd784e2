//! botocore's check of a region name (`utils.validate_region_name`), made
//! before any request: the name becomes part of the endpoint's host, so it
//! must be a DNS label. Without it a name like `bad region!` reaches the SDK's
//! endpoint resolver, whose internal error the AWS CLI never prints.

use crate::error::CliError;

/// Refuses a region that botocore's `^(?![0-9]+$)(?!-)[a-zA-Z0-9-]{,63}(?<!-)$`
/// does not match, in its words (`InvalidRegionError`, exit 255).
pub fn check(region: &str) -> Result<(), CliError> {
    if is_host_label(region) {
        Ok(())
    } else {
        Err(CliError::Other(format!("Provided region_name '{region}' doesn't match a supported format.")))
    }
}

fn is_host_label(region: &str) -> bool {
    // Python's `$` also matches before a final newline.
    let label = region.strip_suffix('\n').unwrap_or(region);
    let all_digits = !label.is_empty() && label.bytes().all(|b| b.is_ascii_digit());
    label.len() <= 63
        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !all_digits
        && !label.starts_with('-')
        && !label.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_names_as_botocore_judges_them() {
        for good in ["us-east-1", "eu-central-1", "local", "a1", "x", "", "us-east-1\n", &"a".repeat(63)] {
            assert!(is_host_label(good), "{good:?}");
        }
        for bad in ["bad region!", "123", "-us", "us-", "us_east_1", "us.east", "é", "us-east-1\n\n", &"a".repeat(64)]
        {
            assert!(!is_host_label(bad), "{bad:?}");
        }
    }

    #[test]
    fn the_message_is_botocores() {
        let error = check("bad region!").expect_err("refused");
        assert_eq!(error.exit_code(), crate::error::exit::OTHER);
        assert_eq!(error.to_string(), "\nProvided region_name 'bad region!' doesn't match a supported format.");
    }
}
