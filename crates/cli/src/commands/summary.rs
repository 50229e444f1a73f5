//! The summary `newstrace run` prints after ingesting: what the store now holds.

use crate::view::{summary_line, truncate};
use newstrace_store::{Profile, Store};
use serde::Serialize;

/// How many outlets, languages and copied texts the summary names.
const TOP: u64 = 8;

/// The machine-readable summary (`run --json`).
#[derive(Serialize)]
pub struct StoreReport<'a> {
    ingest: &'a serde_json::Value,
    articles: u64,
    sightings: u64,
    outlets: u64,
    published_first: Option<&'a str>,
    published_last: Option<&'a str>,
    undated: u64,
    languages: Vec<Count<'a>>,
    top_outlets: Vec<Count<'a>>,
    seen_in_several_places: Vec<crate::view::ArticleJson<'a>>,
}

#[derive(Serialize)]
struct Count<'a> {
    name: Option<&'a str>,
    articles: u64,
}

/// Everything the summary needs, read once.
pub struct Collected {
    counts: newstrace_store::Counts,
    profile: Profile,
}

impl Collected {
    /// Reads the numbers from `store`.
    pub fn read(store: &Store) -> anyhow::Result<Self> {
        Ok(Self {
            counts: store.count()?,
            profile: store.profile(TOP)?,
        })
    }

    /// The JSON form, with the ingest counts of this run.
    pub fn report<'a>(&'a self, ingest: &'a serde_json::Value) -> StoreReport<'a> {
        let counts = |v: &'a [(Option<String>, u64)]| {
            v.iter()
                .map(|(name, n)| Count {
                    name: name.as_deref(),
                    articles: *n,
                })
                .collect()
        };
        let range = self.profile.published_range.as_ref();
        StoreReport {
            ingest,
            articles: self.counts.articles,
            sightings: self.counts.sightings,
            outlets: self.counts.outlets,
            published_first: range.map(|r| r.0.as_str()),
            published_last: range.map(|r| r.1.as_str()),
            undated: self.profile.undated,
            languages: counts(&self.profile.languages),
            top_outlets: counts(&self.profile.outlets),
            seen_in_several_places: self
                .profile
                .most_sighted
                .iter()
                .map(crate::view::ArticleJson::from_summary)
                .collect(),
        }
    }

    /// Prints the summary for a person.
    pub fn print(&self) {
        let c = &self.counts;
        let p = &self.profile;
        println!(
            "\nThe store holds {} articles ({} sightings) from {} outlets.",
            c.articles, c.sightings, c.outlets
        );
        if let Some((first, last)) = &p.published_range {
            // Days are enough for an overview; `list` and `show` give the full stamps.
            let day = |s: &str| s.get(..10).unwrap_or(s).to_string();
            println!(
                "Published between {} and {}; {} undated.",
                day(first),
                day(last),
                p.undated
            );
        } else if c.articles > 0 {
            println!("No article has a publication date.");
        }
        let list = |v: &[(Option<String>, u64)]| {
            v.iter()
                .map(|(name, n)| {
                    format!("{} {n}", truncate(name.as_deref().unwrap_or("unknown"), 28))
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !p.languages.is_empty() {
            println!("Languages: {}", list(&p.languages));
        }
        if !p.outlets.is_empty() {
            println!("Outlets:   {}", list(&p.outlets));
        }
        if !p.most_sighted.is_empty() {
            println!("\nSame text seen in several places (earliest copy shown):");
            for s in &p.most_sighted {
                println!("  {}", summary_line(s));
            }
        }
        println!("\nNext: `newstrace list`, `newstrace show ID`, `newstrace search WORDS`.");
    }
}
