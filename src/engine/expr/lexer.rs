//! The lexer: expression text to [`Token`]s with byte spans.
//!
//! One pass, no backtracking, so it is linear in the input. It never fails:
//! a character that starts no token becomes [`TokenKind::Invalid`], and the
//! parser reports it as a syntax error at that position (DynamoDB does the
//! same: `Syntax error; token: "!", near: ...`). The token list always ends
//! with [`TokenKind::Eof`]. Keywords (`AND`, `SET`, ...) are lexed as
//! identifiers; the parser decides by context. Depends on `ast` (for `Span`).

use super::ast::Span;

/// What a token is; its text is `source[span.start..span.end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// `[A-Za-z][A-Za-z0-9_]*`: an attribute name, function name or keyword.
    Ident,
    /// `#` followed by `[A-Za-z0-9_]+`.
    NamePlaceholder,
    /// `:` followed by `[A-Za-z0-9_]+`.
    ValuePlaceholder,
    /// `[0-9]+`, only meaningful as a list index.
    Integer,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    /// A character that starts no token.
    Invalid,
    Eof,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Splits `source` into tokens, ending with `Eof`.
pub(crate) fn tokenize(source: &str) -> Vec<Token> {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
            i += 1;
            continue;
        }
        let start = i;
        let word_end = |from: usize| {
            let mut j = from;
            while j < bytes.len() && is_word_byte(bytes[j]) {
                j += 1;
            }
            j
        };
        let (kind, end) = match b {
            b'a'..=b'z' | b'A'..=b'Z' => (TokenKind::Ident, word_end(i + 1)),
            b'0'..=b'9' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j].is_ascii_digit() {
                    j += 1;
                }
                (TokenKind::Integer, j)
            }
            b'#' | b':' => {
                let j = word_end(i + 1);
                if j == i + 1 {
                    (TokenKind::Invalid, i + 1)
                } else if b == b'#' {
                    (TokenKind::NamePlaceholder, j)
                } else {
                    (TokenKind::ValuePlaceholder, j)
                }
            }
            b'(' => (TokenKind::LParen, i + 1),
            b')' => (TokenKind::RParen, i + 1),
            b'[' => (TokenKind::LBracket, i + 1),
            b']' => (TokenKind::RBracket, i + 1),
            b',' => (TokenKind::Comma, i + 1),
            b'.' => (TokenKind::Dot, i + 1),
            b'=' => (TokenKind::Eq, i + 1),
            b'+' => (TokenKind::Plus, i + 1),
            b'-' => (TokenKind::Minus, i + 1),
            b'<' => match bytes.get(i + 1) {
                Some(b'>') => (TokenKind::Ne, i + 2),
                Some(b'=') => (TokenKind::Le, i + 2),
                _ => (TokenKind::Lt, i + 1),
            },
            b'>' => match bytes.get(i + 1) {
                Some(b'=') => (TokenKind::Ge, i + 2),
                _ => (TokenKind::Gt, i + 1),
            },
            _ => {
                // One whole (possibly multi-byte) character.
                let len = source[i..].chars().next().map_or(1, char::len_utf8);
                (TokenKind::Invalid, i + len)
            }
        };
        tokens.push(Token { kind, span: Span::new(start, end) });
        i = end;
    }
    tokens.push(Token { kind: TokenKind::Eof, span: Span::new(bytes.len(), bytes.len()) });
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    fn kinds(source: &str) -> Vec<TokenKind> {
        tokenize(source).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn comparison_with_placeholders() {
        assert_eq!(kinds("#p >= :v"), vec![NamePlaceholder, Ge, ValuePlaceholder, Eof]);
    }

    #[test]
    fn two_character_operators_win() {
        assert_eq!(
            kinds("a<>b<=c<d>e>=f"),
            vec![Ident, Ne, Ident, Le, Ident, Lt, Ident, Gt, Ident, Ge, Ident, Eof]
        );
    }

    #[test]
    fn document_path_tokens() {
        assert_eq!(
            kinds("Order.Items[12].#n"),
            vec![Ident, Dot, Ident, LBracket, Integer, RBracket, Dot, NamePlaceholder, Eof]
        );
    }

    #[test]
    fn spans_are_byte_offsets() {
        let tokens = tokenize("  ab = :v1");
        assert_eq!((tokens[0].span.start, tokens[0].span.end), (2, 4));
        assert_eq!((tokens[2].span.start, tokens[2].span.end), (7, 10));
        assert_eq!(tokens[3].span.start, 10);
    }

    #[test]
    fn bare_sigils_and_unknown_characters_are_invalid() {
        assert_eq!(kinds("# : ! _x"), vec![Invalid, Invalid, Invalid, Invalid, Ident, Eof]);
        let tokens = tokenize("é");
        assert_eq!((tokens[0].kind, tokens[0].span.end), (Invalid, 2));
    }

    #[test]
    fn update_arithmetic_tokens() {
        assert_eq!(
            kinds("SET a = b+:c-:d"),
            vec![Ident, Ident, Eq, Ident, Plus, ValuePlaceholder, Minus, ValuePlaceholder, Eof]
        );
    }
}
