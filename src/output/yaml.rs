//! `--output yaml` and `yaml-stream` (AWS CLI v2): block-style YAML, keys in
//! response order, strings quoted where they would read as something else.

use serde_json::Value;

pub fn render(value: &Value) -> String {
    // Serializing a JSON value cannot fail.
    serde_yaml_ng::to_string(value).unwrap_or_default()
}

/// One document per page, as list items; a merged response is one page.
pub fn render_stream(value: &Value) -> String {
    render(&Value::Array(vec![value.clone()]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn block_style_with_ambiguous_strings_quoted() {
        let value = json!({"pipelines": [{"name": "p", "version": 1, "tag": "123", "flag": "true"}], "empty": [], "none": {}});
        let text = render(&value);
        assert_eq!(text, "pipelines:\n- name: p\n  version: 1\n  tag: '123'\n  flag: 'true'\nempty: []\nnone: {}\n");
        assert_eq!(serde_yaml_ng::from_str::<Value>(&text).expect("reads back"), value);
        assert!(render_stream(&json!({"a": 1})).starts_with("- a: 1"));
    }
}
