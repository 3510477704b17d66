//! The syntax tree of DynamoDB expressions, exactly as written: attribute
//! names and `#name`/`:value` placeholders are kept unresolved, and every node
//! carries the byte [`Span`] of its source text.
//!
//! `Display` prints canonical text (upper-case keywords, single spaces,
//! parentheses only where the tree has a [`Expr::Paren`] node), so parsing
//! the printed text gives back an equal tree. Spans never take part in
//! equality (as sqlparser's `AttachedToken`), which is what lets that round
//! trip compare trees parsed from differently spaced text. Depends on nothing.

use std::fmt;

/// A byte range `start..end` in the expression text.
#[derive(Debug, Clone, Copy, Default, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// Spans are positions, not content: they never make two trees unequal.
impl PartialEq for Span {
    fn eq(&self, _: &Span) -> bool {
        true
    }
}

/// An attribute name as written: plain (`Price`) or a placeholder (`#p`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Name {
    Plain(String),
    /// Includes the leading `#`.
    Placeholder(String),
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Name::Plain(s) | Name::Placeholder(s) => f.write_str(s),
        }
    }
}

/// One step of a document path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathElement {
    /// A top-level attribute or a map key: `a`, `.b`, `#c`.
    Attribute { name: Name, span: Span },
    /// A list index: `[3]`.
    Index { index: u32, span: Span },
}

/// A document path: `Order.Items[2].#name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Path {
    pub elements: Vec<PathElement>,
    pub span: Span,
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, element) in self.elements.iter().enumerate() {
            match element {
                PathElement::Attribute { name, .. } if i == 0 => write!(f, "{name}")?,
                PathElement::Attribute { name, .. } => write!(f, ".{name}")?,
                PathElement::Index { index, .. } => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// A `:value` placeholder (including the colon).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ValueRef {
    pub name: String,
    pub span: Span,
}

/// `name(arg, ...)`; the name is checked later, by the resolver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FunctionCall {
    pub name: String,
    pub name_span: Span,
    pub args: Vec<Expr>,
    pub span: Span,
}

impl fmt::Display for FunctionCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.name)?;
        for (i, arg) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{arg}")?;
        }
        f.write_str(")")
    }
}

/// `=`, `<>`, `<`, `<=`, `>`, `>=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Comparator {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Eq => "=",
            Comparator::Ne => "<>",
            Comparator::Lt => "<",
            Comparator::Le => "<=",
            Comparator::Gt => ">",
            Comparator::Ge => ">=",
        }
    }

    /// The comparator that gives the same answer with operands swapped.
    pub fn flipped(self) -> Comparator {
        match self {
            Comparator::Lt => Comparator::Gt,
            Comparator::Le => Comparator::Ge,
            Comparator::Gt => Comparator::Lt,
            Comparator::Ge => Comparator::Le,
            other => other,
        }
    }
}

/// A condition, filter or key-condition expression, or one of its operands.
///
/// Conditions and operands share one tree because a leading `(` can open
/// either (`(a) = :v` versus `(a = :v)`); the parser only builds shapes the
/// grammar allows, and the resolver sorts operands from conditions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expr {
    Path(Path),
    Value(ValueRef),
    Call(FunctionCall),
    Compare {
        op: Comparator,
        left: Box<Expr>,
        right: Box<Expr>,
        span: Span,
    },
    Between {
        value: Box<Expr>,
        low: Box<Expr>,
        high: Box<Expr>,
        span: Span,
    },
    In {
        value: Box<Expr>,
        list: Vec<Expr>,
        span: Span,
    },
    Not {
        operand: Box<Expr>,
        span: Span,
    },
    /// Two or more conditions joined by `AND`. Chains are flat (n-ary), so
    /// a long `a AND b AND ...` is not a deep tree.
    And {
        operands: Vec<Expr>,
        span: Span,
    },
    /// Two or more conditions joined by `OR` (flat, like `And`).
    Or {
        operands: Vec<Expr>,
        span: Span,
    },
    Paren {
        inner: Box<Expr>,
        span: Span,
    },
}

impl Expr {
    pub(crate) fn span(&self) -> Span {
        match self {
            Expr::Path(p) => p.span,
            Expr::Value(v) => v.span,
            Expr::Call(c) => c.span,
            Expr::Compare { span, .. }
            | Expr::Between { span, .. }
            | Expr::In { span, .. }
            | Expr::Not { span, .. }
            | Expr::And { span, .. }
            | Expr::Or { span, .. }
            | Expr::Paren { span, .. } => *span,
        }
    }

    /// Whether this can stand where an operand is expected: a path, a value,
    /// a function call, or one of those in parentheses.
    pub(crate) fn is_operand(&self) -> bool {
        match self {
            Expr::Path(_) | Expr::Value(_) | Expr::Call(_) => true,
            Expr::Paren { inner, .. } => inner.is_operand(),
            _ => false,
        }
    }

    /// Whether this can stand where a condition is expected. Calls count:
    /// the resolver rejects `size(...)` there.
    pub(crate) fn is_condition(&self) -> bool {
        match self {
            Expr::Path(_) | Expr::Value(_) => false,
            Expr::Paren { inner, .. } => inner.is_condition(),
            _ => true,
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Path(p) => write!(f, "{p}"),
            Expr::Value(v) => f.write_str(&v.name),
            Expr::Call(c) => write!(f, "{c}"),
            Expr::Compare { op, left, right, .. } => write!(f, "{left} {} {right}", op.symbol()),
            Expr::Between { value, low, high, .. } => write!(f, "{value} BETWEEN {low} AND {high}"),
            Expr::In { value, list, .. } => {
                write!(f, "{value} IN (")?;
                for (i, item) in list.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str(")")
            }
            Expr::Not { operand, .. } => write!(f, "NOT {operand}"),
            Expr::And { operands, .. } => write_joined(f, operands, " AND "),
            Expr::Or { operands, .. } => write_joined(f, operands, " OR "),
            Expr::Paren { inner, .. } => write!(f, "({inner})"),
        }
    }
}

fn write_joined(f: &mut fmt::Formatter<'_>, operands: &[Expr], separator: &str) -> fmt::Result {
    for (i, operand) in operands.iter().enumerate() {
        if i > 0 {
            f.write_str(separator)?;
        }
        write!(f, "{operand}")?;
    }
    Ok(())
}

/// The right-hand side of a `SET` action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SetValue {
    Operand(Expr),
    Plus(Expr, Expr),
    Minus(Expr, Expr),
}

impl fmt::Display for SetValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetValue::Operand(e) => write!(f, "{e}"),
            SetValue::Plus(a, b) => write!(f, "{a} + {b}"),
            SetValue::Minus(a, b) => write!(f, "{a} - {b}"),
        }
    }
}

/// One action of an update expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UpdateAction {
    Set { path: Path, value: SetValue },
    Remove { path: Path },
    Add { path: Path, value: ValueRef },
    Delete { path: Path, value: ValueRef },
}

impl UpdateAction {
    pub(crate) fn path(&self) -> &Path {
        match self {
            UpdateAction::Set { path, .. }
            | UpdateAction::Remove { path }
            | UpdateAction::Add { path, .. }
            | UpdateAction::Delete { path, .. } => path,
        }
    }
}

impl fmt::Display for UpdateAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UpdateAction::Set { path, value } => write!(f, "{path} = {value}"),
            UpdateAction::Remove { path } => write!(f, "{path}"),
            UpdateAction::Add { path, value } | UpdateAction::Delete { path, value } => {
                write!(f, "{path} {}", value.name)
            }
        }
    }
}

/// `SET`, `REMOVE`, `ADD` or `DELETE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SectionKind {
    Set,
    Remove,
    Add,
    Delete,
}

impl SectionKind {
    pub(crate) fn keyword(self) -> &'static str {
        match self {
            SectionKind::Set => "SET",
            SectionKind::Remove => "REMOVE",
            SectionKind::Add => "ADD",
            SectionKind::Delete => "DELETE",
        }
    }
}

/// One clause of an update expression: a keyword and its actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Section {
    pub kind: SectionKind,
    pub actions: Vec<UpdateAction>,
    pub span: Span,
}

/// A whole update expression, sections in written order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UpdateExpr {
    pub sections: Vec<Section>,
}

impl fmt::Display for UpdateExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, section) in self.sections.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(section.kind.keyword())?;
            for (j, action) in section.actions.iter().enumerate() {
                f.write_str(if j == 0 { " " } else { ", " })?;
                write!(f, "{action}")?;
            }
        }
        Ok(())
    }
}

/// A projection expression: the paths to return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProjectionExpr {
    pub paths: Vec<Path>,
}

impl fmt::Display for ProjectionExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, path) in self.paths.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{path}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(name: &str) -> PathElement {
        PathElement::Attribute { name: Name::Plain(name.into()), span: Span::default() }
    }

    #[test]
    fn path_display_uses_dots_and_brackets() {
        // Developer Guide, "Specifying item attributes": MyMap.nestedField[3].
        let path = Path {
            elements: vec![
                attr("MyMap"),
                PathElement::Attribute {
                    name: Name::Placeholder("#n".into()),
                    span: Span::default(),
                },
                PathElement::Index { index: 3, span: Span::default() },
            ],
            span: Span::default(),
        };
        assert_eq!(path.to_string(), "MyMap.#n[3]");
    }

    #[test]
    fn spans_do_not_affect_equality() {
        assert_eq!(Span::new(0, 3), Span::new(5, 9));
        assert_eq!(Span::new(2, 4).to(Span::new(0, 3)).start, 0);
    }

    #[test]
    fn comparator_flip_swaps_direction_only() {
        assert_eq!(Comparator::Lt.flipped(), Comparator::Gt);
        assert_eq!(Comparator::Ge.flipped(), Comparator::Le);
        assert_eq!(Comparator::Eq.flipped(), Comparator::Eq);
    }
}
