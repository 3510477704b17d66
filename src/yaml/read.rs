//! [`utf8_text`]: a YAML input file's bytes as text, with an error that says
//! what is wrong with a file that is not UTF-8 text (binary, UTF-16, Latin-1),
//! and [`is_blank`] for a file with nothing in it.
//!
//! Depends on `yaml::error` only.

use super::error::{Located, YamlError};

/// The bytes of `file` as text, which must be UTF-8.
///
/// Bytes that are not UTF-8 give an error naming the offset, line and column
/// of the first invalid byte, with a hint that tells a binary file from
/// another text encoding.
pub fn utf8_text(file: &str, bytes: Vec<u8>) -> Result<String, YamlError> {
    String::from_utf8(bytes).map_err(|e| not_utf8(file, e.as_bytes(), e.utf8_error().valid_up_to()))
}

/// Whether `text` holds no YAML content: only whitespace, comments and
/// document markers (`---`, `...`).
pub fn is_blank(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#') || l == "---" || l == "...")
}

/// The error for `bytes`, valid UTF-8 up to `offset`.
fn not_utf8(file: &str, bytes: &[u8], offset: usize) -> YamlError {
    let valid = String::from_utf8_lossy(&bytes[..offset]);
    let line = valid.matches('\n').count() + 1;
    let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let at = Located {
        file: file.to_string(),
        line: Some(line),
        column: Some(column),
        path: String::new(),
    };
    let message = format!(
        "the file is not UTF-8 text: the byte at offset {offset} (0x{:02X}) is not valid UTF-8",
        bytes[offset]
    );
    let hint = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        "the file starts with a UTF-16 byte-order mark; save it as UTF-8"
    } else if bytes.iter().take(8192).any(|b| *b == 0) {
        "this looks like a binary file, not YAML; check the path"
    } else {
        "ddbplan reads YAML as UTF-8; save the file as UTF-8 (it may be Latin-1 or Windows-1252)"
    };
    YamlError::new(at, message).with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<String, YamlError> {
        utf8_text("w.yaml", bytes.to_vec())
    }

    #[test]
    fn the_first_invalid_byte_is_located_by_offset_line_and_column() {
        let e = read(b"version: 1\nname: caf\xE9\n").unwrap_err();
        assert!(e.message.contains("the byte at offset 20 (0xE9) is not valid UTF-8"), "{e}");
        assert_eq!((e.at.line, e.at.column), (Some(2), Some(10)), "{e}");
        assert!(e.hint.as_deref().unwrap().contains("Latin-1"), "{e}");
    }

    #[test]
    fn binary_and_utf16_files_get_their_own_hint() {
        let e = read(b"\x7FELF\x02\x01\x01\x00\x00\xFF").unwrap_err();
        assert!(e.message.contains("offset 9 (0xFF)"), "{e}");
        assert!(e.hint.as_deref().unwrap().contains("binary file"), "{e}");
        let e = read(b"\xFF\xFEv\x00").unwrap_err();
        assert!(e.message.contains("offset 0 (0xFF)"), "{e}");
        assert!(e.hint.as_deref().unwrap().contains("UTF-16"), "{e}");
    }

    #[test]
    fn utf8_text_is_read_and_the_error_names_the_file() {
        assert_eq!(read("name: café\n".as_bytes()).unwrap(), "name: café\n");
        assert!(
            read(b"\xC3").unwrap_err().to_string().starts_with("w.yaml:1:1: the file is not UTF-8")
        );
    }

    #[test]
    fn blank_means_no_yaml_content() {
        assert!(is_blank(""));
        assert!(is_blank("  \n\n# a comment\n---\n"));
        assert!(!is_blank("version: 1\n"));
        assert!(!is_blank("# c\nx\n"));
    }
}
