//! Name conversion exactly as botocore's `xform_name` does it, so that every
//! command and flag is spelled the way the AWS CLI spells it (quirks included:
//! `ARNs` becomes `-arns`). Shared with build.rs, so it depends on std only.

/// `GetPipelineState` → `get-pipeline-state` (with `sep` = '-').
pub fn xform_name(name: &str, sep: char) -> String {
    if name.contains(sep) {
        return name.to_string();
    }
    let name = split_special_plural(name, sep);
    let first = insert_before_capitalised_words(&name, sep);
    insert_between_lower_and_upper(&first, sep).to_ascii_lowercase()
}

/// botocore's `[A-Z]{2,}s$`: `ResourceARNs` → `Resource-ARNs`.
fn split_special_plural(name: &str, sep: char) -> String {
    let bytes = name.as_bytes();
    if bytes.last() != Some(&b's') {
        return name.to_string();
    }
    let caps = bytes[..bytes.len() - 1].iter().rev().take_while(|b| b.is_ascii_uppercase()).count();
    if caps < 2 {
        return name.to_string();
    }
    let start = bytes.len() - 1 - caps;
    format!("{}{}{}", &name[..start], sep, name[start..].to_ascii_lowercase())
}

/// botocore's `(.)([A-Z][a-z]+)` → `\1-\2`, left to right, non-overlapping.
fn insert_before_capitalised_words(name: &str, sep: char) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i + 2 < chars.len()
            && chars[i] != '\n'
            && chars[i + 1].is_ascii_uppercase()
            && chars[i + 2].is_ascii_lowercase();
        out.push(chars[i]);
        if starts_word {
            out.push(sep);
            out.push(chars[i + 1]);
            i += 2;
            while i < chars.len() && chars[i].is_ascii_lowercase() {
                out.push(chars[i]);
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out
}

/// botocore's `([a-z0-9])([A-Z])` → `\1-\2`, left to right, non-overlapping.
fn insert_between_lower_and_upper(name: &str, sep: char) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        out.push(chars[i]);
        let boundary = i + 1 < chars.len()
            && (chars[i].is_ascii_lowercase() || chars[i].is_ascii_digit())
            && chars[i + 1].is_ascii_uppercase();
        if boundary {
            out.push(sep);
            out.push(chars[i + 1]);
            i += 2;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::xform_name;

    /// Every operation and member name of the model, plus botocore's tricky
    /// cases, with what botocore's own `xform_name(name, '-')` returned.
    #[test]
    fn matches_botocore_for_every_name_in_the_model() {
        let fixture = include_str!("xform_fixture.txt");
        let mut checked = 0;
        for line in fixture.lines() {
            let (name, expected) = line.split_once(' ').expect("fixture line: NAME EXPECTED");
            assert_eq!(xform_name(name, '-'), expected, "xform_name({name:?})");
            checked += 1;
        }
        assert!(checked > 250, "fixture unexpectedly small: {checked}");
    }

    #[test]
    fn snake_case_for_sdk_fields() {
        assert_eq!(xform_name("NextToken", '_'), "next_token");
        assert_eq!(xform_name("pipelineExecutionId", '_'), "pipeline_execution_id");
    }
}
