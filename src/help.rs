//! The model's documentation is HTML; help and man pages want plain text.
//! Paragraphs become blank-line separated, list items become `* ` bullets,
//! inline markup is dropped, entities are decoded and whitespace is folded.

/// Converts model HTML into readable text paragraphs.
pub fn html_to_text(html: &str) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut rest = html;
    let mut list_depth: usize = 0;

    while let Some(lt) = rest.find('<') {
        push_text(&mut current, &rest[..lt]);
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            // A stray '<' in prose, not a tag.
            push_text(&mut current, "<");
            rest = after;
            continue;
        };
        let tag = after[..gt].trim();
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match name.as_str() {
            "p" | "note" | "important" | "br" | "dl" | "dt" | "dd" | "h1" | "h2" | "h3" | "h4" => {
                flush(&mut blocks, &mut current)
            }
            "ul" | "ol" => {
                flush(&mut blocks, &mut current);
                list_depth = if closing { list_depth.saturating_sub(1) } else { list_depth + 1 };
            }
            "li" => {
                flush(&mut blocks, &mut current);
                current.clear();
                if !closing {
                    current.push_str(&"  ".repeat(list_depth.saturating_sub(1)));
                    current.push_str("* ");
                }
            }
            _ => {}
        }
    }
    push_text(&mut current, rest);
    flush(&mut blocks, &mut current);
    blocks.join("\n\n")
}

/// The first sentence of the documentation, for one-line command summaries.
pub fn summary(html: &str) -> String {
    let text = html_to_text(html);
    let first = text.split("\n\n").next().unwrap_or("");
    match first.find(". ") {
        Some(end) => first[..=end].to_string(),
        None => first.to_string(),
    }
}

fn push_text(out: &mut String, raw: &str) {
    let decoded = decode_entities(raw);
    for (i, word) in decoded.split_whitespace().enumerate() {
        let needs_space = !out.is_empty() && !out.ends_with(' ') && !out.ends_with("* ");
        if needs_space && (i > 0 || decoded.starts_with(char::is_whitespace)) {
            out.push(' ');
        }
        out.push_str(word);
    }
    if decoded.ends_with(char::is_whitespace) && !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

fn flush(blocks: &mut Vec<String>, current: &mut String) {
    let text = current.trim_end();
    if text.trim() == "*" {
        // A list item whose text is still to come (`<li><p>…`): keep its bullet.
        return;
    }
    if !text.trim().is_empty() {
        blocks.push(text.to_string());
    }
    current.clear();
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_and_inline_markup() {
        let html = "<p>Returns the <code>pipeline</code> &amp; its <i>state</i>.</p> \
                    <ul> <li> <p>First</p> </li> <li>Second <a href=\"x\">link</a></li> </ul>";
        assert_eq!(html_to_text(html), "Returns the pipeline & its state.\n\n* First\n\n* Second link");
    }

    #[test]
    fn summary_is_the_first_sentence() {
        assert_eq!(summary("<p>Gets a pipeline. More detail here.</p><p>x</p>"), "Gets a pipeline.");
        assert_eq!(summary("<p>No full stop</p>"), "No full stop");
    }

    #[test]
    fn stray_angle_bracket_is_text() {
        assert_eq!(html_to_text("a < b"), "a < b");
    }
}
