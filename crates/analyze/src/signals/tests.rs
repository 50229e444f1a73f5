use chrono::NaiveDate;
use newstrace_model::{
    Attribution, DateMention, Granularity, Signal, SignalKind, SourceKind, SourceRef, Span,
};

use super::*;
use crate::Context;

/// A human-written wire story (fictional): dateline, quotes, a credit line, "Background".
const HUMAN: &str = "EASTBROOK, Norland (Wire) — The harbour council of Eastbrook voted on Tuesday to close the old ferry terminal after engineers found cracks in its main pier, ending more than a century of passenger service from the site.

\"We did not take this decision lightly,\" said Mayor Jane Doe, who chaired the four-hour session. \"The safety of passengers comes first, and the engineers were clear.\"

The vote passed 7-2. Councillor Tom Novak, who voted against, said the city had ignored repair offers for years. \"This is the price of neglect,\" he said.

Background: the terminal opened in 1911 and was last renovated in 1987. It handled about 400,000 passengers a year before the pandemic, according to council figures.

Ferry operator Northline said it would move its three daily crossings to the cargo port in Westhaven from May 4 while a temporary pier is built. Tickets already sold remain valid, the company said in a statement.

Residents of the old town, many of whom depend on tourist traffic from the ferry, said they feared for their shops. Anna Berg, who runs a bakery near the pier, told reporters she had lost a third of her customers since the closure was first discussed in January.

The council will meet again on May 12 to discuss funding for a new terminal, which engineers estimate would cost 48 million euros.

Reporting by Jane Roe; Editing by Piet Vandermeer
";

/// A second human story (fictional), about AI, to keep disclosure phrases honest.
const HUMAN_AI: &str = "VALMORE (Wire) — Election officials in Valmore said on Friday they had removed more than 200 AI-generated images from campaign posters after voters complained that several showed events that never happened.

The images, produced with generative tools, depicted crowds at rallies that were in fact sparsely attended, the electoral commission said. \"Voters have a right to know what is real,\" commission chair Lena Ortiz told a news conference.

Two parties said the posters had been designed by outside agencies and that they had not known artificial intelligence was used. The commission has asked parliament to require labels on such material before the next vote in October.

Polls show the governing coalition and the opposition alliance roughly tied, with turnout expected to be lower than four years ago.
";

/// A third human story (fictional) that uses a few words from the filler list the way
/// reporters do ("political landscape", "pivotal vote").
const HUMAN_POLITICS: &str = "NORTHPORT (Wire) — Norland's parliament will hold a pivotal vote on the coastal defence budget next week, after the governing coalition lost its majority when two members of the Farmers' Party walked out on Wednesday.

Prime Minister Erik Halvorsen said he was confident the budget would pass with support from independents. \"We have the numbers, and we have the arguments,\" he told reporters outside parliament.

The walkout reshapes the political landscape ahead of regional elections in September. Opposition leader Mara Lind said the government had lost its mandate and called for an early election. \"They cannot govern with a majority of one,\" she said.

The budget includes 1.2 billion crowns for sea walls and flood barriers along the western coast, where storms last winter destroyed more than 300 homes. Engineers have warned that several older barriers could fail in a major storm.

The Farmers' Party said its members left over cuts to fishing subsidies, not over the defence spending. Party chair Olav Brekke said talks with the coalition could resume if the cuts were reversed.

Analysts said the episode underscores how fragile the coalition has become since it lost two by-elections last year.
";

/// Machine-rewritten copy (fictional) with every mark at once.
const MACHINE: &str = "harbour council closes ferry terminal

Eastbrook Closes Historic Ferry Terminal Amid Safety Concerns In a pivotal move that underscores the evolving landscape of coastal infrastructure, the Eastbrook harbour council has voted to close its historic ferry terminal.

Here is the rewritten article in a journalistic tone:

What Happened

In a pivotal move that underscores the evolving landscape of coastal infrastructure, the Eastbrook harbour council has voted to close its historic ferry terminal. It is worth noting that the decision stands as a testament to the council's commitment to safety.

Background

The terminal plays a crucial role in the region's economy. In today's fast-paced world, it is important to note that infrastructure must navigate the complexities of an era of climate change. This underscores the pivotal nature of the decision.

What Next

Looking ahead, the council will delve into funding options. Only time will tell whether the new terminal will stand as a testament to resilience, but the stakes are high and the landscape is shifting.

This is a developing story. More updates will follow as new information becomes available.

This is a developing story. More updates will follow as new information becomes available.

This article was generated with the help of AI and reviewed by our editors. (Source: council statements via Wire and local media)
";

fn ctx<'a>(
    text: &'a str,
    title: Option<&'a str>,
    byline: Option<&'a str>,
    date: Option<NaiveDate>,
) -> Context<'a> {
    Context {
        text,
        title,
        byline,
        outlet: None,
        date,
    }
}

fn run(c: &Context<'_>) -> Vec<Signal> {
    let sentences = crate::sentences::split(c.text);
    let out = find(c, &sentences, &[], &[]);
    for s in &out {
        for sp in &s.spans {
            assert!(sp.start <= sp.end && sp.end <= c.text.len(), "{s:?}");
            assert!(c.text.is_char_boundary(sp.start) && c.text.is_char_boundary(sp.end));
        }
        assert!(!s.reason.is_empty() && !s.reason.contains('\n'), "{s:?}");
    }
    out
}

fn kinds(signals: &[Signal]) -> Vec<SignalKind> {
    let mut k: Vec<SignalKind> = signals.iter().map(|s| s.kind).collect();
    k.dedup();
    k
}

fn of(signals: &[Signal], kind: SignalKind) -> Vec<&Signal> {
    signals.iter().filter(|s| s.kind == kind).collect()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn mention(text: &str, needle: &str, day: NaiveDate) -> DateMention {
    let start = text.find(needle).unwrap();
    DateMention {
        span: Span::new(start, start + needle.len()),
        text: needle.to_string(),
        granularity: Granularity::Day,
        relative: false,
        start: Some(day),
        end: Some(day),
        reason: "test".to_string(),
    }
}

#[test]
fn human_articles_raise_nothing() {
    let c = ctx(
        HUMAN,
        Some("Eastbrook votes to close ferry terminal after pier cracks"),
        Some("By Jane Roe"),
        Some(date(2026, 4, 14)),
    );
    let dates = [
        mention(HUMAN, "May 4", date(2026, 5, 4)),
        mention(HUMAN, "May 12", date(2026, 5, 12)),
    ];
    let sentences = crate::sentences::split(HUMAN);
    assert_eq!(find(&c, &sentences, &dates, &[]), vec![]);
    assert_eq!(run(&c), vec![]);
    // And through the whole pipeline (real dates and attributions).
    let all = crate::analyze_context(&c, crate::gazetteer::Gazetteer::builtin());
    assert_eq!(all.signals, vec![]);
    let c = ctx(
        HUMAN_AI,
        Some("Valmore removes AI images from posters"),
        Some("Lena Ortiz and Tom Novak"),
        None,
    );
    assert_eq!(run(&c), vec![]);
    let c = ctx(
        HUMAN_POLITICS,
        Some("Norland faces pivotal budget vote"),
        Some("By Kari Moen"),
        None,
    );
    assert_eq!(run(&c), vec![]);
    // Hard-wrapped and without blank lines: still nothing.
    let wrapped = HUMAN.replace("\n\n", "\n");
    assert_eq!(
        run(&ctx(&wrapped, None, Some("Jane Roe, Staff Writer"), None)),
        vec![]
    );
}

#[test]
fn machine_article_raises_every_text_kind() {
    let title = "Eastbrook Closes Historic Ferry Terminal Amid Safety Concerns";
    let s = run(&ctx(MACHINE, Some(title), Some("AI Desk"), None));
    let k = kinds(&s);
    for want in [
        SignalKind::AiDisclosure,
        SignalKind::AiByline,
        SignalKind::LlmLeftover,
        SignalKind::RepeatedPassage,
        SignalKind::TitleInBody,
        SignalKind::SlugResidue,
        SignalKind::TemplateHeadings,
        SignalKind::FillerDensity,
        SignalKind::TrailingSourceTag,
    ] {
        assert!(k.contains(&want), "{want:?} missing: {s:#?}");
    }
}

#[test]
fn ai_disclosure() {
    let t = "The council met.\n\nThis article was generated with the help of AI and checked by an editor.";
    let s = run(&ctx(t, None, None, None));
    let d = of(&s, SignalKind::AiDisclosure);
    assert_eq!(d.len(), 1);
    assert_eq!(
        d[0].spans[0].of(t),
        "This article was generated with the help of AI and checked by an editor."
    );
    let t =
        "The mayor spoke.\n\nAI-assisted: this story was drafted by software and edited by staff.";
    assert_eq!(
        of(&run(&ctx(t, None, None, None)), SignalKind::AiDisclosure).len(),
        1
    );
    let t = "The text below.\n\nThis content was created using artificial intelligence.";
    assert_eq!(
        of(&run(&ctx(t, None, None, None)), SignalKind::AiDisclosure).len(),
        1
    );
    // News about AI is not a disclosure.
    let t = "Police warned about AI-generated videos of the mayor circulating online.";
    assert!(of(&run(&ctx(t, None, None, None)), SignalKind::AiDisclosure).is_empty());
}

#[test]
fn ai_byline() {
    for (b, ai) in [
        ("AI Editorial Team", true),
        ("By NewsBot GPT", true),
        ("Staff Writer", false),
        ("News Desk", false),
        ("admin", false),
        ("By Editorial Team", false),
    ] {
        let s = run(&ctx("Text.", None, Some(b), None));
        let d = of(&s, SignalKind::AiByline);
        assert_eq!(d.len(), 1, "{b}");
        assert!(d[0].spans.is_empty());
        assert!(d[0].reason.contains(b));
        assert_eq!(
            d[0].reason.contains("names an AI"),
            ai,
            "{b}: {}",
            d[0].reason
        );
    }
    for b in [
        "Jane Doe",
        "By Tom Novak, Staff Writer",
        "Aidan Brooks",
        "Jane Doe and Tom Novak",
    ] {
        assert!(
            of(
                &run(&ctx("Text.", None, Some(b), None)),
                SignalKind::AiByline
            )
            .is_empty(),
            "{b}"
        );
    }
}

#[test]
fn llm_leftovers() {
    for t in [
        "Certainly! Here is the rewritten article:\n\nThe council met on Monday.",
        "As an AI language model, I cannot verify these reports.",
        "The council met. I cannot fulfill requests about future events.",
        "Note: my knowledge cutoff means later events are missing.",
        "Rewrite the following in a journalistic tone: The council met on Monday.",
        "Here’s the rewritten article: the council met.",
    ] {
        let s = run(&ctx(t, None, None, None));
        assert_eq!(of(&s, SignalKind::LlmLeftover).len(), 1, "{t}");
    }
    assert!(
        of(
            &run(&ctx(
                "He said he was certain. Here the road ends.",
                None,
                None,
                None
            )),
            SignalKind::LlmLeftover
        )
        .is_empty()
    );
}

#[test]
fn repeated_passages() {
    let lede = "The harbour council of Eastbrook voted on Tuesday to close the old ferry terminal after engineers found cracks.";
    let t = format!(
        "{lede}\n\nThe vote passed seven to two after a long debate.\n\nSummary\n\n{lede}\n\nThe council will meet again next month to discuss funding.\n\nThe council will meet again next month to discuss funding.\n"
    );
    let s = run(&ctx(&t, None, None, None));
    let r = of(&s, SignalKind::RepeatedPassage);
    assert_eq!(r.len(), 2, "{r:#?}");
    assert!(r.iter().all(|x| x.spans.len() == 2));
    assert!(
        r.iter()
            .any(|x| x.spans[0].of(&t) == lede && x.spans[1].of(&t) == lede)
    );
    // Near-identical restatement of the lede under a heading.
    let t = format!(
        "{lede}\n\nThe vote passed seven to two.\n\nKey Points\n\nOn Tuesday, the harbour council of Eastbrook voted on Tuesday to close the old ferry terminal after engineers found cracks in it.\n"
    );
    let r = run(&ctx(&t, None, None, None));
    let r = of(&r, SignalKind::RepeatedPassage);
    assert_eq!(r.len(), 1, "{r:#?}");
    assert!(r[0].reason.contains("lede"));
    // Short repeats do not count.
    let t = "Read more.\n\nThe vote passed.\n\nRead more.\n\nThe vote passed.";
    assert!(of(&run(&ctx(t, None, None, None)), SignalKind::RepeatedPassage).is_empty());
}

#[test]
fn title_in_body() {
    let title = "Eastbrook Votes To Close Its Ferry Terminal";
    let t = "Eastbrook votes to close its ferry terminal\n\nThe council met on Tuesday.";
    let s = run(&ctx(t, Some(title), None, None));
    assert_eq!(
        of(&s, SignalKind::TitleInBody)[0].spans[0].of(t),
        "Eastbrook votes to close its ferry terminal"
    );
    let t = "Eastbrook Votes To Close Its Ferry Terminal The council met on Tuesday and voted.";
    assert_eq!(
        of(
            &run(&ctx(t, Some(title), None, None)),
            SignalKind::TitleInBody
        )
        .len(),
        1
    );
    // A lede starting with the headline's words is normal.
    let t = "Eastbrook votes to close its ferry terminal after cracks were found.";
    assert!(
        of(
            &run(&ctx(t, Some(title), None, None)),
            SignalKind::TitleInBody
        )
        .is_empty()
    );
}

#[test]
fn slug_residue() {
    for (t, line) in [
        (
            "nations gather fortify -\n\nThe ministers met.",
            "nations gather fortify -",
        ),
        (
            "The ministers met.\n\neu-nations-gather-fortify\n",
            "eu-nations-gather-fortify",
        ),
    ] {
        let s = run(&ctx(t, None, None, None));
        assert_eq!(of(&s, SignalKind::SlugResidue)[0].spans[0].of(t), line);
    }
    for t in [
        "- more troops\n\nText.",
        "the council met on monday\n\nText.",
        "Photo: council\n\nText.",
        "updated\n\nText.",
    ] {
        assert!(
            of(&run(&ctx(t, None, None, None)), SignalKind::SlugResidue).is_empty(),
            "{t}"
        );
    }
}

#[test]
fn template_headings() {
    let t = "Intro text here.\n\nWhy It Matters\n\nBody text.\n\nLooking Ahead\n\nMore text.\n\nUnderstanding the Ferry Deal\n\nEnd.";
    let s = run(&ctx(t, None, None, None));
    assert_eq!(of(&s, SignalKind::TemplateHeadings)[0].spans.len(), 3);
    // Question headings count as template ones.
    let t = "Intro text here.\n\nWhat Does This Mean for Eastbrook?\n\nBody text.\n\nWhat Next\n\nMore text.";
    assert_eq!(
        of(
            &run(&ctx(t, None, None, None)),
            SignalKind::TemplateHeadings
        )
        .len(),
        1
    );
    // One template heading is not a template; nor are ordinary headings.
    let t = "Intro text here.\n\nBackground\n\nBody text.\n\nFerry Service Ends\n\nMore text.";
    assert!(
        of(
            &run(&ctx(t, None, None, None)),
            SignalKind::TemplateHeadings
        )
        .is_empty()
    );
    // Without sentences: heading lines are detected here.
    let t = "Intro text here.\nWhat Happened\nBody text.\nKey Takeaways:\nMore text.";
    let s = find(&ctx(t, None, None, None), &[], &[], &[]);
    assert_eq!(of(&s, SignalKind::TemplateHeadings)[0].spans.len(), 2);
}

#[test]
fn trailing_source_tag() {
    for t in [
        "The ministers met. (Source: official statements via Wire and government briefings)",
        "The ministers met.\n(Cited sources: Wire, Agency, and related statements.)\n",
        "The ministers met. (Sources: Wire)”",
    ] {
        let s = run(&ctx(t, None, None, None));
        let tag = of(&s, SignalKind::TrailingSourceTag);
        assert_eq!(tag.len(), 1, "{t}");
        assert!(tag[0].spans[0].of(t).starts_with('(') && tag[0].spans[0].of(t).ends_with(')'));
    }
    // A source in the middle is no trailing tag.
    let t = "The ministers met (Source: Wire) and left.\n\nThey will meet again.";
    assert!(
        of(
            &run(&ctx(t, None, None, None)),
            SignalKind::TrailingSourceTag
        )
        .is_empty()
    );
    // From an attribution of form SourceTag.
    let t = "The ministers met.\nvia Wire";
    let a = Attribution {
        reporter: None,
        cited: SourceRef {
            name: "Wire".into(),
            kind: SourceKind::Outlet,
            country: None,
            span: Some(Span::new(23, 27)),
        },
        cue: None,
        cue_span: None,
        content: None,
        form: newstrace_model::AttributionForm::SourceTag,
        spans: vec![Span::new(19, 27)],
    };
    let s = find(&ctx(t, None, None, None), &[], &[], &[a]);
    assert_eq!(
        of(&s, SignalKind::TrailingSourceTag)[0].spans[0].of(t),
        "via Wire"
    );
}

#[test]
fn date_distance() {
    let t = "The summit of March 3, 2023 and the vote of May 9, 2023 were discussed.";
    let dates = [
        mention(t, "March 3, 2023", date(2023, 3, 3)),
        mention(t, "May 9, 2023", date(2023, 5, 9)),
    ];
    let c = ctx(t, None, None, Some(date(2026, 4, 24)));
    let s = find(&c, &[], &dates, &[]);
    let d = of(&s, SignalKind::DateDistance);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].spans.len(), 2);
    assert!(d[0].reason.contains("2026-04-24") && d[0].reason.contains("2023-05-09"));
    // One recent date, a single date, or no article date: nothing.
    let recent = [
        dates[0].clone(),
        mention(t, "May 9, 2023", date(2026, 4, 20)),
    ];
    assert!(find(&c, &[], &recent, &[]).is_empty());
    assert!(find(&c, &[], &dates[..1], &[]).is_empty());
    assert!(find(&ctx(t, None, None, None), &[], &dates, &[]).is_empty());
}

#[test]
fn filler_density_calibration() {
    let mut human = Vec::new();
    for t in [HUMAN, HUMAN_AI, HUMAN_POLITICS] {
        let (score, d, found) = phrases::filler(t);
        human.push(format!("{d:.1} ({} phrases, score {score})", found.len()));
        assert!(phrases::filler_density(t, &phrases::scan(t)).is_none());
    }
    let (_, machine, _) = phrases::filler(MACHINE);
    println!(
        "filler per 1,000 words: human {}, machine {machine:.1}",
        human.join(", ")
    );
    assert!(machine > 2.0 * phrases::FILLER_PER_1000_WORDS);
    for (name, raw) in seed_files() {
        let body = newstrace_ingest::extract::text_header::parse_text_file(&raw).body;
        let (score, d, found) = phrases::filler(&body);
        println!(
            "seed {name}: {d:.1} ({} phrases, score {score})",
            found.len()
        );
    }
}

#[test]
fn pathological_inputs_return() {
    let long = "word ".repeat(200_000);
    let marks = "\" “ ” ( ) ? : - ".repeat(10_000);
    let lines = "nations gather fortify\n".repeat(20_000);
    let blank = "\n \n".repeat(50_000);
    let rep = "The same sentence of many words is repeated here again and again. ".repeat(10_000);
    let heads = "What Next\n\n".repeat(10_000);
    for t in [&long, &marks, &lines, &blank, &rep, &heads] {
        let c = ctx(
            t,
            Some("word word word word"),
            Some("AI"),
            Some(date(2026, 1, 1)),
        );
        let t0 = std::time::Instant::now();
        let sentences = crate::sentences::split(t);
        let t1 = std::time::Instant::now();
        find(&c, &sentences, &[], &[]);
        find(&c, &[], &[], &[]);
        println!(
            "{} bytes: split {:?}, signals {:?}",
            t.len(),
            t1 - t0,
            t1.elapsed()
        );
    }
}

/// Random mixes of marks, headings, multi-byte chars and phrases: no panic, spans valid.
#[test]
fn random_inputs_do_not_panic() {
    let pieces = [
        "\"",
        "“",
        "”",
        "\n",
        "\n\n",
        " ",
        "é",
        "—",
        "-",
        ".",
        "?",
        ":",
        "(Source: Wire)",
        "What Next",
        "Background",
        "as an AI language model",
        "pivotal",
        "this article",
        "AI-generated",
        "word",
        "nations gather",
        "The same words here again and again and again",
        "(",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..2_000 {
        let mut t = String::new();
        for _ in 0..40 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            t.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        run(&ctx(
            &t,
            Some("The same words here again"),
            Some("AI"),
            Some(date(2026, 1, 1)),
        ));
    }
}

fn seed_files() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
    let Ok(rd) = std::fs::read_dir(dir) else {
        println!("seeds not found at {dir}: skipped");
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = rd
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn seeds() {
    for (name, raw) in seed_files() {
        let p = newstrace_ingest::extract::text_header::parse_text_file(&raw);
        let day = p.published.as_ref().map(|d| d.value.day());
        let c = ctx(&p.body, p.title.as_deref(), p.byline.as_deref(), day);
        let sentences = crate::sentences::split(&p.body);
        let dates = crate::dates::find(&p.body, &sentences, day);
        let s = find(&c, &sentences, &dates, &[]);
        assert_eq!(kinds(&s), kinds(&run(&c)), "{name}");
        // The whole pipeline (with attributions) agrees.
        let all = crate::analyze_context(&c, crate::gazetteer::Gazetteer::builtin());
        assert_eq!(kinds(&all.signals), kinds(&s), "{name}");
        // Reported news, not old news: no date distance.
        assert!(!kinds(&s).contains(&SignalKind::DateDistance), "{name}");
        let k = kinds(&s);
        println!("{name}: {k:?}");
        for x in &s {
            println!(
                "  {:?}: {} {:?}",
                x.kind,
                x.reason,
                x.spans
                    .iter()
                    .map(|sp| &sp.of(&p.body)[..20.min(sp.len())])
                    .collect::<Vec<_>>()
            );
        }
        if name.starts_with("000") || name.starts_with("003") {
            assert!(k.contains(&SignalKind::TrailingSourceTag), "{name}");
        }
        if name.starts_with("004") {
            for want in [
                SignalKind::AiDisclosure,
                SignalKind::AiByline,
                SignalKind::RepeatedPassage,
                SignalKind::SlugResidue,
                SignalKind::TemplateHeadings,
            ] {
                assert!(k.contains(&want), "{want:?}");
            }
            assert!(
                of(&s, SignalKind::AiByline)[0]
                    .reason
                    .contains("AI Editorial Team")
            );
            let rep = of(&s, SignalKind::RepeatedPassage);
            let texts: Vec<&str> = rep.iter().map(|r| r.spans[1].of(&p.body)).collect();
            assert!(
                texts
                    .iter()
                    .any(|t| t.starts_with("EU on High Alert") && t.contains("(NATO)?")),
                "{texts:?}"
            );
            assert!(
                texts
                    .iter()
                    .any(|t| t.starts_with("This is a developing story")),
                "{texts:?}"
            );
        }
    }
}
