//! The human view of `practice`: a question, a verdict with the worked
//! solution, the final score, and the whole set with answers (`--answers`).

use std::io::{self, Write};

use super::calc_human::render_working;
use crate::practice::{Grade, Question};

/// `Question 2 of 5 (wcu)` and the question text.
pub fn render_question(
    q: &Question,
    n: usize,
    total: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "Question {n} of {total} ({})", q.topic.as_str())?;
    writeln!(out, "{}", q.text)
}

/// The right answer and its working.
pub fn render_solution(q: &Question, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "Answer: {}", q.answer)?;
    render_working(&q.working, out)
}

/// What the student is told after answering.
pub fn render_verdict(q: &Question, grade: &Grade, out: &mut dyn Write) -> io::Result<()> {
    match grade {
        Grade::Right => writeln!(out, "Right!")?,
        Grade::Wrong => writeln!(out, "Wrong.")?,
        Grade::Unreadable(hint) => writeln!(out, "Could not read that answer: {hint}.")?,
    }
    render_solution(q, out)?;
    writeln!(out)
}

/// `Score: 3/5 (60%)`, noting questions left unanswered when input ended.
pub fn render_score(
    right: usize,
    answered: usize,
    total: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    let percent = (right * 100).checked_div(total).unwrap_or(0);
    write!(out, "Score: {right}/{total} ({percent}%)")?;
    if answered < total {
        write!(out, ", {} not answered (input ended)", total - answered)?;
    }
    writeln!(out)
}

/// The whole set with worked solutions, no prompting.
pub fn render_answers(questions: &[Question], seed: u64, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "Practice set: seed {seed}, {} questions", questions.len())?;
    for (i, q) in questions.iter().enumerate() {
        writeln!(out)?;
        render_question(q, i + 1, questions.len(), out)?;
        render_solution(q, out)?;
    }
    Ok(())
}
