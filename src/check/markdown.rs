//! Fenced code blocks in a Markdown document, with their line numbers.
//!
//! A small scanner for the CommonMark rules that matter for finding workload
//! blocks (CommonMark 0.31, §4.5 "Fenced code blocks" and §5.2 "List items"):
//!
//! - F1: an opening fence is 3 or more backticks or tildes, indented at most
//!   3 spaces relative to its container; a backtick fence's info string may
//!   not contain a backtick.
//! - F2: the block ends at a closing fence of the same character, at least as
//!   long as the opening one, indented at most 3 spaces, followed only by
//!   spaces or tabs; or at the end of its container (list item or document).
//! - F3: when the opening fence is indented N columns, up to N columns of
//!   indentation are removed from each content line.
//! - F4: a line indented 4 or more columns relative to its container is not a
//!   fence (it is indented code or paragraph continuation).
//! - L1: a list item (`-`, `*`, `+`, `1.`, `1)` followed by 1-4 spaces) opens a
//!   container whose content column is where its text starts; a non-blank line
//!   indented less than that column closes the item (and any block in it).
//! - Q1: a block quote (`>` indented at most 3 spaces, then one optional
//!   space) is a container: its markers are removed before the rules above,
//!   and a line without them (even a blank one) ends the quote and any block
//!   in it; lists inside and outside a quote are separate.
//! - H2: an HTML comment (`<!--` indented at most 3 spaces) runs to the first
//!   line containing `-->`; fences inside it are not fences (CommonMark §4.6,
//!   HTML block type 2), so commenting a workload out disables it.
//! - Lines end in `\n` or `\r\n`; tabs in indentation advance to the next
//!   multiple of 4 columns.
//!
//! Not handled: lazy continuation lines of list paragraphs, list items that
//! contain block quotes (`- > text`), and HTML blocks other than comments
//! (fences in them are found as if they were outside). None of these are
//! common in design docs.
//!
//! Depends on nothing else in the crate.

/// One fenced code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FencedBlock {
    /// The info string after the opening fence, trimmed.
    pub info: String,
    /// 1-based line of the opening fence.
    pub fence_line: usize,
    /// The content lines joined with `\n` (indentation removed per F3), with a
    /// trailing newline when not empty.
    pub content: String,
    /// Lines of the document before the first content line (add it to a
    /// 1-based line within `content` to get the document line).
    pub line_offset: usize,
    /// Columns removed from the start of each content line: block quote
    /// markers (`> `) and the fence's indentation.
    pub indent: usize,
    /// False when the document (or list item) ended before a closing fence.
    pub closed: bool,
}

impl FencedBlock {
    /// Whether the info string marks a workload: `ddbplan` or `yaml ddbplan`
    /// (further words, such as attributes, are allowed after these).
    pub fn is_workload(&self) -> bool {
        let mut words = self.info.split_whitespace();
        match words.next() {
            Some("ddbplan") => true,
            Some("yaml") => words.next() == Some("ddbplan"),
            _ => false,
        }
    }
}

/// Every fenced code block of `text`, in document order.
pub fn fenced_blocks(text: &str) -> Vec<FencedBlock> {
    let mut blocks = Vec::new();
    // Content columns of the open list items, innermost last (rule L1),
    // within the block quote depth `quotes` (Q1).
    let mut lists: Vec<usize> = Vec::new();
    let mut quotes = 0;
    let mut open: Option<Open> = None;
    let mut in_comment = false;
    for (i, raw) in text.split('\n').enumerate() {
        let full = raw.strip_suffix('\r').unwrap_or(raw);
        let line_no = i + 1;
        if let Some(o) = open.as_mut() {
            let (depth, _, line) = strip_quotes(full, o.quotes);
            let (indent, rest) = indentation(line);
            let blank = rest.trim().is_empty();
            if depth < o.quotes {
                // The block quote ends, and the block with it (Q1, F2).
                blocks.push(open.take().expect("checked above").finish(false));
            } else if blank {
                o.lines.push(strip_columns(line, o.indent));
                continue;
            } else if indent < o.container {
                // The list item ends, and the block with it (F2).
                blocks.push(open.take().expect("checked above").finish(false));
            } else {
                if indent - o.container <= 3 && is_closing(rest, o.ch, o.len) {
                    blocks.push(open.take().expect("checked above").finish(true));
                } else {
                    o.lines.push(strip_columns(line, o.indent));
                }
                continue;
            }
        }
        if in_comment {
            in_comment = !full.contains("-->");
            continue;
        }
        let (depth, prefix, line) = strip_quotes(full, usize::MAX);
        let (indent, rest) = indentation(line);
        if rest.trim().is_empty() {
            continue;
        }
        if depth != quotes {
            // Entering or leaving a block quote closes the lists around it.
            quotes = depth;
            lists.clear();
        }
        while lists.last().is_some_and(|&col| indent < col) {
            lists.pop();
        }
        let container = lists.last().copied().unwrap_or(0);
        if indent - container > 3 {
            continue; // F4
        }
        if let Some(comment) = rest.strip_prefix("<!--") {
            in_comment = !comment.contains("-->"); // H2
            continue;
        }
        let (fence_indent, fence_text) = match list_marker(rest) {
            Some((width, spaces)) => {
                let after = &rest[width + spaces..];
                if after.trim().is_empty() || spaces > 4 {
                    // The item starts with a blank line or indented code (L1).
                    lists.push(indent + width + 1);
                    continue;
                }
                let content_col = indent + width + spaces;
                lists.push(content_col);
                (content_col, after)
            }
            None => (indent, rest),
        };
        if let Some((ch, len, info)) = opening_fence(fence_text) {
            let container = lists.last().copied().unwrap_or(0);
            open = Some(Open {
                ch,
                len,
                info: info.to_string(),
                quotes: depth,
                prefix,
                indent: fence_indent,
                container,
                fence_line: line_no,
                lines: Vec::new(),
            });
        }
    }
    if let Some(o) = open {
        blocks.push(o.finish(false));
    }
    blocks
}

/// The workload blocks of `text` (`ddbplan` or `yaml ddbplan`).
pub fn workload_blocks(text: &str) -> Vec<FencedBlock> {
    fenced_blocks(text).into_iter().filter(FencedBlock::is_workload).collect()
}

struct Open {
    ch: char,
    len: usize,
    info: String,
    /// Block quote depth of the fence, and the columns its markers take.
    quotes: usize,
    prefix: usize,
    /// Columns of indentation after the quote markers (F3).
    indent: usize,
    container: usize,
    fence_line: usize,
    lines: Vec<String>,
}

impl Open {
    fn finish(mut self, closed: bool) -> FencedBlock {
        // A document ending in a newline yields one empty last "line".
        if !closed && self.lines.last().is_some_and(|l| l.is_empty()) {
            self.lines.pop();
        }
        let mut content = self.lines.join("\n");
        if !content.is_empty() {
            content.push('\n');
        }
        FencedBlock {
            info: self.info,
            fence_line: self.fence_line,
            content,
            line_offset: self.fence_line,
            indent: self.prefix + self.indent,
            closed,
        }
    }
}

/// Up to `max` block quote markers (`>` after at most 3 spaces, with one
/// optional space after it) removed from `line`: (markers removed, columns
/// they took, the rest).
fn strip_quotes(line: &str, max: usize) -> (usize, usize, &str) {
    let (mut depth, mut cols, mut rest) = (0, 0, line);
    while depth < max {
        let (indent, after) = indentation(rest);
        let Some(after) = after.strip_prefix('>').filter(|_| indent <= 3) else { break };
        let (after, space) = match after.strip_prefix(' ') {
            Some(a) => (a, 1),
            None => (after, 0),
        };
        depth += 1;
        cols += indent + 1 + space;
        rest = after;
    }
    (depth, cols, rest)
}

/// Columns of leading whitespace (tabs to the next multiple of 4) and the rest.
fn indentation(line: &str) -> (usize, &str) {
    let mut col = 0;
    for (i, c) in line.char_indices() {
        match c {
            ' ' => col += 1,
            '\t' => col += 4 - col % 4,
            _ => return (col, &line[i..]),
        }
    }
    (col, "")
}

/// `line` without up to `n` columns of leading whitespace (F3).
fn strip_columns(line: &str, n: usize) -> String {
    let mut col = 0;
    for (i, c) in line.char_indices() {
        if col >= n {
            return line[i..].to_string();
        }
        match c {
            ' ' => col += 1,
            '\t' => {
                let next = col + 4 - col % 4;
                if next > n {
                    // A tab straddling the cut keeps its remaining columns.
                    return format!("{}{}", " ".repeat(next - n), &line[i + 1..]);
                }
                col = next;
            }
            _ => return line[i..].to_string(),
        }
    }
    String::new()
}

/// A list marker at the start of `rest`: (marker width, spaces after it).
fn list_marker(rest: &str) -> Option<(usize, usize)> {
    let bytes = rest.as_bytes();
    let width = match bytes.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 9 || !matches!(bytes.get(digits), Some(b'.') | Some(b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    let spaces = bytes[width..].iter().take_while(|b| **b == b' ').count();
    let at_end = width + spaces == bytes.len();
    if spaces == 0 && !at_end {
        return None;
    }
    Some((width, spaces))
}

/// An opening fence at the start of `rest`: (character, length, info string).
fn opening_fence(rest: &str) -> Option<(char, usize, &str)> {
    let ch = rest.chars().next()?;
    if ch != '`' && ch != '~' {
        return None;
    }
    let len = rest.chars().take_while(|c| *c == ch).count();
    if len < 3 {
        return None;
    }
    let info = rest[len..].trim();
    if ch == '`' && info.contains('`') {
        return None; // F1: that is inline code, not a fence.
    }
    Some((ch, len, info))
}

fn is_closing(rest: &str, ch: char, len: usize) -> bool {
    let run = rest.chars().take_while(|c| *c == ch).count();
    run >= len && rest[run..].trim_matches([' ', '\t']).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> FencedBlock {
        let b = fenced_blocks(text);
        assert_eq!(b.len(), 1, "{b:?}");
        b.into_iter().next().unwrap()
    }

    #[test]
    fn backtick_fence_with_info_and_line_numbers() {
        let b = one("# Title\n\n```ddbplan\nversion: 1\ntables: []\n```\nafter\n");
        assert_eq!(b.info, "ddbplan");
        assert_eq!(b.fence_line, 3);
        assert_eq!(b.line_offset, 3, "content line 1 is document line 4");
        assert_eq!(b.content, "version: 1\ntables: []\n");
        assert!(b.closed && b.is_workload());
    }

    #[test]
    fn tilde_fences_and_longer_closing_fence() {
        // F2: the closing fence may be longer; a shorter run is content.
        let b = one("~~~~ yaml ddbplan\na: 1\n~~~\n~~~~~~\n");
        assert_eq!(b.content, "a: 1\n~~~\n");
        assert!(b.closed && b.is_workload());
    }

    #[test]
    fn a_fence_of_the_other_character_does_not_close() {
        let b = one("```ddbplan\na: 1\n~~~\n```\n");
        assert_eq!(b.content, "a: 1\n~~~\n");
    }

    #[test]
    fn indented_fence_strips_its_indentation_from_content() {
        // F3: up to N columns removed, deeper indentation kept.
        let b = one("   ```ddbplan\n   a:\n     b: 1\n  c: 2\n   ```\n");
        assert_eq!(b.indent, 3);
        assert_eq!(b.content, "a:\n  b: 1\nc: 2\n");
    }

    #[test]
    fn four_spaces_is_not_a_fence_outside_lists() {
        // F4: indented code, not a fence.
        assert!(fenced_blocks("text\n\n    ```ddbplan\n    a: 1\n    ```\n").is_empty());
    }

    #[test]
    fn crlf_line_endings() {
        let b = one("intro\r\n```ddbplan\r\na: 1\r\nb: 2\r\n```\r\n");
        assert_eq!(b.fence_line, 2);
        assert_eq!(b.content, "a: 1\nb: 2\n");
        assert!(b.closed);
    }

    #[test]
    fn blocks_inside_list_items() {
        // L1: the item's content column is 3 for "1. "; the fence sits there.
        let text =
            "1. First step\n\n   ```ddbplan\n   version: 1\n     nested: x\n   ```\n\n2. next\n";
        let b = one(text);
        assert_eq!(b.fence_line, 3);
        assert_eq!(b.indent, 3);
        assert_eq!(b.content, "version: 1\n  nested: x\n");
        assert!(b.closed);
    }

    #[test]
    fn nested_list_items_allow_deeper_fences() {
        let text = "- outer\n  - inner\n\n    ```ddbplan\n    a: 1\n    ```\n";
        let b = one(text);
        assert_eq!((b.fence_line, b.indent, b.content.as_str()), (4, 4, "a: 1\n"));
    }

    #[test]
    fn fence_on_the_list_marker_line() {
        let b = one("- ```ddbplan\n  a: 1\n  ```\n");
        assert_eq!((b.indent, b.content.as_str(), b.closed), (2, "a: 1\n", true));
    }

    #[test]
    fn a_less_indented_line_ends_the_list_item_and_its_block() {
        let b = fenced_blocks(
            "- item\n\n  ```ddbplan\n  a: 1\nafter the list\n```ddbplan\nb: 2\n```\n",
        );
        assert_eq!(b.len(), 2, "{b:?}");
        assert!(!b[0].closed);
        assert_eq!(b[0].content, "a: 1\n");
        assert_eq!((b[1].fence_line, b[1].content.as_str()), (6, "b: 2\n"));
    }

    #[test]
    fn h2_fences_in_html_comments_are_not_blocks() {
        let text =
            "<!--\n```ddbplan\na: 1\n```\n-->\n\n<!-- one line --> \n```ddbplan\nb: 2\n```\n";
        let b = one(text);
        assert_eq!((b.fence_line, b.content.as_str()), (8, "b: 2\n"));
        // A comment opened inside a code block is code, not a comment.
        let b = fenced_blocks("```ddbplan\n<!--\n```\n```ddbplan\nc: 3\n```\n");
        assert_eq!(b.len(), 2);
        assert_eq!((b[0].content.as_str(), b[1].content.as_str()), ("<!--\n", "c: 3\n"));
    }

    #[test]
    fn q1_blocks_inside_block_quotes() {
        let text = "> Note:\n>\n> ```ddbplan\n> a:\n>   b: 1\n>\n> ```\n";
        let b = one(text);
        assert_eq!((b.fence_line, b.indent, b.closed), (3, 2, true));
        assert_eq!(b.content, "a:\n  b: 1\n\n");
        // Nested quotes, and markers without a space.
        let b = one(">> ```ddbplan\n>>a: 1\n>> ```\n");
        assert_eq!((b.content.as_str(), b.closed), ("a: 1\n", true));
    }

    #[test]
    fn q1_a_line_without_the_marker_ends_the_quote_and_its_block() {
        let b = fenced_blocks("> ```ddbplan\n> a: 1\n\n```ddbplan\nb: 2\n```\n");
        assert_eq!(b.len(), 2, "{b:?}");
        assert_eq!((b[0].content.as_str(), b[0].closed), ("a: 1\n", false));
        assert_eq!((b[1].fence_line, b[1].content.as_str()), (4, "b: 2\n"));
        // Outside a quote, `>` in a block is content.
        let b = one("```ddbplan\n> a\n```\n");
        assert_eq!(b.content, "> a\n");
    }

    #[test]
    fn q1_lists_inside_quotes() {
        let b = one("> - item\n>\n>   ```ddbplan\n>   a: 1\n>   ```\n");
        assert_eq!((b.indent, b.content.as_str(), b.closed), (4, "a: 1\n", true));
    }

    #[test]
    fn unclosed_fence_runs_to_the_end_of_the_document() {
        let b = one("```ddbplan\na: 1\n");
        assert!(!b.closed);
        assert_eq!(b.content, "a: 1\n");
    }

    #[test]
    fn several_blocks_and_other_languages() {
        let text =
            "```rust\nfn x() {}\n```\n\n```ddbplan\na: 1\n```\n\n~~~yaml ddbplan\nb: 2\n~~~\n";
        let all = fenced_blocks(text);
        assert_eq!(all.len(), 3);
        let w = workload_blocks(text);
        assert_eq!(w.iter().map(|b| b.fence_line).collect::<Vec<_>>(), vec![5, 9]);
    }

    #[test]
    fn fences_inside_a_code_block_are_content() {
        let b = one("````markdown\n```ddbplan\na: 1\n```\n````\n");
        assert_eq!(b.info, "markdown");
        assert!(workload_blocks("````markdown\n```ddbplan\na: 1\n```\n````\n").is_empty());
    }

    #[test]
    fn two_backticks_and_backticks_in_info_are_not_fences() {
        assert!(fenced_blocks("``ddbplan\na\n``\n").is_empty());
        // The first line is not a fence; the last one opens an empty block.
        let b = fenced_blocks("``` a`b\nx\n```\n");
        assert_eq!((b.len(), b[0].fence_line, b[0].info.as_str()), (1, 3, ""));
    }

    #[test]
    fn info_string_rules() {
        let info = |s: &str| FencedBlock {
            info: s.into(),
            fence_line: 1,
            content: String::new(),
            line_offset: 1,
            indent: 0,
            closed: true,
        };
        assert!(info("ddbplan").is_workload());
        assert!(info("yaml ddbplan").is_workload());
        assert!(info("ddbplan title=orders").is_workload());
        assert!(!info("yaml").is_workload());
        assert!(!info("ddbplanx").is_workload());
        assert!(!info("json ddbplan").is_workload());
    }

    proptest::proptest! {
        /// Hostile input never panics, and every block lies inside the document.
        #[test]
        fn never_panics(text in "[ \t`~>*+1.)\\-a\r\n]{0,200}") {
            let lines = text.split('\n').count();
            for b in fenced_blocks(&text) {
                proptest::prop_assert!(b.fence_line >= 1 && b.fence_line <= lines);
                proptest::prop_assert!(b.content.lines().count() <= lines - b.fence_line);
            }
        }
    }

    #[test]
    fn tabs_count_to_the_next_multiple_of_four() {
        assert_eq!(indentation("\t x"), (5, "x"));
        assert_eq!(strip_columns("\tx", 2), "  x");
    }
}
