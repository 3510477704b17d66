//! The JSON view of a practice set: `[{"question", "answer", "working",
//! "topic"}]` (docs/json-output.md, `## practice`).

use std::io::{self, Write};

use serde::Serialize;

use crate::capacity::Step;
use crate::practice::Question;

#[derive(Serialize)]
struct WireQuestion<'a> {
    question: &'a str,
    answer: String,
    working: &'a [Step],
    topic: &'a str,
}

/// Writes the set as one pretty-printed JSON array and a newline.
pub fn render(questions: &[Question], out: &mut dyn Write) -> io::Result<()> {
    let wire: Vec<WireQuestion<'_>> = questions
        .iter()
        .map(|q| WireQuestion {
            question: &q.text,
            answer: q.answer.to_string(),
            working: q.working.steps(),
            topic: q.topic.as_str(),
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &wire)?;
    writeln!(out)
}
