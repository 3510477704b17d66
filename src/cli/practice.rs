//! `ddbplan practice`: exam-style questions dealt from a seed. Asks each
//! question, reads the answer from standard input (a terminal or a pipe),
//! grades it and shows the worked solution; `--answers` and `--format json`
//! print the set with its answers instead.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::calc::positive_count;
use super::{ExitStatus, InvalidInput};
use crate::practice::{Grade, PracticeSet, Question, Topic, generate, grade};
use crate::pricing::PriceList;
use crate::report::{practice_human, practice_json};

/// Practise exam-style DynamoDB calculations.
#[derive(Debug, Args)]
pub struct PracticeArgs {
    /// What to practise.
    #[arg(long, value_enum, default_value_t = TopicArg::All)]
    pub topic: TopicArg,
    /// How many questions.
    #[arg(long, value_name = "N", default_value = "5", value_parser = question_count, allow_hyphen_values = true)]
    pub count: u32,
    /// Seed: the same seed deals the same questions. Without it, a seed is
    /// picked and printed so the set can be dealt again.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Print the questions with worked solutions instead of asking them.
    #[arg(long)]
    pub answers: bool,
    /// Output format (json prints the set with answers).
    #[arg(long, value_enum, default_value_t = PracticeFormat::Human)]
    pub format: PracticeFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TopicArg {
    Rcu,
    Wcu,
    ItemSize,
    Partitions,
    Gsi,
    Cost,
    BillingMode,
    Consistency,
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PracticeFormat {
    Human,
    Json,
}

impl TopicArg {
    fn topic(self) -> Option<Topic> {
        Some(match self {
            TopicArg::Rcu => Topic::Rcu,
            TopicArg::Wcu => Topic::Wcu,
            TopicArg::ItemSize => Topic::ItemSize,
            TopicArg::Partitions => Topic::Partitions,
            TopicArg::Gsi => Topic::Gsi,
            TopicArg::Cost => Topic::Cost,
            TopicArg::BillingMode => Topic::BillingMode,
            TopicArg::Consistency => Topic::Consistency,
            TopicArg::All => return None,
        })
    }
}

/// 1 to 1,000 questions.
fn question_count(s: &str) -> Result<u32, String> {
    let n = positive_count(s)?;
    u32::try_from(n)
        .ok()
        .filter(|n| *n <= 1_000)
        .ok_or_else(|| "at most 1000 questions".to_string())
}

pub(super) fn run(args: PracticeArgs) -> anyhow::Result<ExitStatus> {
    let seed = args.seed.unwrap_or_else(seed_from_clock);
    let list = PriceList::builtin("us-east-1").map_err(|e| InvalidInput(e.into()))?;
    let set = PracticeSet { topic: args.topic.topic(), count: args.count, seed };
    let questions = generate(set, &list);
    let mut out = std::io::stdout().lock();
    if args.format == PracticeFormat::Json {
        practice_json::render(&questions, &mut out).context("writing the practice set")?;
    } else if args.answers {
        practice_human::render_answers(&questions, seed, &mut out)
            .context("writing the practice set")?;
    } else {
        if args.seed.is_none() {
            writeln!(out, "Seed {seed} (use --seed {seed} to get these questions again)\n")?;
        }
        let stdin = std::io::stdin();
        let echo = !stdin.is_terminal();
        ask(&questions, &mut stdin.lock(), echo, &mut out)?;
    }
    Ok(ExitStatus::Success)
}

/// Asks each question, grades the line read back, and prints the score.
/// Stops early (and says so in the score) if the input ends. With `echo`
/// (input piped, not typed) each answer is written after its prompt so the
/// transcript reads like a session.
fn ask(
    questions: &[Question],
    input: &mut dyn BufRead,
    echo: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let (mut right, mut answered) = (0, 0);
    for (i, q) in questions.iter().enumerate() {
        practice_human::render_question(q, i + 1, questions.len(), out)?;
        write!(out, "> ")?;
        out.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line).context("reading an answer")? == 0 {
            writeln!(out)?;
            break;
        }
        if echo {
            writeln!(out, "{}", line.trim_end())?;
        }
        answered += 1;
        let g = grade(q, &line);
        if g == Grade::Right {
            right += 1;
        }
        practice_human::render_verdict(q, &g, out)?;
    }
    practice_human::render_score(right, answered, questions.len(), out)?;
    Ok(())
}

/// A seed for when none is given. The only clock read in practice, kept in
/// the command line; the library is given the seed.
fn seed_from_clock() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() ^ u64::from(d.subsec_nanos()))
        .unwrap_or(1)
        % 1_000_000
}
