//! The parser: tokens to the syntax tree in `ast`. Syntax only: names,
//! placeholders and function names are kept as written and checked later by
//! `resolve`. The grammar is in docs/expressions.md.
//!
//! # Precedence climbing
//!
//! DynamoDB's precedence, highest first (Developer Guide, "Precedence in
//! conditions"): comparators, `IN`, `BETWEEN`, functions, parentheses, `NOT`,
//! `AND`, `OR`. Comparators, `IN` and `BETWEEN` do not chain, so they are
//! parsed by [`Parser::parse_predicate`] as one operand plus an optional
//! tail; `NOT` is a prefix handled by [`Parser::parse_unary`]; only `AND`
//! (binding power 2) and `OR` (1) are binary, and
//! [`Parser::parse_expr`]`(min)` climbs over them: parse a unary operand, then
//! while the next operator binds at least `min`, consume it and parse the
//! right side with `min = power + 1`, so tighter operators are absorbed into
//! the right operand; a run of equal operators is collected into one flat
//! (n-ary) node, so `a AND b AND c` is `And[a, b, c]` and long chains never
//! make a deep tree.
//!
//! Worked example, `a = :x OR NOT b = :y AND c = :z`:
//! 1. `parse_expr(1)` parses the predicate `a = :x`, then sees `OR` (1 >= 1),
//!    consumes it and calls `parse_expr(2)` for the right side.
//! 2. `parse_expr(2)` parses `NOT` + predicate `b = :y`, sees `AND` (2 >= 2),
//!    consumes it, calls `parse_expr(3)`, which returns `c = :z` because
//!    `EOF` is not an operator; the result is `And[NOT b = :y, c = :z]`.
//! 3. Back in step 1: `Or[a = :x, And[NOT b = :y, c = :z]]`.
//!
//! # Hostile input
//!
//! Every recursive entry (a parenthesis, `NOT`, a function's arguments, the
//! right side of `AND`/`OR`) goes through [`Parser::enter`], which fails
//! with `TooDeep` past [`MAX_NESTING`] levels, so no input can overflow the
//! stack; all work is linear in the number of tokens.
//!
//! Syntax errors name the offending token and the text around it the way
//! DynamoDB does: `token: ")", near: "()"` is the previous, current and next
//! token (`<EOF>` at the end). Depends on `ast`, `lexer`, `error`, `limits`.

use super::ast::{
    Comparator, Expr, FunctionCall, Name, Path, PathElement, ProjectionExpr, Section, SectionKind,
    SetValue, Span, UpdateAction, UpdateExpr, ValueRef,
};
use super::error::{ErrorKind, ExprError};
use super::lexer::{Token, TokenKind, tokenize};
use super::limits::MAX_NESTING;

/// Parses a condition, filter or key-condition expression.
pub(crate) fn parse_condition(text: &str) -> Result<Expr, ExprError> {
    let mut parser = Parser::new(text, Mode::Condition);
    let expr = parser.parse_expr(1)?;
    let expr = parser.require_condition(expr)?;
    parser.expect_eof()?;
    Ok(expr)
}

/// Parses an update expression.
pub(crate) fn parse_update(text: &str) -> Result<UpdateExpr, ExprError> {
    let mut parser = Parser::new(text, Mode::Update);
    let mut sections = Vec::new();
    loop {
        let token = parser.peek();
        if token.kind == TokenKind::Eof && !sections.is_empty() {
            return Ok(UpdateExpr { sections });
        }
        let Some(kind) = parser.section_keyword(token) else {
            return Err(parser.syntax_error());
        };
        parser.advance();
        let mut actions = vec![parser.parse_action(kind)?];
        while parser.peek().kind == TokenKind::Comma {
            parser.advance();
            actions.push(parser.parse_action(kind)?);
        }
        let end = parser.previous_end();
        sections.push(Section { kind, actions, span: Span::new(token.span.start, end) });
    }
}

/// Parses a projection expression.
pub(crate) fn parse_projection(text: &str) -> Result<ProjectionExpr, ExprError> {
    let mut parser = Parser::new(text, Mode::Projection);
    let mut paths = vec![parser.parse_path()?];
    while parser.peek().kind == TokenKind::Comma {
        parser.advance();
        paths.push(parser.parse_path()?);
    }
    parser.expect_eof()?;
    Ok(ProjectionExpr { paths })
}

/// Which grammar is being parsed: decides the keywords and whether
/// parentheses around operands are kept in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Condition,
    Update,
    Projection,
}

const CONDITION_KEYWORDS: [&str; 5] = ["AND", "OR", "NOT", "BETWEEN", "IN"];
const UPDATE_KEYWORDS: [&str; 4] = ["SET", "REMOVE", "ADD", "DELETE"];

pub(crate) struct Parser<'a> {
    source: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    mode: Mode,
}

impl<'a> Parser<'a> {
    fn new(source: &'a str, mode: Mode) -> Parser<'a> {
        Parser { source, tokens: tokenize(source), pos: 0, depth: 0, mode }
    }

    // ----- token helpers -----

    fn peek(&self) -> Token {
        self.tokens[self.pos]
    }

    fn peek_at(&self, offset: usize) -> Token {
        self.tokens[(self.pos + offset).min(self.tokens.len() - 1)]
    }

    fn advance(&mut self) -> Token {
        let token = self.peek();
        if token.kind != TokenKind::Eof {
            self.pos += 1;
        }
        token
    }

    fn text(&self, token: Token) -> &'a str {
        &self.source[token.span.start..token.span.end]
    }

    fn previous_end(&self) -> usize {
        if self.pos == 0 { 0 } else { self.tokens[self.pos - 1].span.end }
    }

    fn is_keyword(&self, token: Token, keyword: &str) -> bool {
        token.kind == TokenKind::Ident && self.text(token).eq_ignore_ascii_case(keyword)
    }

    /// Whether an identifier is a keyword of the current grammar, and so
    /// cannot name an attribute or function.
    fn is_any_keyword(&self, token: Token) -> bool {
        let keywords: &[&str] = match self.mode {
            Mode::Condition => &CONDITION_KEYWORDS,
            Mode::Update => &UPDATE_KEYWORDS,
            Mode::Projection => &[],
        };
        keywords.iter().any(|k| self.is_keyword(token, k))
    }

    fn section_keyword(&self, token: Token) -> Option<SectionKind> {
        [SectionKind::Set, SectionKind::Remove, SectionKind::Add, SectionKind::Delete]
            .into_iter()
            .find(|kind| self.is_keyword(token, kind.keyword()))
    }

    /// A syntax error at the current token, worded like DynamoDB's.
    fn syntax_error(&self) -> ExprError {
        let current = self.peek();
        let token = if current.kind == TokenKind::Eof {
            "<EOF>".to_string()
        } else {
            self.text(current).to_string()
        };
        let start =
            if self.pos > 0 { self.tokens[self.pos - 1].span.start } else { current.span.start };
        let next = self.peek_at(1);
        let end = if current.kind == TokenKind::Eof {
            self.previous_end()
        } else if next.kind != TokenKind::Eof {
            next.span.end
        } else {
            current.span.end
        };
        let near = self.source[start..end.max(start)].to_string();
        ExprError::at(ErrorKind::Syntax { token, near }, current.span)
    }

    fn expect(&mut self, kind: TokenKind) -> Result<Token, ExprError> {
        if self.peek().kind == kind { Ok(self.advance()) } else { Err(self.syntax_error()) }
    }

    fn expect_eof(&self) -> Result<(), ExprError> {
        if self.peek().kind == TokenKind::Eof { Ok(()) } else { Err(self.syntax_error()) }
    }

    /// Enters one level of recursion; fails past [`MAX_NESTING`].
    fn enter(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(ExprError::at(ErrorKind::TooDeep { max: MAX_NESTING }, self.peek().span));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    // ----- conditions -----

    /// `expr := unary (("AND" | "OR") expr)*` by precedence climbing (see
    /// the module doc).
    fn parse_expr(&mut self, min_power: u8) -> Result<Expr, ExprError> {
        self.enter()?;
        let mut left = self.parse_unary()?;
        loop {
            let token = self.peek();
            let power = if self.is_keyword(token, "OR") {
                1
            } else if self.is_keyword(token, "AND") {
                2
            } else {
                break;
            };
            if power < min_power {
                break;
            }
            left = self.require_condition(left)?;
            self.advance();
            let right = self.parse_expr(power + 1)?;
            let right = self.require_condition(right)?;
            let span = left.span().to(right.span());
            // Extend the chain this loop built (same operator) or start one.
            left = match (power, left) {
                (1, Expr::Or { mut operands, .. }) => {
                    operands.push(right);
                    Expr::Or { operands, span }
                }
                (1, first) => Expr::Or { operands: vec![first, right], span },
                (_, Expr::And { mut operands, .. }) => {
                    operands.push(right);
                    Expr::And { operands, span }
                }
                (_, first) => Expr::And { operands: vec![first, right], span },
            };
        }
        self.leave();
        Ok(left)
    }

    /// `unary := "NOT" unary | predicate`
    fn parse_unary(&mut self) -> Result<Expr, ExprError> {
        let token = self.peek();
        if !self.is_keyword(token, "NOT") {
            return self.parse_predicate();
        }
        self.enter()?;
        self.advance();
        let operand = self.parse_unary()?;
        let operand = self.require_condition(operand)?;
        self.leave();
        let span = token.span.to(operand.span());
        Ok(Expr::Not { operand: Box::new(operand), span })
    }

    /// `predicate := primary [comparator operand | "BETWEEN" operand "AND"
    /// operand | "IN" "(" operand ("," operand)* ")"]`
    fn parse_predicate(&mut self) -> Result<Expr, ExprError> {
        let left = self.parse_primary()?;
        let token = self.peek();
        let comparator = match token.kind {
            TokenKind::Eq => Some(Comparator::Eq),
            TokenKind::Ne => Some(Comparator::Ne),
            TokenKind::Lt => Some(Comparator::Lt),
            TokenKind::Le => Some(Comparator::Le),
            TokenKind::Gt => Some(Comparator::Gt),
            TokenKind::Ge => Some(Comparator::Ge),
            _ => None,
        };
        let is_between = self.is_keyword(token, "BETWEEN");
        let is_in = self.is_keyword(token, "IN");
        if comparator.is_none() && !is_between && !is_in {
            return Ok(left);
        }
        if !left.is_operand() {
            return Err(self.syntax_error());
        }
        self.advance();
        let value = Box::new(left);
        if let Some(op) = comparator {
            let right = self.parse_operand()?;
            let span = value.span().to(right.span());
            return Ok(Expr::Compare { op, left: value, right: Box::new(right), span });
        }
        if is_between {
            let low = self.parse_operand()?;
            if !self.is_keyword(self.peek(), "AND") {
                return Err(self.syntax_error());
            }
            self.advance();
            let high = self.parse_operand()?;
            let span = value.span().to(high.span());
            return Ok(Expr::Between { value, low: Box::new(low), high: Box::new(high), span });
        }
        self.expect(TokenKind::LParen)?;
        let list = self.parse_operand_list()?;
        let close = self.expect(TokenKind::RParen)?;
        let span = value.span().to(close.span);
        Ok(Expr::In { value, list, span })
    }

    /// `primary := "(" expr ")" | operand-atom`. The parenthesised `expr` may
    /// turn out to be an operand, as in `(a) = :v`.
    fn parse_primary(&mut self) -> Result<Expr, ExprError> {
        let open = self.peek();
        if open.kind != TokenKind::LParen {
            return self.parse_operand_atom();
        }
        // `parse_expr` counts this level against the depth guard.
        self.advance();
        let inner = self.parse_expr(1)?;
        let close = self.expect(TokenKind::RParen)?;
        Ok(Expr::Paren { inner: Box::new(inner), span: open.span.to(close.span) })
    }

    /// A bare operand where a condition is required (`a AND b`, `NOT a`, a
    /// whole expression `foo`) is a syntax error at the token after it,
    /// where DynamoDB expected a comparator.
    fn require_condition(&self, expr: Expr) -> Result<Expr, ExprError> {
        if expr.is_condition() { Ok(expr) } else { Err(self.syntax_error()) }
    }

    // ----- operands (shared by conditions and updates) -----

    /// `operand := "(" operand ")" | operand-atom`. Conditions keep the
    /// parentheses in the tree (DynamoDB rejects doubled ones); updates drop
    /// them.
    fn parse_operand(&mut self) -> Result<Expr, ExprError> {
        let open = self.peek();
        if open.kind != TokenKind::LParen {
            return self.parse_operand_atom();
        }
        self.enter()?;
        self.advance();
        let inner = self.parse_operand()?;
        let close = self.expect(TokenKind::RParen)?;
        self.leave();
        if self.mode == Mode::Condition {
            Ok(Expr::Paren { inner: Box::new(inner), span: open.span.to(close.span) })
        } else {
            Ok(inner)
        }
    }

    fn parse_operand_list(&mut self) -> Result<Vec<Expr>, ExprError> {
        let mut list = vec![self.parse_operand()?];
        while self.peek().kind == TokenKind::Comma {
            self.advance();
            list.push(self.parse_operand()?);
        }
        Ok(list)
    }

    /// `operand-atom := value | function-call | path`
    fn parse_operand_atom(&mut self) -> Result<Expr, ExprError> {
        let token = self.peek();
        match token.kind {
            TokenKind::ValuePlaceholder => {
                self.advance();
                Ok(Expr::Value(ValueRef { name: self.text(token).to_string(), span: token.span }))
            }
            TokenKind::Ident
                if self.peek_at(1).kind == TokenKind::LParen && !self.is_any_keyword(token) =>
            {
                self.advance();
                self.advance();
                self.enter()?;
                let args = self.parse_operand_list()?;
                let close = self.expect(TokenKind::RParen)?;
                self.leave();
                Ok(Expr::Call(FunctionCall {
                    name: self.text(token).to_string(),
                    name_span: token.span,
                    args,
                    span: token.span.to(close.span),
                }))
            }
            _ => Ok(Expr::Path(self.parse_path()?)),
        }
    }

    /// `path := name ("." name | "[" integer "]")*`
    fn parse_path(&mut self) -> Result<Path, ExprError> {
        let first = self.parse_name()?;
        let start = first_span(&first);
        let mut elements = vec![first];
        loop {
            match self.peek().kind {
                TokenKind::Dot => {
                    self.advance();
                    elements.push(self.parse_name()?);
                }
                TokenKind::LBracket => {
                    let open = self.advance();
                    let digits = self.peek();
                    if digits.kind != TokenKind::Integer {
                        return Err(self.syntax_error());
                    }
                    let Ok(index) = self.text(digits).parse::<u32>() else {
                        return Err(self.syntax_error());
                    };
                    self.advance();
                    let close = self.expect(TokenKind::RBracket)?;
                    elements.push(PathElement::Index { index, span: open.span.to(close.span) });
                }
                _ => break,
            }
        }
        Ok(Path { elements, span: Span::new(start.start, self.previous_end()) })
    }

    fn parse_name(&mut self) -> Result<PathElement, ExprError> {
        let token = self.peek();
        let name = match token.kind {
            TokenKind::Ident if !self.is_any_keyword(token) => {
                Name::Plain(self.text(token).to_string())
            }
            TokenKind::NamePlaceholder => Name::Placeholder(self.text(token).to_string()),
            _ => return Err(self.syntax_error()),
        };
        self.advance();
        Ok(PathElement::Attribute { name, span: token.span })
    }

    // ----- updates -----

    fn parse_action(&mut self, kind: SectionKind) -> Result<UpdateAction, ExprError> {
        let path = self.parse_path()?;
        match kind {
            SectionKind::Set => {
                self.expect(TokenKind::Eq)?;
                let value = self.parse_set_value()?;
                Ok(UpdateAction::Set { path, value })
            }
            SectionKind::Remove => Ok(UpdateAction::Remove { path }),
            SectionKind::Add | SectionKind::Delete => {
                let token = self.expect(TokenKind::ValuePlaceholder)?;
                let value = ValueRef { name: self.text(token).to_string(), span: token.span };
                Ok(if kind == SectionKind::Add {
                    UpdateAction::Add { path, value }
                } else {
                    UpdateAction::Delete { path, value }
                })
            }
        }
    }

    /// `set-value := set-term [("+" | "-") operand]`
    fn parse_set_value(&mut self) -> Result<SetValue, ExprError> {
        let first = self.parse_set_term()?;
        let SetValue::Operand(left) = first else {
            return Ok(first);
        };
        let op = self.peek().kind;
        if op != TokenKind::Plus && op != TokenKind::Minus {
            return Ok(SetValue::Operand(left));
        }
        self.advance();
        let right = self.parse_operand()?;
        Ok(if op == TokenKind::Plus {
            SetValue::Plus(left, right)
        } else {
            SetValue::Minus(left, right)
        })
    }

    /// `set-term := "(" set-value ")" | operand-atom`
    fn parse_set_term(&mut self) -> Result<SetValue, ExprError> {
        if self.peek().kind != TokenKind::LParen {
            return Ok(SetValue::Operand(self.parse_operand_atom()?));
        }
        self.enter()?;
        self.advance();
        let inner = self.parse_set_value()?;
        self.expect(TokenKind::RParen)?;
        self.leave();
        Ok(inner)
    }
}

fn first_span(element: &PathElement) -> Span {
    match element {
        PathElement::Attribute { span, .. } | PathElement::Index { span, .. } => *span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(text: &str) -> String {
        parse_condition(text).unwrap_or_else(|e| panic!("{text}: {e}")).to_string()
    }

    fn syntax(text: &str) -> (String, String) {
        match parse_condition(text).unwrap_err().kind {
            ErrorKind::Syntax { token, near } => (token, near),
            other => panic!("{text}: expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn and_binds_tighter_than_or() {
        // Developer Guide, "Precedence in conditions": NOT, then AND, then OR.
        let expr = parse_condition("a = :x OR b = :y AND c = :z").unwrap();
        let Expr::Or { operands, .. } = expr else { panic!("OR must be the root") };
        assert!(matches!(operands[1], Expr::And { .. }));
    }

    #[test]
    fn not_binds_looser_than_comparison_and_tighter_than_and() {
        let expr = parse_condition("NOT a = :x AND b = :y").unwrap();
        let Expr::And { mut operands, .. } = expr else { panic!("AND must be the root") };
        let Expr::Not { operand, .. } = operands.remove(0) else { panic!("NOT on the left") };
        assert!(matches!(*operand, Expr::Compare { .. }));
    }

    #[test]
    fn chains_of_one_operator_are_flat() {
        let expr = parse_condition("a = :x AND b = :y AND c = :z OR d = :w").unwrap();
        let Expr::Or { operands, .. } = expr else { panic!() };
        assert!(matches!(&operands[0], Expr::And { operands, .. } if operands.len() == 3));
    }

    #[test]
    fn keywords_are_case_insensitive_and_printed_upper_case() {
        assert_eq!(canonical("a between :l and :h"), "a BETWEEN :l AND :h");
        assert_eq!(canonical("not a in (:x,:y)"), "NOT a IN (:x, :y)");
        assert_eq!(canonical("a=:x or b<>:y"), "a = :x OR b <> :y");
    }

    #[test]
    fn parenthesised_operand_and_parenthesised_condition() {
        assert_eq!(canonical("(a) = :v"), "(a) = :v");
        assert_eq!(canonical("(a = :v)"), "(a = :v)");
        assert_eq!(canonical("(a = :v OR b = :w) AND c = :x"), "(a = :v OR b = :w) AND c = :x");
    }

    #[test]
    fn functions_and_paths() {
        assert_eq!(canonical("attribute_exists(#a.b[2].c)"), "attribute_exists(#a.b[2].c)");
        assert_eq!(canonical("size(a) > :n"), "size(a) > :n");
        assert_eq!(canonical("begins_with ( a , :p )"), "begins_with(a, :p)");
    }

    #[test]
    fn syntax_error_near_text_is_previous_current_and_next_token() {
        // DynamoDB: `foo` -> token "<EOF>", near "foo" (recorded in the
        // boto/PynamoDB tests for DynamoDB Local and the live service).
        assert_eq!(syntax("foo"), ("<EOF>".into(), "foo".into()));
        // `attribute_not_exists(` -> token "<EOF>", near "(".
        assert_eq!(syntax("attribute_not_exists("), ("<EOF>".into(), "(".into()));
        // `now()` -> token ")", near "()".
        assert_eq!(syntax("expiresAt > now()"), (")".into(), "()".into()));
        assert_eq!(syntax("a = = :v"), ("=".into(), "= = :v".into()));
    }

    #[test]
    fn bare_operands_are_not_conditions() {
        assert_eq!(syntax("a AND b = :v").0, "AND");
        assert_eq!(syntax("NOT a").0, "<EOF>");
        assert_eq!(syntax("(a)").0, "<EOF>");
    }

    #[test]
    fn comparisons_do_not_chain() {
        assert_eq!(syntax("a = b = c").0, "=");
        assert_eq!(syntax("(a = :v) = :w").0, "=");
    }

    #[test]
    fn invalid_characters_and_leading_underscore_are_syntax_errors() {
        assert_eq!(syntax("pk = !!").0, "!");
        assert_eq!(syntax("_hidden = :v").0, "_");
    }

    #[test]
    fn in_needs_a_parenthesised_list() {
        assert_eq!(syntax("a IN :x").0, ":x");
        assert_eq!(syntax("a IN ()").0, ")");
    }

    #[test]
    fn update_sections_and_actions() {
        let text = "set a = :v, b.c[1] = if_not_exists(b.c[1], :z) + :one remove d, e[3] add f :n delete g :s";
        assert_eq!(
            parse_update(text).unwrap().to_string(),
            "SET a = :v, b.c[1] = if_not_exists(b.c[1], :z) + :one REMOVE d, e[3] ADD f :n DELETE g :s"
        );
    }

    #[test]
    fn update_parentheses_are_accepted_and_dropped() {
        assert_eq!(parse_update("SET a = (b + :c)").unwrap().to_string(), "SET a = b + :c");
        assert_eq!(parse_update("SET a = (b) - (:c)").unwrap().to_string(), "SET a = b - :c");
        assert_eq!(
            parse_update("SET l = list_append((l), :x)").unwrap().to_string(),
            "SET l = list_append(l, :x)"
        );
    }

    #[test]
    fn update_arithmetic_does_not_chain() {
        let err = parse_update("SET a = :x + :y + :z").unwrap_err();
        assert!(matches!(err.kind, ErrorKind::Syntax { ref token, .. } if token == "+"));
    }

    #[test]
    fn update_needs_a_section_keyword_and_add_needs_a_value() {
        assert!(parse_update("a = :v").is_err());
        assert!(parse_update("SET").is_err());
        assert!(parse_update("ADD a b").is_err());
        assert!(parse_update("SET a = :v,").is_err());
        assert!(parse_update("REMOVE set").is_err());
    }

    #[test]
    fn projection_is_a_comma_separated_path_list() {
        assert_eq!(parse_projection("a, b.c , d[0].#e").unwrap().to_string(), "a, b.c, d[0].#e");
        assert!(parse_projection("a b").is_err());
        assert!(parse_projection("a,").is_err());
        assert!(parse_projection("a[x]").is_err());
    }

    #[test]
    fn error_span_points_at_the_token() {
        let err = parse_condition("a = :v AND").unwrap_err();
        assert_eq!(err.span.map(|s| s.start), Some(10));
    }
}

#[cfg(test)]
mod proptests {
    //! Round trip: for any tree the grammar can produce, printing it
    //! (`Display`, canonical text) and parsing the text gives the same tree.
    //! Generators add parentheses exactly where canonical text needs them.
    use proptest::prelude::*;

    use super::*;

    fn name() -> impl Strategy<Value = Name> {
        prop_oneof![
            prop::sample::select(vec!["a", "b", "Price", "Title", "x1", "my_attr", "Inside"])
                .prop_map(|s| Name::Plain(s.to_string())),
            (0..5u8).prop_map(|i| Name::Placeholder(format!("#n{i}"))),
        ]
    }

    fn path() -> impl Strategy<Value = Path> {
        let step = prop_oneof![
            name().prop_map(|name| PathElement::Attribute { name, span: Span::default() }),
            (0..20u32).prop_map(|index| PathElement::Index { index, span: Span::default() }),
        ];
        (name(), prop::collection::vec(step, 0..3)).prop_map(|(first, rest)| {
            let mut elements = vec![PathElement::Attribute { name: first, span: Span::default() }];
            elements.extend(rest);
            Path { elements, span: Span::default() }
        })
    }

    fn value() -> impl Strategy<Value = Expr> {
        (0..5u8)
            .prop_map(|i| Expr::Value(ValueRef { name: format!(":v{i}"), span: Span::default() }))
    }

    fn call(name: &'static str, args: Vec<Expr>) -> Expr {
        Expr::Call(FunctionCall {
            name: name.into(),
            name_span: Span::default(),
            args,
            span: Span::default(),
        })
    }

    fn paren(inner: Expr) -> Expr {
        Expr::Paren { inner: Box::new(inner), span: Span::default() }
    }

    /// A condition operand: path, value, size(path), maybe parenthesised.
    fn operand() -> impl Strategy<Value = Expr> {
        let atom = prop_oneof![
            path().prop_map(Expr::Path),
            value(),
            path().prop_map(|p| call("size", vec![Expr::Path(p)]))
        ];
        (atom, any::<bool>()).prop_map(|(e, wrap)| if wrap { paren(e) } else { e })
    }

    fn predicate() -> impl Strategy<Value = Expr> {
        let comparator = prop::sample::select(vec![
            Comparator::Eq,
            Comparator::Ne,
            Comparator::Lt,
            Comparator::Le,
            Comparator::Gt,
            Comparator::Ge,
        ]);
        prop_oneof![
            (comparator, operand(), operand()).prop_map(|(op, l, r)| Expr::Compare {
                op,
                left: Box::new(l),
                right: Box::new(r),
                span: Span::default()
            }),
            (operand(), operand(), operand()).prop_map(|(v, l, h)| Expr::Between {
                value: Box::new(v),
                low: Box::new(l),
                high: Box::new(h),
                span: Span::default()
            }),
            (operand(), prop::collection::vec(operand(), 1..4)).prop_map(|(v, list)| Expr::In {
                value: Box::new(v),
                list,
                span: Span::default()
            }),
            path().prop_map(|p| call("attribute_exists", vec![Expr::Path(p)])),
            (path(), operand()).prop_map(|(p, o)| call("begins_with", vec![Expr::Path(p), o])),
        ]
    }

    /// Wraps `e` in parentheses when it is an AND/OR chain, which cannot
    /// appear bare inside another chain or after NOT.
    fn guard(e: Expr) -> Expr {
        if matches!(e, Expr::And { .. } | Expr::Or { .. }) { paren(e) } else { e }
    }

    fn condition() -> impl Strategy<Value = Expr> {
        predicate().prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                inner
                    .clone()
                    .prop_map(|c| Expr::Not { operand: Box::new(guard(c)), span: Span::default() }),
                prop::collection::vec(inner.clone(), 2..4).prop_map(|cs| Expr::And {
                    operands: cs.into_iter().map(guard).collect(),
                    span: Span::default()
                }),
                prop::collection::vec(inner.clone(), 2..4).prop_map(|cs| Expr::Or {
                    // AND binds tighter than OR, so a bare AND chain may sit in an OR.
                    operands: cs
                        .into_iter()
                        .map(|c| if matches!(c, Expr::Or { .. }) { paren(c) } else { c })
                        .collect(),
                    span: Span::default()
                }),
                inner.prop_map(paren),
            ]
        })
    }

    fn update_operand() -> impl Strategy<Value = Expr> {
        let leaf = prop_oneof![path().prop_map(Expr::Path), value()];
        leaf.prop_recursive(2, 6, 2, |inner| {
            prop_oneof![
                (path(), inner.clone())
                    .prop_map(|(p, o)| call("if_not_exists", vec![Expr::Path(p), o])),
                (inner.clone(), inner).prop_map(|(a, b)| call("list_append", vec![a, b])),
            ]
        })
    }

    fn action(kind: SectionKind) -> BoxedStrategy<UpdateAction> {
        let value_ref =
            (0..5u8).prop_map(|i| ValueRef { name: format!(":v{i}"), span: Span::default() });
        match kind {
            SectionKind::Set => (
                path(),
                prop_oneof![
                    update_operand().prop_map(SetValue::Operand),
                    (update_operand(), update_operand()).prop_map(|(a, b)| SetValue::Plus(a, b)),
                    (update_operand(), update_operand()).prop_map(|(a, b)| SetValue::Minus(a, b)),
                ],
            )
                .prop_map(|(path, value)| UpdateAction::Set { path, value })
                .boxed(),
            SectionKind::Remove => path().prop_map(|path| UpdateAction::Remove { path }).boxed(),
            SectionKind::Add => (path(), value_ref)
                .prop_map(|(path, value)| UpdateAction::Add { path, value })
                .boxed(),
            SectionKind::Delete => (path(), value_ref)
                .prop_map(|(path, value)| UpdateAction::Delete { path, value })
                .boxed(),
        }
    }

    fn update() -> impl Strategy<Value = UpdateExpr> {
        let kinds =
            vec![SectionKind::Set, SectionKind::Remove, SectionKind::Add, SectionKind::Delete];
        prop::sample::subsequence(kinds, 1..=4)
            .prop_shuffle()
            .prop_flat_map(|kinds| {
                kinds
                    .into_iter()
                    .map(|kind| {
                        prop::collection::vec(action(kind), 1..3).prop_map(move |actions| Section {
                            kind,
                            actions,
                            span: Span::default(),
                        })
                    })
                    .collect::<Vec<_>>()
            })
            .prop_map(|sections| UpdateExpr { sections })
    }

    proptest! {
        #[test]
        fn condition_display_parses_back_to_the_same_tree(tree in condition()) {
            let text = tree.to_string();
            let reparsed = parse_condition(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
            prop_assert_eq!(reparsed, tree, "text: {}", text);
        }

        #[test]
        fn update_display_parses_back_to_the_same_tree(tree in update()) {
            let text = tree.to_string();
            let reparsed = parse_update(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
            prop_assert_eq!(reparsed, tree, "text: {}", text);
        }

        #[test]
        fn arbitrary_text_never_panics(text in prop_oneof!["[ -~]{0,80}", "\\PC{0,40}", "[()aANDOR:#v =.\\[\\]0-9,]{0,60}"]) {
            use super::super::{Resolver, compile_condition, compile_projection, compile_update};
            let names = std::collections::HashMap::from([("#a".to_string(), "a".to_string())]);
            let values = std::collections::HashMap::from([(":v".to_string(), crate::value::AttributeValue::n(1))]);
            let mut resolver = Resolver::new(Some(&names), Some(&values)).unwrap();
            let _ = compile_condition(&text, &mut resolver).map(|c| c.evaluate(None));
            let _ = compile_update(&text, &mut resolver, &["pk"]).map(|u| u.apply(&mut crate::value::Item::new()));
            let _ = compile_projection(&text, &mut resolver).map(|p| p.apply(&crate::value::Item::new()));
        }
    }
}
