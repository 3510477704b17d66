//! [`LocationIndex`]: field path -> line and column, for errors found after
//! deserialization (cross-field validation knows the path, not the line).

use std::collections::HashMap;

use serde_saphyr::granit_parser::{Event, Parser};

/// Maps every node's field path (`tables[0].operations[2].rate`) to the
/// 1-based line and column where its value starts (for a mapping entry, where
/// its key starts).
#[derive(Debug, Default, Clone)]
pub struct LocationIndex {
    positions: HashMap<String, (usize, usize)>,
}

enum Frame {
    Map { path: String, pending_key: Option<(String, (usize, usize))> },
    Seq { path: String, next: usize },
}

impl LocationIndex {
    /// Indexes `text`. A document that does not parse yields an empty index
    /// (the deserializer will already have reported the syntax error).
    pub fn build(text: &str) -> Self {
        let mut positions = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        for next in Parser::new_from_str(text) {
            let Ok((event, span)) = next else { break };
            let here = (span.start.line(), span.start.col() + 1);
            match event {
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Map { pending_key, .. }) = stack.last_mut()
                        && pending_key.is_none()
                    {
                        *pending_key = Some((value.to_string(), here));
                        continue;
                    }
                    if let Some(path) = child_path(&mut stack) {
                        positions.entry(path.0).or_insert(path.1.unwrap_or(here));
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let is_map = matches!(event, Event::MappingStart(..));
                    let path = match child_path(&mut stack) {
                        Some((p, key_pos)) => {
                            positions.entry(p.clone()).or_insert(key_pos.unwrap_or(here));
                            p
                        }
                        None => String::new(),
                    };
                    positions.entry(path.clone()).or_insert(here);
                    stack.push(if is_map {
                        Frame::Map { path, pending_key: None }
                    } else {
                        Frame::Seq { path, next: 0 }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        LocationIndex { positions }
    }

    /// The position of `path`, or of its nearest ancestor that has one.
    pub fn find(&self, path: &str) -> Option<(usize, usize)> {
        let mut p = path;
        loop {
            if let Some(pos) = self.positions.get(p) {
                return Some(*pos);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }
}

/// The path of the node about to be read in the current container, and the
/// position of its key when it is a mapping value.
fn child_path(stack: &mut [Frame]) -> Option<(String, Option<(usize, usize)>)> {
    match stack.last_mut()? {
        Frame::Map { path, pending_key } => {
            let (key, pos) = pending_key.take()?;
            let p = if path.is_empty() { key } else { format!("{path}.{key}") };
            Some((p, Some(pos)))
        }
        Frame::Seq { path, next } => {
            let p = format!("{path}[{next}]");
            *next += 1;
            Some((p, None))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_paths_and_falls_back_to_ancestors() {
        let text = "version: 1\ntables:\n  - name: A\n    operations:\n      - { op: GetItem, rate: 5/s }\n      - op: Query\n        rate: 0/s\n";
        let idx = LocationIndex::build(text);
        assert_eq!(idx.find("version"), Some((1, 1)));
        assert_eq!(idx.find("tables[0].name"), Some((3, 5)));
        assert_eq!(idx.find("tables[0].operations[0].rate").map(|p| p.0), Some(5));
        assert_eq!(idx.find("tables[0].operations[1].rate"), Some((7, 9)));
        assert_eq!(idx.find("tables[0].operations[1].nope").map(|p| p.0), Some(6));
    }
}
