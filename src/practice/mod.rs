//! Exam-style practice: word problems dealt from a seed, each with its
//! answer and worked solution, and the grading of typed answers.
//!
//! Every numeric answer comes from `calc` (and so from `capacity` and
//! `pricing`); multiple-choice questions come from a bank of scenarios
//! citing the facts sheet, or from rule C7. Randomness is a seeded ChaCha8
//! ([`dice`]): the same seed deals the same questions on every platform.
//! No I/O: `cli::practice` asks and reads, `report::practice_human` writes.
//! Depends on `calc`, `capacity`, `pricing`, `units`.

mod choice;
pub mod dice;
mod generate;
mod grade;
mod numeric;
mod question;

pub use generate::{PracticeSet, generate};
pub use grade::{Grade, grade};
pub use question::{Answer, Question, Topic, Unit, letter};
