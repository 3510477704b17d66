//! [`from_str`]: YAML text to a typed model, with located errors.

use serde::de::DeserializeOwned;
use serde_saphyr::granit_parser::ErrorKind;
use serde_saphyr::{Error as SaphyrError, ExternalMessageSource};

use super::error::{Located, YamlError};
use super::limits;
use super::locate::LocationIndex;
use super::suggest::closest;

/// Deserializes `text` (read from `file`) into `T`.
///
/// On failure the error carries the file, line, column and field path, the
/// problem with what was expected, and a hint: for an unknown field or enum
/// variant, the closest valid name. Inputs beyond the limits in
/// [`limits`] (nesting depth, node count, ...) are refused with a message
/// that names the limit.
pub fn from_str<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, YamlError> {
    let options = serde_saphyr::options! { with_snippet: false, budget: Some(limits::budget()) };
    // The closure must fail with serde-saphyr's own error type (so the parser
    // stops there); the field path is carried out beside it.
    let mut failed_at: Option<String> = None;
    let outcome = serde_saphyr::with_deserializer_from_str_with_options(text, options, |de| {
        serde_path_to_error::deserialize::<_, T>(de).map_err(|err| {
            failed_at = Some(path_text(err.path()));
            err.into_inner()
        })
    });
    outcome.map_err(|err| convert(file, text, failed_at.unwrap_or_default(), err))
}

/// serde_path_to_error prints the root as `.` and a segment it could not
/// name as `?`; we print the root as nothing and drop unnamed trailing segments.
fn path_text(path: &serde_path_to_error::Path) -> String {
    let mut text = path.to_string();
    while let Some(rest) = text.strip_suffix(".?").or_else(|| text.strip_suffix('?')) {
        text = rest.to_string();
    }
    if text == "." { String::new() } else { text }
}

fn convert(file: &str, text: &str, path: String, err: SaphyrError) -> YamlError {
    let location = err.location();
    let at = Located {
        file: file.to_string(),
        line: location.map(|l| l.line() as usize).filter(|l| *l > 0),
        column: location.map(|l| l.column() as usize).filter(|c| *c > 0),
        path,
    };
    match &err {
        SaphyrError::SerdeUnknownField { field, expected, .. } => {
            let message = format!("unknown field `{field}`, expected one of {}", list(expected));
            let error = YamlError::new(at, message);
            match closest(field, expected.iter().copied()) {
                Some(best) => error.with_hint(format!("did you mean `{best}`?")),
                None => error,
            }
        }
        SaphyrError::SerdeUnknownVariant { variant, expected, .. } => {
            let message = format!("unknown value `{variant}`, expected one of {}", list(expected));
            let error = YamlError::new(at, message);
            match closest(variant, expected.iter().copied()) {
                Some(best) => error.with_hint(format!("did you mean `{best}`?")),
                None => error,
            }
        }
        SaphyrError::SerdeMissingField { field, .. } => {
            // Point at the mapping that lacks the field, not at its end.
            let mut at = at;
            if let Some((line, column)) = LocationIndex::build(text).find(&at.path) {
                at.line = Some(line);
                at.column = Some(column);
            }
            let missing = field.to_string();
            let message = format!("missing required field `{missing}`");
            at.path =
                if at.path.is_empty() { missing.clone() } else { format!("{}.{missing}", at.path) };
            YamlError::new(at, message).with_hint(format!("add `{missing}:` here"))
        }
        SaphyrError::SerdeInvalidType { unexpected, expected, .. } => {
            YamlError::new(at, format!("expected {expected}, found {unexpected}"))
        }
        SaphyrError::SerdeInvalidValue { unexpected, expected, .. } => {
            YamlError::new(at, format!("expected {expected}, found {unexpected}"))
        }
        SaphyrError::Message { msg, .. } => YamlError::new(at, msg.clone()),
        SaphyrError::Budget { breach, .. } => {
            let (message, hint) = limits::describe(breach);
            beyond_a_limit(at, message, hint)
        }
        SaphyrError::ExternalMessage { source, .. }
            if matches!(
                source.as_ref(),
                ExternalMessageSource::Parser(scan) if matches!(scan.kind(), ErrorKind::RecursionLimitExceeded)
            ) =>
        {
            let (message, hint) = limits::too_deep();
            beyond_a_limit(at, message, hint)
        }
        SaphyrError::DuplicateMappingKey { .. } => {
            YamlError::new(at, plain(&err)).with_hint("each key may appear only once in a mapping")
        }
        _ => YamlError::new(at, plain(&err)),
    }
}

/// An input beyond a reading limit: the path is cut to where it still means
/// something to the reader.
fn beyond_a_limit(mut at: Located, message: String, hint: String) -> YamlError {
    at.path = limits::shorten_path(&at.path, 4);
    YamlError::new(at, message).with_hint(hint)
}

fn list(names: &[&str]) -> String {
    if names.is_empty() {
        return "(none)".to_string();
    }
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// The error's own message without its location suffix (we print the
/// location ourselves, once, in a fixed format).
fn plain(err: &SaphyrError) -> String {
    let options = serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off };
    let text = err.render_with_options(options);
    let text = match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Root {
        #[allow(dead_code)]
        tables: Vec<Table>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Table {
        #[allow(dead_code)]
        name: String,
        #[allow(dead_code)]
        #[serde(default)]
        item_count: u64,
        #[allow(dead_code)]
        #[serde(default)]
        mode: Option<Mode>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Mode {
        OnDemand,
        Provisioned,
    }

    fn err(text: &str) -> YamlError {
        from_str::<Root>("w.yaml", text).unwrap_err()
    }

    #[test]
    fn unknown_field_is_located_and_suggests_the_closest_name() {
        let e = err("tables:\n  - name: A\n    item_cout: 5\n");
        assert_eq!(e.at.line, Some(3), "{e}");
        assert!(e.at.path.starts_with("tables[0]"), "{e}");
        assert!(e.message.contains("unknown field `item_cout`"), "{e}");
        assert_eq!(e.hint.as_deref(), Some("did you mean `item_count`?"));
    }

    #[test]
    fn wrong_type_names_the_path() {
        let e = err("tables:\n  - name: A\n    item_count: lots\n");
        assert_eq!(e.at.path, "tables[0].item_count", "{e}");
        assert_eq!(e.at.line, Some(3), "{e}");
    }

    #[test]
    fn unknown_variant_suggests() {
        let e = err("tables:\n  - name: A\n    mode: ondemand\n");
        assert!(e.message.contains("ondemand"), "{e}");
        assert_eq!(e.hint.as_deref(), Some("did you mean `on_demand`?"), "{e}");
    }

    #[test]
    fn missing_field_is_named() {
        let e = err("tables:\n  - item_count: 3\n");
        assert!(e.message.contains("missing required field `name`"), "{e}");
        assert_eq!(e.at.path, "tables[0].name", "{e}");
    }

    /// A model that takes any YAML value, so only the reader's limits apply.
    #[derive(Debug, Deserialize)]
    struct Free {
        #[allow(dead_code)]
        item: serde_json::Value,
    }

    /// A document `levels` deep: a list of lists ... under `item`, in flow
    /// (`[[[...]]]`) or block (`-` one per line, each indented further) style.
    fn nested(levels: usize, flow: bool) -> String {
        if flow {
            format!("item: {}{}\n", "[".repeat(levels), "]".repeat(levels))
        } else {
            let mut text = "item:\n".to_string();
            for d in 1..levels {
                text += &format!("{}-\n", "  ".repeat(d));
            }
            text
        }
    }

    #[test]
    fn nesting_beyond_the_depth_limit_is_named_in_words() {
        for flow in [true, false] {
            let e = from_str::<Free>("w.yaml", &nested(limits::MAX_DEPTH + 5, flow)).unwrap_err();
            assert!(
                e.message.contains("nested more than 64 levels deep (the limit is 64"),
                "flow {flow}: {e}"
            );
            assert!(!e.to_string().contains("Depth {"), "no parser internals: {e}");
            assert!(!e.to_string().contains("recursion"), "no parser internals: {e}");
            assert!(e.hint.as_deref().unwrap_or("").contains("fewer than 10 levels"), "{e}");
            assert_eq!(e.at.file, "w.yaml");
            assert!(e.at.line.is_some(), "{e}");
        }
    }

    #[test]
    fn a_deep_path_is_cut_to_its_first_segments() {
        let text = format!("item: {}1{}\n", "{a: ".repeat(100), "}".repeat(100));
        let e = from_str::<Free>("w.yaml", &text).unwrap_err();
        assert_eq!(e.at.path, "item.a.a.a…", "{e}");
        assert!(e.message.contains("64 levels"), "{e}");
    }

    #[test]
    fn too_many_nodes_is_named_with_the_limit() {
        let items = vec!["1"; limits::MAX_NODES + 1].join(",");
        let e = from_str::<Free>("big.yaml", &format!("item: [{items}]\n")).unwrap_err();
        assert!(
            e.message
                .contains("more than 250,000 values, lists and mappings (the limit is 250,000)"),
            "{e}"
        );
        assert!(!e.to_string().contains("Nodes {"), "no parser internals: {e}");
        assert_eq!(e.at.path, "item", "{e}");
        assert!(e.hint.is_some());
    }

    #[test]
    fn nesting_within_the_limit_is_read() {
        for flow in [true, false] {
            assert!(from_str::<Free>("w.yaml", &nested(60, flow)).is_ok(), "flow {flow}");
        }
    }

    #[test]
    fn syntax_error_has_a_line() {
        let e = err("tables:\n  - name: [unclosed\n");
        assert!(e.at.line.is_some(), "{e}");
    }
}
