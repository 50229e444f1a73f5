//! The summary `newstrace run` prints after ingesting: what the store now holds.

use crate::view::{summary_line, truncate};
use newstrace_model::{ArticleId, RelationKind};
use newstrace_store::{Profile, Store};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

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
    /// Per article with any: upstream sources and machine-made signals.
    findings: &'a [Findings],
    /// Stories with their origins and relation counts.
    stories: &'a [StoryLine],
}

#[derive(Serialize)]
struct Count<'a> {
    name: Option<&'a str>,
    articles: u64,
}

/// How many articles' findings the text summary lists (JSON lists them all).
const FINDINGS_SHOWN: usize = 40;

/// Everything the summary needs, read once.
pub struct Collected {
    counts: newstrace_store::Counts,
    profile: Profile,
    findings: Vec<Findings>,
    /// Whether `findings` holds every article with any (else the text summary's share and
    /// one more, read in order until then).
    findings_complete: bool,
    stories: Vec<StoryLine>,
    /// Live stories, all sizes.
    story_total: usize,
}

/// How much of the store the summary reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extent {
    /// What the text summary shows: the first stories told by several articles and the
    /// first articles with findings, so a large store is not read whole for a glance.
    Shown,
    /// Everything (`run --json`).
    All,
}

/// What analysis found in one article that a reader of the summary should see first: the
/// outside sources its reporting rests on, and the marks of machine-made content.
#[derive(Serialize)]
pub struct Findings {
    id: String,
    title: Option<String>,
    outlet: Option<String>,
    published: Option<String>,
    /// `AFP via TASS`, `the Belgian edition (Belgium) via TASS`.
    upstream: Vec<String>,
    /// Signal kinds with their reasons.
    signals: Vec<SignalLine>,
    /// Check findings, one line each.
    checks: Vec<String>,
}

#[derive(Serialize)]
struct SignalLine {
    kind: String,
    reason: String,
}

/// A story as the run summary shows it: its origins and how many copies, rewrites and relays
/// it holds.
#[derive(Serialize)]
pub struct StoryLine {
    id: i64,
    title: Option<String>,
    first_seen: Option<String>,
    articles: usize,
    /// Articles of the story that derive from no other (`id outlet`), and outside sources
    /// the story's reporting names.
    origins: Vec<String>,
    /// Relation kind → how many edges of that kind the story holds.
    relations: BTreeMap<String, u64>,
}

/// The stories' lines (with [`Extent::Shown`], only the first ones told by several
/// articles), and how many live stories there are.
fn story_lines(store: &Store, extent: Extent) -> anyhow::Result<(Vec<StoryLine>, usize)> {
    let mut out = Vec::new();
    let list = newstrace_views::story_list(store)?;
    let total = list.len();
    for s in list {
        if extent == Extent::Shown && (s.articles.len() < 2 || out.len() >= FINDINGS_SHOWN) {
            continue;
        }
        let ids: Vec<ArticleId> = s
            .articles
            .iter()
            .map(|i| ArticleId::from_stored(i.clone()))
            .collect();
        let mut relations: BTreeMap<String, u64> = BTreeMap::new();
        let mut derived: BTreeSet<ArticleId> = BTreeSet::new();
        let mut seen_pairs: BTreeSet<(ArticleId, ArticleId)> = BTreeSet::new();
        for id in &ids {
            for r in store.relations_of(id)? {
                if !seen_pairs.insert((r.source.clone(), r.derived.clone())) {
                    continue;
                }
                let kind = crate::view::serde_name(&r.kind);
                *relations.entry(kind).or_default() += 1;
                if r.directed
                    && r.kind != RelationKind::SameStory
                    && r.kind != RelationKind::Sibling
                {
                    derived.insert(r.derived.clone());
                }
            }
            let copies = store.get(id.as_str())?.map_or(1, |f| f.sightings);
            if copies > 1 {
                *relations.entry("exact-copy".into()).or_default() += copies - 1;
            }
        }
        let mut origins: Vec<String> = Vec::new();
        let mut external: BTreeSet<String> = BTreeSet::new();
        for id in ids.iter().filter(|i| !derived.contains(*i)) {
            origins.push(super::stories::label(store, id)?);
            if let Some(a) = store.analysis(id)? {
                for u in a.upstream {
                    let via = if u.via.is_empty() {
                        String::new()
                    } else {
                        format!(" via {}", u.via.join(" ← "))
                    };
                    external.insert(format!("{}{via} (outside the corpus)", u.name));
                }
            }
        }
        origins.extend(external);
        out.push(StoryLine {
            id: s.id,
            title: s.title,
            first_seen: s.first_seen,
            articles: s.articles.len(),
            origins,
            relations,
        });
    }
    Ok((out, total))
}

/// Reads the findings of stored articles that have upstream sources or signals, in
/// publication order: all of them, or with [`Extent::Shown`] the text summary's share and
/// one more. Returns whether the list is complete.
fn findings(store: &Store, extent: Extent) -> anyhow::Result<(Vec<Findings>, bool)> {
    // One more than is shown tells whether the list is complete.
    let limit = (extent == Extent::Shown).then_some(FINDINGS_SHOWN as u64 + 1);
    let ids = store.with_evidence(limit)?;
    let complete = limit.is_none_or(|n| (ids.len() as u64) < n);
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let (Some(found), Some(a)) = (store.get(id.as_str())?, store.analysis(&id)?) else {
            continue;
        };
        let s = found.article;
        let checks: Vec<String> = store
            .findings(&id)?
            .unwrap_or_default()
            .into_iter()
            .map(|f| f.reason)
            .collect();
        let upstream = a.upstream.iter().map(crate::view::upstream_line).collect();
        let signals = a
            .signals
            .iter()
            .map(|g| SignalLine {
                kind: crate::view::serde_name(&g.kind),
                reason: g.reason.clone(),
            })
            .collect();
        out.push(Findings {
            id: s.id.to_string(),
            title: s.title,
            outlet: s.outlet,
            published: s.published.map(|d| d.value.to_string()),
            upstream,
            signals,
            checks,
        });
    }
    Ok((out, complete))
}

impl Collected {
    /// Reads the numbers from `store`.
    pub fn read(store: &Store, extent: Extent) -> anyhow::Result<Self> {
        let (findings, findings_complete) = findings(store, extent)?;
        let (stories, story_total) = story_lines(store, extent)?;
        Ok(Self {
            counts: store.count()?,
            profile: store.profile(TOP)?,
            findings,
            findings_complete,
            stories,
            story_total,
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
            findings: &self.findings,
            stories: &self.stories,
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
        let linked: Vec<&StoryLine> = self.stories.iter().filter(|s| s.articles > 1).collect();
        if !linked.is_empty() {
            println!(
                "\nStories told by more than one article ({} stories in all):",
                self.story_total
            );
            for s in linked.iter().take(FINDINGS_SHOWN) {
                let counts: Vec<String> = s
                    .relations
                    .iter()
                    .map(|(k, n)| format!("{n} {k}"))
                    .collect();
                println!(
                    "  story {:<4} {} articles  {}",
                    s.id,
                    s.articles,
                    truncate(s.title.as_deref().unwrap_or("(no title)"), 70)
                );
                println!("      origins:   {}", s.origins.join("; "));
                if !counts.is_empty() {
                    println!("      relations: {}", counts.join(", "));
                }
            }
        }
        if !self.findings.is_empty() {
            println!("\nSources, machine-made signals and check findings, per article:");
            for f in self.findings.iter().take(FINDINGS_SHOWN) {
                println!(
                    "  {}  {:<20}  {}",
                    &f.id,
                    truncate(f.outlet.as_deref().unwrap_or("-"), 20),
                    truncate(f.title.as_deref().unwrap_or("(no title)"), 60)
                );
                if !f.upstream.is_empty() {
                    println!("      sources: {}", f.upstream.join("; "));
                }
                for g in &f.signals {
                    println!("      signal:  {}: {}", g.kind, g.reason);
                }
                for c in &f.checks {
                    println!("      check:   {c}");
                }
            }
            if self.findings.len() > FINDINGS_SHOWN {
                if self.findings_complete {
                    println!(
                        "  … {} more (`newstrace run --json` lists them all)",
                        self.findings.len() - FINDINGS_SHOWN
                    );
                } else {
                    println!("  … and more (`newstrace run --json` lists them all)");
                }
            }
        }
        println!(
            "\nNext: `newstrace stories`, `newstrace story N`, `newstrace trace ID`, `newstrace show ID`, `newstrace search WORDS`."
        );
    }
}
