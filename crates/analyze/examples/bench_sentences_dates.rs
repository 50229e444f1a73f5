//! Times `sentences::split` + `dates::find` + `timeline::find` over a fictional ~3 KB article,
//! 2,000 times: `cargo run --release -p newstrace-analyze --example bench_sentences_dates`.

use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use newstrace_analyze::{dates, sentences, timeline};

/// A made-up wire story with the forms the steps look for.
const PARAGRAPHS: [&str; 15] = [
    "VALDOR (Nordwire) — Defence ministers of the Northern Compact met in Valdor on Tuesday to weigh a joint air-defence plan, officials said. Gen. Ilse Marrow, the Compact's chief of staff, told reporters the plan would be ready by 2027.",
    "“We cannot wait for another winter like the last one. The skies over the coast must be closed,” Marrow said. She added that talks with the U.S. and the U.K. had gone well. Mr. Tomas Brenn of the Harbor League disagreed.",
    "According to the same source, the ministers also discussed the pact signed on March 3, 2019, which expires in 2029. The document, drafted in the 1990s, was revised twice, most recently last year.",
    "Background",
    "The Compact dates back to 12 June 1961, when five coastal states agreed to share radar data. In 1984, a sixth member joined. Since 2004 the Compact has run joint patrols, and No. 4 Squadron has led them since Sept. 11, 2012.",
    "A brief timeline:\n1961: Five states found the Compact in Valdor.\n1984: A sixth member joins after a referendum.\n2004 – Joint patrols begin along the northern coast.\n- 2019: The current pact is signed for ten years.",
    "Prices for interceptors rose 3.5 per cent over the past week, according to figures published two days ago by the Valdor Institute. Analysts expect a decision next month, possibly on 24 April.",
    "Critics of the plan, among them Dr. Ana Vell of Coastline University, argue that it costs too much. “It is a 1950s answer to a 2020s problem,” she said on Sunday. The ministers will meet again in May 2026.",
    "What Next",
    "The ministers are expected to sign the final text at a summit in Oslund later this year. Officials said a draft could be circulated earlier this month, before the parliaments break for summer on July 15.",
    "Meanwhile, the Harbor League said it would publish its own assessment. Its last report, released in February, warned that radar coverage had gaps along 1,200 km of coast and that 2,000 troops would be needed to close them.",
    "The Valdor Institute, a research group funded by the five founding states, said in a statement that the gaps had widened since the 2020 storms damaged two coastal radar stations. Repairs, it said, had been delayed by a dispute over costs that was settled only in January 2025.",
    "Officials from the smaller member states, speaking on condition of anonymity because they were not authorised to discuss the talks, said they feared being left out of the command structure. One diplomat said the question would come up again at a meeting next Monday in Valdor.",
    "The Compact's secretariat did not respond to a request for comment on Wednesday. A spokesperson for the Harbor League said the group would comment after the summit, which is planned for the week of Oct. 5.",
    "With Nordwire. Reporting by Pell Sorn; editing by Mara Quell.",
];

fn main() {
    let article = PARAGRAPHS.join("\n\n");
    let date = NaiveDate::from_ymd_opt(2026, 4, 24);
    let n = 2_000;
    // Warm the lazily built tables and regexes outside the timing.
    let s = sentences::split(&article);
    let d = dates::find(&article, &s, date);
    let t = timeline::find(&article, &s, &d, &[]);
    println!(
        "article: {} bytes, {} units, {} dates, {} dated claims",
        article.len(),
        s.len(),
        d.len(),
        t.len()
    );
    let mut times = [0f64; 3];
    let start = Instant::now();
    for _ in 0..n {
        let a = Instant::now();
        let s = sentences::split(black_box(&article));
        let b = Instant::now();
        let d = dates::find(&article, &s, date);
        let c = Instant::now();
        let t = timeline::find(&article, &s, &d, &[]);
        let e = Instant::now();
        black_box(t);
        times[0] += (b - a).as_secs_f64();
        times[1] += (c - b).as_secs_f64();
        times[2] += (e - c).as_secs_f64();
    }
    let total = start.elapsed().as_secs_f64();
    println!(
        "{n} articles in {:.3} s: {:.0} articles/s on one core ({:.1} µs/article: split {:.1}, dates {:.1}, timeline {:.1})",
        total,
        n as f64 / total,
        total / n as f64 * 1e6,
        times[0] / n as f64 * 1e6,
        times[1] / n as f64 * 1e6,
        times[2] / n as f64 * 1e6,
    );
}
