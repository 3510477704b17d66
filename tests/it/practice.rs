//! `ddbplan practice` end to end: the answer sheet for seed 1 (snapshot),
//! determinism, JSON, and a session driven through stdin to its score.

use serde_json::Value;

use crate::util::{run, run_with_stdin};

fn json_set(seed: &str, count: &str) -> Vec<Value> {
    let (code, out, err) = run(&["practice", "--seed", seed, "--count", count, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str::<Value>(&out).unwrap().as_array().unwrap().clone()
}

/// What a student who knows the answer types: the letter of a choice, or
/// the answer as printed (`20 RCU`, `137 bytes`, `$12.34`, `28.9%`).
fn typed(answer: &str) -> String {
    match answer.split_once(") ") {
        Some((letter, _)) if letter.len() == 1 => letter.to_string(),
        _ => answer.split(" (").next().unwrap().to_string(),
    }
}

#[test]
fn answers_for_seed_1() {
    let (code, out, err) = run(&["practice", "--answers", "--seed", "1"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("answers_seed_1", out);
}

#[test]
fn the_same_seed_gives_the_same_questions() {
    assert_eq!(json_set("42", "16"), json_set("42", "16"));
    assert_ne!(json_set("42", "16"), json_set("43", "16"));
}

#[test]
fn json_has_the_documented_fields() {
    for q in json_set("3", "8") {
        let keys: Vec<&str> = q.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["question", "answer", "working", "topic"]);
        assert!(q["working"].as_array().is_some_and(|w| !w.is_empty()));
    }
}

#[test]
fn a_session_through_stdin_ends_with_the_score() {
    let set = json_set("7", "8");
    let mut answers: Vec<String> =
        set.iter().map(|q| typed(q["answer"].as_str().unwrap())).collect();
    answers[0] = "nonsense".to_string();
    answers[1] = match answers[1].as_str() {
        "A" => "B".to_string(),
        letter if letter.len() == 1 => "A".to_string(),
        _ => "999999".to_string(),
    };
    let (code, out, err) =
        run_with_stdin(&["practice", "--seed", "7", "--count", "8"], &(answers.join("\n") + "\n"));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Right!"), "{out}");
    assert!(out.contains("Wrong."), "{out}");
    assert!(out.contains("Could not read that answer"), "{out}");
    assert_eq!(out.lines().last(), Some("Score: 6/8 (75%)"), "{out}");
}

#[test]
fn input_ending_early_is_scored_as_unanswered() {
    let set = json_set("5", "3");
    let first = typed(set[0]["answer"].as_str().unwrap());
    let (code, out, _) =
        run_with_stdin(&["practice", "--seed", "5", "--count", "3"], &format!("{first}\n"));
    assert_eq!(code, 0);
    assert_eq!(out.lines().last(), Some("Score: 1/3 (33%), 2 not answered (input ended)"), "{out}");
}

#[test]
fn one_topic_only() {
    for q in json_set_topic("gsi") {
        assert_eq!(q["topic"], "gsi");
    }
}

fn json_set_topic(topic: &str) -> Vec<Value> {
    let (code, out, err) =
        run(&["practice", "--topic", topic, "--seed", "1", "--count", "4", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str::<Value>(&out).unwrap().as_array().unwrap().clone()
}

#[test]
fn bad_arguments_exit_2() {
    let (code, _, err) = run(&["practice", "--count", "0"]);
    assert_eq!(code, 2);
    assert!(err.contains("it must be at least 1"), "{err}");
    let (code, _, err) = run(&["practice", "--topic", "sql"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'sql'"), "{err}");
}
