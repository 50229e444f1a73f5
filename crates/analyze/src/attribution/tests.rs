//! Tests of attribution finding on fictional fixtures, the seeds and pathological inputs.

use super::*;
use newstrace_model::AttributionForm;

fn run(text: &str) -> (Vec<Attribution>, Vec<UpstreamSource>) {
    let ctx = Context {
        text,
        title: None,
        byline: None,
        outlet: None,
        date: None,
    };
    find(&ctx, &crate::sentences::split(text), &[])
}

fn by_cue<'a>(atts: &'a [Attribution], cue: &str) -> &'a Attribution {
    atts.iter()
        .find(|a| a.cue.as_deref() == Some(cue))
        .unwrap_or_else(|| panic!("no attribution with cue {cue:?} in {atts:#?}"))
}

#[test]
fn verb_forms_with_tight_spans() {
    let text = "Minister Lena Varga said the talks would resume. \"We are ready,\" said Tomas Brenner. \
                Officials, speaking on condition of anonymity, confirmed the plan.";
    let (atts, up) = run(text);
    let said = by_cue(&atts, "said");
    assert_eq!(said.cited.span.unwrap().of(text), "Minister Lena Varga");
    assert_eq!(said.cue_span.unwrap().of(text), "said");
    assert_eq!(said.cited.kind, SourceKind::Person);
    let inverted = atts
        .iter()
        .filter(|a| a.cue.as_deref() == Some("said"))
        .nth(1)
        .unwrap();
    assert_eq!(inverted.cited.span.unwrap().of(text), "Tomas Brenner");
    let confirmed = by_cue(&atts, "confirmed");
    assert_eq!(confirmed.cited.name, "Officials");
    assert!(up.is_empty(), "people are not upstream: {up:?}");
}

#[test]
fn appositive_subject() {
    let text = "Pavel Orlov, the deputy envoy of the fictional republic, said the border was calm.";
    let (atts, _) = run(text);
    assert_eq!(
        by_cue(&atts, "said").cited.span.unwrap().of(text),
        "Pavel Orlov"
    );
}

#[test]
fn chains_and_same_source() {
    let text = "Reports from Nordwire, citing AFP, indicate that the summit moved. \
                According to the same source, ministers will meet in May. \
                The Daily Courier, which cited Reuters, said the vote was close. \
                The figures came from Interfax via TASS.";
    let (atts, up) = run(text);
    let citing = by_cue(&atts, "citing");
    assert_eq!(citing.cited.name, "AFP");
    assert_eq!(citing.reporter.as_ref().unwrap().name, "Nordwire");
    let same = atts
        .iter()
        .find(|a| a.form == AttributionForm::SameSource)
        .expect("same source");
    assert_eq!(same.cited.name, "AFP");
    assert_eq!(same.cited.span.unwrap().of(text), "the same source");
    let cited = by_cue(&atts, "cited");
    assert_eq!(cited.cited.name, "Reuters");
    let via = by_cue(&atts, "via");
    assert_eq!(
        (
            via.cited.name.as_str(),
            via.reporter.as_ref().map(|r| r.name.as_str())
        ),
        ("Interfax", Some("TASS"))
    );
    let afp = up.iter().find(|u| u.name == "AFP").expect("AFP upstream");
    assert_eq!(afp.via, vec!["Nordwire".to_string()]);
    assert!(afp.evidence.len() >= 2);
    assert!(
        !up.iter().any(|u| u.name == "Nordwire"),
        "a relay alone is not upstream: {up:?}"
    );
}

#[test]
fn unnamed_outlet_and_generic() {
    let text = "The Belgian edition reports that a new declaration will be unveiled. \
                According to official reporting, units will gain access.";
    let (atts, up) = run(text);
    let edition = by_cue(&atts, "reports");
    assert_eq!(edition.cited.name, "the Belgian edition");
    assert_eq!(edition.cited.kind, SourceKind::Outlet);
    assert_eq!(edition.cited.country.as_deref(), Some("Belgium"));
    assert_eq!(
        edition.content.unwrap().of(text),
        "a new declaration will be unveiled"
    );
    let generic = by_cue(&atts, "According to");
    assert_eq!(generic.cited.kind, SourceKind::Unnamed);
    assert_eq!(generic.cited.name, "official reporting");
    assert_eq!(up.len(), 1);
    assert_eq!(up[0].country.as_deref(), Some("Belgium"));
}

#[test]
fn a_public_agency_is_an_organisation_and_a_news_agency_an_outlet() {
    let text = "The Karvik Energy Agency said 40 homes lost power overnight. \
                Nordpress Agency reported that repairs would take two days.";
    let (atts, up) = run(text);
    let energy = by_cue(&atts, "said");
    assert_eq!(energy.cited.name, "The Karvik Energy Agency");
    assert_eq!(energy.cited.kind, SourceKind::Organization);
    let wire = by_cue(&atts, "reported");
    assert_eq!(wire.cited.kind, SourceKind::Outlet);
    assert_eq!(
        up.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(),
        vec!["Nordpress Agency"],
        "only the news agency is upstream"
    );
}

#[test]
fn datelines_credits_and_tags() {
    let text = "RIGA, March 3 (Nordwire) - The port reopened on Monday.\n\nLocal traders welcomed it.\n\n\
                (Cited sources: AFP, TASS)\n\nReporting by Jane Doe; Editing by John Roe\n\nWith AFP\n\n— TASS";
    let (atts, up) = run(text);
    let datelines: Vec<_> = atts
        .iter()
        .filter(|a| a.form == AttributionForm::Dateline)
        .map(|a| a.cited.name.as_str())
        .collect();
    assert_eq!(datelines, ["Nordwire", "TASS"]);
    let credits: Vec<_> = atts
        .iter()
        .filter(|a| a.form == AttributionForm::Credit)
        .map(|a| a.cited.name.as_str())
        .collect();
    assert_eq!(credits, ["Jane Doe", "John Roe", "AFP"]);
    let tags: Vec<_> = atts
        .iter()
        .filter(|a| a.form == AttributionForm::SourceTag)
        .map(|a| a.cited.name.as_str())
        .collect();
    assert_eq!(tags, ["AFP", "TASS"]);
    for name in ["Nordwire", "AFP", "TASS"] {
        assert!(up.iter().any(|u| u.name == name), "{name} upstream: {up:?}");
    }
    assert!(!up.iter().any(|u| u.name == "Jane Doe"));
}

#[test]
fn bare_outlet_on_the_last_line() {
    let text = "The port reopened on Monday.\n\n(Nordwire)";
    let (atts, _) = run(text);
    assert!(
        atts.iter()
            .any(|a| a.form == AttributionForm::Credit && a.cited.name == "Nordwire")
    );
}

#[test]
fn source_tag_with_relay() {
    let text =
        "Units will gain access. (Source: official statements via TASS and government briefings)";
    let (atts, up) = run(text);
    let tags: Vec<_> = atts
        .iter()
        .filter(|a| a.form == AttributionForm::SourceTag)
        .collect();
    assert_eq!(tags.len(), 2);
    assert_eq!(tags[0].cited.name, "official statements");
    assert_eq!(tags[0].reporter.as_ref().unwrap().name, "TASS");
    assert_eq!(tags[0].reporter.as_ref().unwrap().kind, SourceKind::Outlet);
    assert_eq!(tags[1].cited.kind, SourceKind::Unnamed);
    assert_eq!(
        up.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(),
        ["TASS"]
    );
}

#[test]
fn reported_speech_and_pronouns() {
    let text = "Senator Ilse Marquardt argued that the budget was too small. \
                Later, she warned that delays would cost lives.";
    let (atts, _) = run(text);
    let argued = by_cue(&atts, "argued");
    assert_eq!(argued.content.unwrap().of(text), "the budget was too small");
    let warned = by_cue(&atts, "warned");
    assert_eq!(warned.cited.span.unwrap().of(text), "she");
    assert_eq!(warned.cited.name, "Senator Ilse Marquardt");
    assert_eq!(warned.cited.kind, SourceKind::Person);
}

#[test]
fn unresolved_pronoun_is_unnamed() {
    let (atts, _) = run("He said the road was closed.");
    assert_eq!(atts[0].cited.kind, SourceKind::Unnamed);
    assert_eq!(atts[0].cited.name, "he");
}

#[test]
fn plain_prose_has_no_attribution() {
    let text = "The river rose overnight. Farmers moved cattle to higher ground and the bridge stayed open. \
                With the water receding, the state of the roads improved.";
    let (atts, up) = run(text);
    assert!(atts.is_empty(), "{atts:#?}");
    assert!(up.is_empty());
}

#[test]
fn spans_stay_on_char_boundaries() {
    let text =
        "«Ça va», a dit Zoë. Élodie Durand said «oui» — “très bien,” said Zoë Ångström. — ТАСС";
    let (atts, _) = run(text);
    for a in &atts {
        for s in &a.spans {
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }
}

#[test]
fn pathological_inputs_return() {
    let long_line = "word ".repeat(200_000);
    let quotes = "\"".repeat(10_000);
    let said = "said ".repeat(20_000);
    let commas = "Anna, ".repeat(20_000) + "said";
    let parens = "(".repeat(10_000) + "Source: " + &"a via ".repeat(5_000);
    for text in [
        long_line.as_str(),
        quotes.as_str(),
        said.as_str(),
        commas.as_str(),
        parens.as_str(),
        "",
        "\n\n\n",
        "—",
        "(",
    ] {
        let start = std::time::Instant::now();
        let _ = run(text);
        assert!(
            start.elapsed().as_secs() < 20,
            "too slow on {} bytes",
            text.len()
        );
    }
}

fn seed(prefix: &str) -> Option<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("note: seeds not found at {dir}; skipping");
        return None;
    };
    let path = entries.filter_map(|e| e.ok()).map(|e| e.path()).find(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(prefix))
    })?;
    let raw = std::fs::read_to_string(path).ok()?;
    Some(newstrace_ingest::extract::text_header::parse_text_file(&raw).body)
}

fn run_full(text: &str) -> (Vec<Attribution>, Vec<UpstreamSource>) {
    let ctx = Context {
        text,
        title: None,
        byline: None,
        outlet: None,
        date: None,
    };
    let a = crate::analyze_context(&ctx, crate::gazetteer::Gazetteer::builtin());
    (a.attributions, a.upstream)
}

#[test]
fn seed_000_tass_citing_afp() {
    let Some(text) = seed("000_") else { return };
    let (atts, up) = run_full(&text);
    assert!(
        atts.iter().any(|a| a.cited.name == "AFP" && a.reporter.as_ref().is_some_and(|r| r.name == "TASS")),
        "{atts:#?}"
    );
    let afp = up.iter().find(|u| u.name == "AFP").expect("AFP upstream");
    assert_eq!(afp.via, vec!["TASS".to_string()]);
    // 000 also ends with "(Cited sources: AFP, TASS, ...)", so TASS is upstream on its own too.
}

#[test]
fn seed_003_belgian_edition_via_tass() {
    let Some(text) = seed("003_") else { return };
    let (atts, up) = run_full(&text);
    let belgian = up
        .iter()
        .find(|u| u.country.as_deref() == Some("Belgium"))
        .expect("Belgian outlet");
    assert_eq!(belgian.name, "the Belgian edition");
    assert_eq!(belgian.via, vec!["TASS".to_string()]);
    assert!(
        atts.iter().any(|a| a.form == AttributionForm::SourceTag),
        "{atts:#?}"
    );
}

#[test]
fn beliefs_and_intentions() {
    let text = "Senator Ada Kovac believes the tariff is a mistake. She wants a new vote. \
                The economic plans were vague. Marta Lind said she hopes to win.";
    let (atts, _) = run(text);
    let believes = by_cue(&atts, "believes");
    assert_eq!(believes.cited.span.unwrap().of(text), "Senator Ada Kovac");
    let wants = by_cue(&atts, "wants");
    assert_eq!(wants.cited.name, "Senator Ada Kovac");
    // "plans" here is a noun, and "she hopes" is the content of "said", not its own source.
    assert!(
        atts.iter().all(|a| a.cue.as_deref() != Some("plans")),
        "{atts:#?}"
    );
    assert!(
        atts.iter().all(|a| a.cue.as_deref() != Some("hopes")),
        "{atts:#?}"
    );
}

#[test]
fn passive_and_addressee_are_not_sources() {
    let text = "He was criticized by the board. \"You say that every time,\" Rilke said.";
    let (atts, _) = run(text);
    assert!(
        atts.iter().all(|a| a.cue.as_deref() != Some("criticized")),
        "{atts:#?}"
    );
    assert!(
        atts.iter().all(|a| a.cue.as_deref() != Some("say")),
        "{atts:#?}"
    );
    assert_eq!(by_cue(&atts, "said").cited.name, "Rilke");
}

#[test]
fn signed_quotes_and_speaker_labels() {
    let text = "\u{201c}We deserve better.\u{201d} \u{2015} Lina Moreau \u{201c}Vote.\u{201d}\n\
                \"HOLT: Where were you?\n\"BRANDT: At home.\nFULL TEXT follows.";
    let (atts, _) = run(text);
    let dash = by_cue(&atts, "\u{2015}");
    assert_eq!(dash.cited.span.unwrap().of(text), "Lina Moreau");
    let labels: Vec<&str> = atts
        .iter()
        .filter(|a| a.cue.as_deref() == Some(":"))
        .map(|a| a.cited.span.unwrap().of(text))
        .collect();
    assert_eq!(labels, ["HOLT", "BRANDT"]);
}

#[test]
fn cited_without_a_named_source_is_a_verb() {
    let text = "At the hearing, Dana Petrov cited remarks the minister had made. \
                Nordwire, citing AFP, said the vote was close.";
    let (atts, _) = run(text);
    let cited = by_cue(&atts, "cited");
    assert_eq!(cited.cited.span.unwrap().of(text), "Dana Petrov");
    assert!(cited.reporter.is_none());
    let citing = by_cue(&atts, "citing");
    assert_eq!(citing.cited.name, "AFP");
}

#[test]
fn parenthesised_party_before_the_verb() {
    let text = "Rep. Jon Harl (D-Wis.) said the law was clear.";
    let (atts, _) = run(text);
    assert_eq!(
        by_cue(&atts, "said").cited.span.unwrap().of(text),
        "Rep. Jon Harl"
    );
}

#[test]
fn own_outlet_dateline_does_not_need_special_casing() {
    // The step reports the dateline; lib.rs drops the outlet's own name from upstream.
    let text = "RIGA (Nordwire) — Minister Ilze Varna said the drills would go ahead.";
    let ctx = Context {
        text,
        title: None,
        byline: None,
        outlet: Some("Nordwire"),
        date: None,
    };
    let (atts, up) = find(&ctx, &crate::sentences::split(text), &[]);
    assert!(atts.iter().any(|a| a.form == AttributionForm::Dateline));
    assert!(up.iter().all(|u| u.via.is_empty()), "{up:?}");
}

#[test]
fn long_inputs_with_dashes_and_colons_return() {
    let mut s = String::new();
    for _ in 0..20_000 {
        s.push_str("\u{201d} \u{2015} A: -- ");
    }
    let (atts, _) = run(&s);
    for a in &atts {
        for sp in &a.spans {
            assert!(s.is_char_boundary(sp.start) && s.is_char_boundary(sp.end));
        }
    }
}

#[test]
fn dates_are_stepped_over() {
    let text = "Senator Ada Lintz on Tuesday said the bill was dead. \
                Governor Bram Okoye this week also said the vote would wait.";
    let (atts, _) = run(text);
    let said: Vec<&str> = atts
        .iter()
        .filter(|a| a.cue.as_deref() == Some("said"))
        .map(|a| a.cited.span.unwrap().of(text))
        .collect();
    assert_eq!(said, ["Senator Ada Lintz", "Governor Bram Okoye"]);
    let inverted = "\"It is over,\" the mayor said Friday.";
    let (atts, _) = run(inverted);
    assert!(
        atts.iter()
            .all(|a| a.cited.span.is_none_or(|s| s.of(inverted) != "Friday")),
        "{atts:#?}"
    );
}

#[test]
fn cited_thing_is_not_a_relay() {
    let text = "At the forum, Mara Keel cited derogatory comments Ivo Brandt had made. \
                Later, Keel cited Brandt's old remarks.";
    let (atts, _) = run(text);
    let cited: Vec<&Attribution> = atts
        .iter()
        .filter(|a| a.cue.as_deref() == Some("cited"))
        .collect();
    assert_eq!(cited.len(), 2, "{atts:#?}");
    assert_eq!(cited[0].cited.span.unwrap().of(text), "Mara Keel");
    assert!(cited[0].reporter.is_none());
    assert_eq!(cited[1].cited.span.unwrap().of(text), "Keel");
}

#[test]
fn called_as_naming_verb() {
    let text = "Mayor Ines Corr called the plan a disaster. \
                A group called Harbor Watch met on Monday. \
                The council called off the vote. \
                He condemned what Corr called a reckless scheme.";
    let (atts, _) = run(text);
    let called: Vec<&str> = atts
        .iter()
        .filter(|a| a.cue.as_deref() == Some("called"))
        .map(|a| a.cited.span.unwrap().of(text))
        .collect();
    assert_eq!(called, ["Mayor Ines Corr"], "{atts:#?}");
}

#[test]
fn pronouns_inside_quotes_are_not_sources() {
    let text = "“What I would say is that we are ready,” Lia Moss said. \
                \"He said it over and over,\" added Ren Adler.";
    let (atts, _) = run(text);
    for a in &atts {
        let src = a.cited.span.unwrap().of(text);
        assert!(src != "I" && src != "He", "{atts:#?}");
    }
    assert_eq!(
        by_cue(&atts, "said").cited.span.unwrap().of(text),
        "Lia Moss"
    );
    // Outside quotation marks, a first person still speaks.
    let (atts, _) = run("I say the plan will fail.");
    assert_eq!(atts.len(), 1, "{atts:#?}");
}

#[test]
fn possessor_of_a_stated_claim() {
    let text = "Analysts doubted Dora Finch's claim that the mill would reopen. \
                By Finch's own admission, the books were late. \
                Under Finch's plan, taxes rise.";
    let (atts, _) = run(text);
    assert_eq!(
        by_cue(&atts, "claim").cited.span.unwrap().of(text),
        "Dora Finch's"
    );
    assert_eq!(
        by_cue(&atts, "admission").cited.span.unwrap().of(text),
        "Finch's"
    );
    assert!(atts.iter().all(|a| a.cue.as_deref() != Some("plan")));
}

#[test]
fn relative_who_after_a_comma() {
    let text = "Judge Omar Velt, who signed the order, left early. \
                A clerk who signed the form was absent.";
    let (atts, _) = run(text);
    let signed: Vec<&str> = atts
        .iter()
        .filter(|a| a.cue.as_deref() == Some("signed"))
        .map(|a| a.cited.span.unwrap().of(text))
        .collect();
    assert_eq!(signed, ["who"], "{atts:#?}");
}

#[test]
fn upstream_follows_a_citing_clause_and_resolves_the_agency() {
    let text = "Ferries to Lindholm were cancelled on Friday, the Harbour Courier newspaper \
reported on Friday, citing Skagen Wire Agency. The storm closed both piers overnight, \
according to the agency. Later sailings depend on the wind, Skagen Wire said.";
    let (_, up) = run(text);
    assert_eq!(up.len(), 1, "{up:#?}");
    assert_eq!(up[0].name, "Skagen Wire Agency");
    assert_eq!(up[0].via, vec!["the Harbour Courier newspaper".to_string()]);
    // "the agency" and the short form "Skagen Wire" are evidence of the same source.
    assert!(up[0].evidence.len() >= 4, "{:?}", up[0].evidence);
}

#[test]
fn a_title_before_the_name_is_kept_as_evidence_but_the_source_is_the_person() {
    let text = "Danish Foreign Minister Tove Brenner said the quay would reopen in May.";
    let ctx = Context {
        text,
        title: None,
        byline: None,
        outlet: None,
        date: None,
    };
    let analysis = crate::analyze_context(&ctx, crate::gazetteer::Gazetteer::builtin());
    let a = by_cue(&analysis.attributions, "said");
    assert_eq!(a.cited.name, "Tove Brenner");
    assert_eq!(a.cited.kind, SourceKind::Person);
    assert_eq!(
        a.cited.span.map(|s| s.start),
        Some(0),
        "the span keeps the whole phrase"
    );
}
