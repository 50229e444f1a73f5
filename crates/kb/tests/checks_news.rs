//! Checks on short news texts as articles write them: correct ones raise nothing, a stale
//! role does. Written for these tests.

use chrono::NaiveDate;
use newstrace_analyze::{Context, analyze_context, gazetteer::Gazetteer};
use newstrace_kb::{Kb, checks::check};
use newstrace_model::{Finding, FindingKind};

fn findings(text: &str, date: &str) -> Vec<Finding> {
    let ctx = Context {
        text,
        title: None,
        byline: None,
        outlet: None,
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
    };
    let analysis = analyze_context(&ctx, Gazetteer::builtin());
    check(&ctx, &analysis, Kb::core())
}

#[test]
fn correct_sentences_about_treaties_roles_and_wars_raise_nothing() {
    let text = "NATO Secretary General Mark Rutte said on Monday that allies would raise spending. \
European Commission President Ursula von der Leyen welcomed the plan. Former NATO Secretary \
General Jens Stoltenberg attended a separate meeting. The Maastricht Treaty, signed in February \
1992, created the European Union. The Treaty of Lisbon came into force on December 1, 2009. The \
modified Brussels Treaty of 1954 created the Western European Union, which was dissolved in 2011. \
Russia launched its full-scale invasion of Ukraine on February 24, 2022.\n\nThe Russo-Ukrainian \
War entered a new phase in 2023, officials said.";
    assert_eq!(findings(text, "2026-03-03"), Vec::new());
    let older = "NATO Secretary General Jens Stoltenberg told reporters in Brussels on Monday that \
the alliance remained united. The European Defence Community treaty was signed in 1952 but \
rejected by the French National Assembly in 1954. PESCO was launched in December 2017.";
    assert_eq!(findings(older, "2021-05-10"), Vec::new());
}

#[test]
fn a_role_named_after_its_term_ended_is_a_finding() {
    let text = "NATO Secretary General Jens Stoltenberg said on Monday that allies would raise \
spending, speaking to reporters in Brussels after the meeting.";
    let found = findings(text, "2026-03-03");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].kind, FindingKind::RoleTerm);
    assert_eq!(
        found[0].expected.as_deref(),
        Some("2014-10-01 to 2024-10-01")
    );
    // Without the article's date nothing can be said.
    let ctx = Context {
        text,
        title: None,
        byline: None,
        outlet: None,
        date: None,
    };
    let analysis = analyze_context(&ctx, Gazetteer::builtin());
    assert!(check(&ctx, &analysis, Kb::core()).is_empty());
}
