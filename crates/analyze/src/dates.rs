//! Date expressions in the text, normalised with their granularity.
//!
//! One combined regular expression finds absolute dates ("April 24, 2026", "24 April 2026",
//! "2026-04-24"), partial ones ("24 April", "Sept. 11", "April 2026", "in 1992"), decades
//! ("the 1950s", "the '90s") and relative expressions ("on Sunday", "last week", "two days
//! ago", "earlier this year"). Each is turned into an inclusive day range; partial and relative
//! ones are resolved against the article's date when it is known, and `reason` says how.
//!
//! Spans hold the date words only: a preposition that merely introduces a date ("in 1992",
//! "on Sunday") is left out, a modifier that changes it ("last Monday") is kept.

use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use newstrace_model::{DateMention, Granularity, Sentence, Span};
use regex::{Captures, Regex};

/// A partial date whose year is taken from the article date is put in the previous year
/// when it would otherwise fall more than this many days after the article.
const PARTIAL_FUTURE_DAYS: u64 = 61;

/// English month names, lowercase, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

const NUMBER_WORDS: [&str; 13] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
];

static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    // A period is part of an abbreviated month ("Sept.") but ends the sentence after a full
    // name ("on 24 April.").
    let month = r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|(?:Sept|Sep|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Oct|Nov|Dec)\b\.?)";
    let full_month =
        "(?:January|February|March|April|May|June|July|August|September|October|November|December)";
    let weekday = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
    let year = "(?:1[89][0-9]{2}|20[0-9]{2}|2100)";
    let ordinal = "(?:st|nd|rd|th)?";
    let alternatives = [
        r"(?P<iso>\b(?P<iy>[0-9]{4})-(?P<im>[0-9]{2})-(?P<id>[0-9]{2})\b)".to_string(),
        // April 24, 2026 / Sunday, April 26 / Sept. 11
        format!(
            r"(?P<mdy>(?:{weekday},?\s+)?(?P<m1>{month})\s+(?P<d1>[0-9]{{1,2}}){ordinal}\b(?:,?\s+(?P<y1>{year})\b)?)"
        ),
        // 24 April 2026 / 24 April / the 3rd of May
        format!(
            r"(?P<dmy>(?:{weekday},?\s+)?\b(?P<d2>[0-9]{{1,2}}){ordinal}\s+(?:of\s+)?(?P<m2>{month})(?:,?\s+(?P<y2>{year})\b)?)"
        ),
        // April 2026
        format!(r"(?P<my>(?P<m3>{month}),?\s+(?P<y3>{year})\b)"),
        // in March / last March
        format!(
            r"(?P<mp>\b(?P<mpre>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Dd]uring|[Ff]rom|[Tt]hrough|[Bb]efore|[Aa]fter|[Ee]arly|[Ll]ate|[Ll]ast|[Nn]ext|[Tt]his)\s+(?P<m4>{full_month})\b(?:\s+(?P<d4>[0-9]{{1,2}}){ordinal}\b)?(?:,?\s+(?P<y4>{year})\b)?)"
        ),
        // the 1950s / early 1990s / the '90s
        r"(?P<dec>\b(?:(?P<decmod>[Ee]arly|[Mm]id|[Ll]ate)[- ])?(?P<dy>1[89][0-9]0|20[0-9]0)s\b)".to_string(),
        r"(?P<sdec>(?:^|\s)(?P<sdq>['’])(?P<sd>[0-9])0s\b)".to_string(),
        // 1954: ... / - 1954 – ... at the start of a line
        format!(r"(?P<ly>(?m:^)[ \t]*(?:[-*•–][ \t]+|[0-9]{{1,3}}[.)][ \t]+)?(?P<ly_y>{year})[ \t]*(?::|[–—]|-[ \t]))"),
        // in 1992 / since 1954 / the 1990 treaty
        format!(
            r"(?P<yp>\b(?P<ypre>[Ii]n|[Ss]ince|[Bb]y|[Ff]rom|[Uu]ntil|[Tt]ill|[Tt]hrough|[Bb]efore|[Aa]fter|[Dd]uring|[Aa]round|[Ee]arly|[Ll]ate|[Bb]etween|and|to|of|[Tt]he)\s+(?P<yp_y>{year})\b)"
        ),
        format!(r"(?P<py>\((?P<py_y>{year})\))"),
        r"(?P<rday>\b(?:[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow)\b)".to_string(),
        format!(r"(?P<wd>\b(?:(?P<wmod>[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast|[Pp]revious|[Cc]oming)\s+)?(?P<wdn>{weekday})\b)"),
        r"(?P<rel>\b(?:the\s+)?(?P<rmod>[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast|[Pp]revious|[Cc]oming|[Ee]arlier\s+this|[Ll]ater\s+this)\s+(?P<runit>week|weekend|month|year)\b)".to_string(),
        r"(?P<ago>\b(?P<agon>[0-9]{1,3}|(?i:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))\s+(?P<agou>days?|weeks?|months?|years?)\s+ago\b)".to_string(),
    ];
    // ASCII word boundaries: a Unicode `\b` would push the regex off its fast DFA on any
    // non-ASCII text (curly quotes are everywhere in news).
    let pattern = alternatives.join("|").replace(r"\b", r"(?-u:\b)");
    Regex::new(&pattern).expect("date pattern")
});

/// Capture-group indices of [`PATTERN`], looked up once: `Captures::name` hashes the name on
/// every call, which cost more than the search itself.
struct Groups {
    iso: usize,
    iy: usize,
    im: usize,
    id: usize,
    mdy: usize,
    m1: usize,
    d1: usize,
    y1: usize,
    dmy: usize,
    d2: usize,
    m2: usize,
    y2: usize,
    my: usize,
    m3: usize,
    y3: usize,
    mpre: usize,
    m4: usize,
    d4: usize,
    y4: usize,
    dec: usize,
    decmod: usize,
    dy: usize,
    sdq: usize,
    sd: usize,
    ly_y: usize,
    ypre: usize,
    yp_y: usize,
    py_y: usize,
    rday: usize,
    wmod: usize,
    wdn: usize,
    rmod: usize,
    runit: usize,
    agon: usize,
    agou: usize,
}

static GROUPS: LazyLock<Groups> = LazyLock::new(|| {
    let names: Vec<Option<&str>> = PATTERN.capture_names().collect();
    let at = |name: &str| {
        names
            .iter()
            .position(|n| *n == Some(name))
            .unwrap_or(usize::MAX)
    };
    Groups {
        iso: at("iso"),
        iy: at("iy"),
        im: at("im"),
        id: at("id"),
        mdy: at("mdy"),
        m1: at("m1"),
        d1: at("d1"),
        y1: at("y1"),
        dmy: at("dmy"),
        d2: at("d2"),
        m2: at("m2"),
        y2: at("y2"),
        my: at("my"),
        m3: at("m3"),
        y3: at("y3"),
        mpre: at("mpre"),
        m4: at("m4"),
        d4: at("d4"),
        y4: at("y4"),
        dec: at("dec"),
        decmod: at("decmod"),
        dy: at("dy"),
        sdq: at("sdq"),
        sd: at("sd"),
        ly_y: at("ly_y"),
        ypre: at("ypre"),
        yp_y: at("yp_y"),
        py_y: at("py_y"),
        rday: at("rday"),
        wmod: at("wmod"),
        wdn: at("wdn"),
        rmod: at("rmod"),
        runit: at("runit"),
        agon: at("agon"),
        agou: at("agou"),
    }
});

/// Finds date expressions; relative and partial ones are resolved against `article_date` when
/// known. Mentions are in text order and do not overlap.
pub fn find(
    text: &str,
    _sentences: &[Sentence],
    article_date: Option<NaiveDate>,
) -> Vec<DateMention> {
    // Sentences are not needed: every form is recognised by its own words, and line-start
    // list years by the line anchor.
    let mut out = Vec::new();
    for caps in PATTERN.captures_iter(text) {
        if let Some(m) = mention(text, &caps, article_date) {
            out.push(m);
        }
    }
    out
}

/// A resolved range: start, end, granularity, reason.
type Resolved = (Option<NaiveDate>, Option<NaiveDate>, String);

fn mention(text: &str, caps: &Captures<'_>, d: Option<NaiveDate>) -> Option<DateMention> {
    let ix = &*GROUPS;
    let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let group = |i: usize| caps.get(i).map(|m| m.as_str());
    let whole = caps.get(0)?;
    let mut span = Span::new(whole.start(), whole.end());
    let (granularity, relative, (start, end, reason)) = if caps.get(ix.iso).is_some() {
        if text[whole.end()..].starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let day = NaiveDate::from_ymd_opt(num(ix.iy)? as i32, num(ix.im)?, num(ix.id)?)?;
        (Granularity::Day, false, explicit(day, day))
    } else if caps.get(ix.mdy).is_some() || caps.get(ix.dmy).is_some() || caps.get(ix.my).is_some()
    {
        let (m, dd, y) = if caps.get(ix.mdy).is_some() {
            (ix.m1, ix.d1, ix.y1)
        } else if caps.get(ix.dmy).is_some() {
            (ix.m2, ix.d2, ix.y2)
        } else {
            (ix.m3, usize::MAX, ix.y3)
        };
        month_day_year(month_number(group(m)?)?, num(dd), num(y), d)?
    } else if let Some(m4) = caps.get(ix.m4)
        && (caps.get(ix.d4).is_some() || caps.get(ix.y4).is_some())
    {
        // "in March 3, 2026", "by April 2026": the preposition only introduces the date.
        span.start = m4.start();
        let month = month_number(m4.as_str())?;
        month_day_year(month, num(ix.d4), num(ix.y4), d)?
    } else if let Some(m4) = caps.get(ix.m4) {
        let month = month_number(m4.as_str())?;
        let pre = group(ix.mpre)?.to_ascii_lowercase();
        match pre.as_str() {
            "last" | "next" | "this" => {
                let r = match d {
                    Some(d) => {
                        let y = match pre.as_str() {
                            "last" if month >= d.month() => d.year() - 1,
                            "next" if month <= d.month() => d.year() + 1,
                            _ => d.year(),
                        };
                        let (s, e) = month_range(y, month)?;
                        (
                            Some(s),
                            Some(e),
                            format!("{pre} {} relative to {d}", m4.as_str()),
                        )
                    }
                    None => unknown(),
                };
                (Granularity::Month, true, r)
            }
            _ => {
                span = Span::new(m4.start(), m4.end());
                (
                    Granularity::Month,
                    false,
                    partial(d, |y| month_range(y, month)),
                )
            }
        }
    } else if caps.get(ix.dec).is_some() {
        let y = num(ix.dy)? as i32;
        let (s, e) = year_range(y, y + 9)?;
        let why = match group(ix.decmod) {
            Some(m) => format!(
                "explicit decade ({} part not narrowed)",
                m.to_ascii_lowercase()
            ),
            None => "explicit decade".to_string(),
        };
        (Granularity::Decade, false, (Some(s), Some(e), why))
    } else if let Some(sd) = caps.get(ix.sd) {
        span.start = caps.get(ix.sdq).map_or(sd.start(), |q| q.start());
        let digit = num(ix.sd)? as i32;
        // '00s and '10s are this century; '20s is ambiguous, taken as this century when the
        // article is already past 2020 or undated; earlier digits are the 1900s.
        let century = match (digit, d) {
            (0 | 1, _) => 2000,
            (2, None) => 2000,
            (2, Some(d)) if d.year() >= 2020 => 2000,
            _ => 1900,
        };
        let y = century + digit * 10;
        let (s, e) = year_range(y, y + 9)?;
        (
            Granularity::Decade,
            false,
            (Some(s), Some(e), format!("decade read as the {y}s")),
        )
    } else if let Some(y) = caps.get(ix.ly_y).or_else(|| caps.get(ix.py_y)) {
        span = Span::new(y.start(), y.end());
        let y: i32 = y.as_str().parse().ok()?;
        let (s, e) = year_range(y, y)?;
        (Granularity::Year, false, explicit(s, e))
    } else if let Some(ym) = caps.get(ix.yp_y) {
        let pre = group(ix.ypre)?;
        if !stands_as_year(text, pre, ym.end()) {
            return None;
        }
        span = Span::new(ym.start(), ym.end());
        let y: i32 = ym.as_str().parse().ok()?;
        let (s, e) = year_range(y, y)?;
        (Granularity::Year, false, explicit(s, e))
    } else if let Some(w) = caps.get(ix.rday) {
        let word = w.as_str().to_ascii_lowercase();
        let r = match d {
            Some(d) => {
                let x = match word.as_str() {
                    "yesterday" => d.checked_sub_days(Days::new(1))?,
                    "tomorrow" => d.checked_add_days(Days::new(1))?,
                    _ => d,
                };
                (Some(x), Some(x), format!("{word} relative to {d}"))
            }
            None => unknown(),
        };
        (Granularity::Day, true, r)
    } else if let Some(w) = caps.get(ix.wdn) {
        let wd = weekday(w.as_str())?;
        let modifier = group(ix.wmod).map(str::to_ascii_lowercase);
        let r = match d {
            Some(d) => resolve_weekday(d, wd, w.as_str(), modifier.as_deref())?,
            None => unknown(),
        };
        (Granularity::Day, true, r)
    } else if let Some(unit) = caps.get(ix.runit) {
        let modifier = group(ix.rmod)?.to_ascii_lowercase();
        let modifier = modifier.split_whitespace().collect::<Vec<_>>().join(" ");
        let granularity = match unit.as_str() {
            "week" => Granularity::Week,
            "weekend" => Granularity::Day,
            "month" => Granularity::Month,
            _ => Granularity::Year,
        };
        let r = match d {
            Some(d) => resolve_period(d, &modifier, unit.as_str())?,
            None => unknown(),
        };
        (granularity, true, r)
    } else if let Some(unit) = caps.get(ix.agou) {
        let n = group(ix.agon)?.to_ascii_lowercase();
        let n: u32 = match n.as_str() {
            "a" | "an" => 1,
            w => match NUMBER_WORDS.iter().position(|x| *x == w) {
                Some(i) => i as u32,
                None => w.parse().ok()?,
            },
        };
        let unit = unit.as_str().trim_end_matches('s');
        let granularity = match unit {
            "day" => Granularity::Day,
            "week" => Granularity::Week,
            "month" => Granularity::Month,
            _ => Granularity::Year,
        };
        let r = match d {
            Some(d) => resolve_ago(d, n, unit)?,
            None => unknown(),
        };
        (granularity, true, r)
    } else {
        return None;
    };
    Some(DateMention {
        span,
        text: span.of(text).to_string(),
        granularity,
        relative,
        start,
        end,
        reason,
    })
}

/// A date from its month and, when given, day and year: a day or a month, explicit or with
/// the year taken from the article date.
fn month_day_year(
    month: u32,
    day: Option<u32>,
    year: Option<u32>,
    d: Option<NaiveDate>,
) -> Option<(Granularity, bool, Resolved)> {
    let year = year.map(|y| y as i32);
    Some(match (day, year) {
        (Some(day), Some(y)) => {
            let x = NaiveDate::from_ymd_opt(y, month, day)?;
            (Granularity::Day, false, explicit(x, x))
        }
        (Some(day), None) => {
            // Reject impossible days ("February 30") even when no year is known.
            NaiveDate::from_ymd_opt(2000, month, day)?;
            let r = partial(d, |y| {
                let x = NaiveDate::from_ymd_opt(y, month, day)?;
                Some((x, x))
            });
            (Granularity::Day, false, r)
        }
        (None, Some(y)) => {
            let (s, e) = month_range(y, month)?;
            (Granularity::Month, false, explicit(s, e))
        }
        (None, None) => (
            Granularity::Month,
            false,
            partial(d, |y| month_range(y, month)),
        ),
    })
}

fn explicit(start: NaiveDate, end: NaiveDate) -> Resolved {
    (Some(start), Some(end), "explicit".to_string())
}

fn unknown() -> Resolved {
    (
        None,
        None,
        "relative to an unknown article date".to_string(),
    )
}

/// A date without its year: the article's year, or the one before when that would put it
/// more than two months after the article.
fn partial(
    d: Option<NaiveDate>,
    range: impl Fn(i32) -> Option<(NaiveDate, NaiveDate)>,
) -> Resolved {
    let Some(d) = d else {
        return (
            None,
            None,
            "no year given and the article date is unknown".to_string(),
        );
    };
    let limit = d.checked_add_days(Days::new(PARTIAL_FUTURE_DAYS));
    match range(d.year()) {
        Some((s, e)) if limit.is_none_or(|l| s <= l) => (
            Some(s),
            Some(e),
            format!("year taken from the article date {d}"),
        ),
        _ => match range(d.year() - 1) {
            Some((s, e)) => (
                Some(s),
                Some(e),
                format!(
                    "year before the article date {d}: its own year would put the date over two months after it"
                ),
            ),
            None => (
                None,
                None,
                format!("no such day in {} or {}", d.year(), d.year() - 1),
            ),
        },
    }
}

/// "on Sunday" (most recent on or before the article date), "last Sunday" (strictly
/// before), "next Sunday" (strictly after).
fn resolve_weekday(
    d: NaiveDate,
    wd: Weekday,
    name: &str,
    modifier: Option<&str>,
) -> Option<Resolved> {
    let back = (7 + d.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
    let (x, why) = match modifier {
        Some("next" | "coming") => {
            let fwd = (7 + wd.num_days_from_monday() - d.weekday().num_days_from_monday()) % 7;
            let fwd = if fwd == 0 { 7 } else { fwd };
            (
                d.checked_add_days(Days::new(u64::from(fwd)))?,
                format!("first {name} after {d}"),
            )
        }
        Some("last" | "past" | "previous") => {
            let back = if back == 0 { 7 } else { back };
            (
                d.checked_sub_days(Days::new(u64::from(back)))?,
                format!("most recent {name} before {d}"),
            )
        }
        _ => (
            d.checked_sub_days(Days::new(u64::from(back)))?,
            format!(
                "most recent {name} on or before {d} (news reports past days; future tense not read)"
            ),
        ),
    };
    Some((Some(x), Some(x), why))
}

/// "last week", "this month", "earlier this year", "next weekend", "the past week".
fn resolve_period(d: NaiveDate, modifier: &str, unit: &str) -> Option<Resolved> {
    let (s, e) = match unit {
        "week" | "weekend" => {
            let monday =
                d.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday())))?;
            let shift = |weeks: i64| -> Option<NaiveDate> {
                if weeks >= 0 {
                    monday.checked_add_days(Days::new(weeks as u64 * 7))
                } else {
                    monday.checked_sub_days(Days::new(weeks.unsigned_abs() * 7))
                }
            };
            let weeks = match modifier {
                "last" | "previous" => -1,
                "next" | "coming" => 1,
                _ => 0,
            };
            let week_start = shift(weeks)?;
            let week_end = week_start.checked_add_days(Days::new(6))?;
            match (unit, modifier) {
                ("weekend", "last" | "previous" | "past")
                    if d.weekday() != Weekday::Sat && d.weekday() != Weekday::Sun =>
                {
                    // The weekend just gone is the one ending the previous Monday-based week.
                    (
                        monday.checked_sub_days(Days::new(2))?,
                        monday.checked_sub_days(Days::new(1))?,
                    )
                }
                ("weekend", _) => (week_end.checked_sub_days(Days::new(1))?, week_end),
                (_, "past") => (d.checked_sub_days(Days::new(6))?, d),
                (_, "earlier this") => (week_start, d),
                (_, "later this") => (d, week_end),
                _ => (week_start, week_end),
            }
        }
        "month" => {
            let first = NaiveDate::from_ymd_opt(d.year(), d.month(), 1)?;
            let base = match modifier {
                "last" | "previous" | "past" => first.checked_sub_months(Months::new(1))?,
                "next" | "coming" => first.checked_add_months(Months::new(1))?,
                _ => first,
            };
            let (s, e) = month_range(base.year(), base.month())?;
            match modifier {
                "earlier this" => (s, d),
                "later this" => (d, e),
                _ => (s, e),
            }
        }
        _ => {
            let y = match modifier {
                "last" | "previous" | "past" => d.year() - 1,
                "next" | "coming" => d.year() + 1,
                _ => d.year(),
            };
            let (s, e) = year_range(y, y)?;
            match modifier {
                "earlier this" => (s, d),
                "later this" => (d, e),
                _ => (s, e),
            }
        }
    };
    Some((
        Some(s),
        Some(e),
        format!("{modifier} {unit} relative to {d}"),
    ))
}

/// "two days ago", "a week ago", "three months ago", "a year ago".
fn resolve_ago(d: NaiveDate, n: u32, unit: &str) -> Option<Resolved> {
    let why = format!("{n} {unit}(s) before {d}");
    let (s, e) = match unit {
        "day" => {
            let x = d.checked_sub_days(Days::new(u64::from(n)))?;
            (x, x)
        }
        "week" => {
            let x = d.checked_sub_days(Days::new(u64::from(n) * 7))?;
            let monday =
                x.checked_sub_days(Days::new(u64::from(x.weekday().num_days_from_monday())))?;
            (monday, monday.checked_add_days(Days::new(6))?)
        }
        "month" => {
            let x = d.checked_sub_months(Months::new(n))?;
            month_range(x.year(), x.month())?
        }
        _ => {
            let y = d.year() - n as i32;
            year_range(y, y)?
        }
    };
    Some((Some(s), Some(e), why))
}

/// Whether the year after preposition `pre` stands as a year and not as a count or part of
/// a number ("of 1992 troops", "in 2000.5", "the 2000 troops").
fn stands_as_year(text: &str, pre: &str, end: usize) -> bool {
    let after = &text[end..];
    let mut chars = after.chars();
    match (chars.next(), chars.next()) {
        (Some(',' | '.'), Some(c)) if c.is_ascii_digit() => return false,
        (Some('%'), _) => return false,
        _ => {}
    }
    let next_word_lower = after
        .strip_prefix(' ')
        .and_then(|r| r.chars().next())
        .is_some_and(char::is_lowercase);
    match pre {
        // "the 1990 Maastricht Treaty" is a year; "the 2000 troops" is a count.
        "the" | "The" => after
            .strip_prefix(' ')
            .and_then(|r| r.chars().next())
            .is_some_and(char::is_uppercase),
        // Range ends and "of": a lowercase word after means a count ("and 1500 people").
        "of" | "and" | "to" => !next_word_lower,
        _ => true,
    }
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let key = lower.get(..3)?;
    MONTH_NAMES
        .iter()
        .position(|m| m.starts_with(key))
        .map(|i| i as u32 + 1)
}

fn weekday(name: &str) -> Option<Weekday> {
    let lower = name.to_ascii_lowercase();
    WEEKDAYS.iter().find(|(n, _)| *n == lower).map(|&(_, w)| w)
}

fn month_range(y: i32, m: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(y, m, 1)?;
    let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
    Some((first, last))
}

fn year_range(first: i32, last: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(first, 1, 1)?,
        NaiveDate::from_ymd_opt(last, 12, 31)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// (text, granularity, relative, start, end) of a mention.
    type Row = (
        String,
        Granularity,
        bool,
        Option<NaiveDate>,
        Option<NaiveDate>,
    );

    fn found(text: &str, d: Option<NaiveDate>) -> Vec<Row> {
        find(text, &[], d)
            .into_iter()
            .map(|m| {
                assert_eq!(m.span.of(text), m.text);
                (m.text, m.granularity, m.relative, m.start, m.end)
            })
            .collect()
    }

    fn one(text: &str, d: Option<NaiveDate>) -> DateMention {
        let all = find(text, &[], d);
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        all.into_iter().next().unwrap()
    }

    const ART: Option<NaiveDate> = NaiveDate::from_ymd_opt(2026, 4, 24); // a Friday

    #[test]
    fn absolute_dates() {
        for (t, want, s) in [
            (
                "It began on April 24, 2026, in Riga.",
                "April 24, 2026",
                ymd(2026, 4, 24),
            ),
            (
                "Signed 24 April 2026 in Riga.",
                "24 April 2026",
                ymd(2026, 4, 24),
            ),
            ("Logged 2026-04-24 at noon.", "2026-04-24", ymd(2026, 4, 24)),
            (
                "The attacks of Sept. 11, 2001 changed it.",
                "Sept. 11, 2001",
                ymd(2001, 9, 11),
            ),
            (
                "On Sept 11 2001 it changed.",
                "Sept 11 2001",
                ymd(2001, 9, 11),
            ),
            (
                "Held on Sunday, April 26, 2026.",
                "Sunday, April 26, 2026",
                ymd(2026, 4, 26),
            ),
            (
                "Due by the 3rd of May 2027.",
                "3rd of May 2027",
                ymd(2027, 5, 3),
            ),
        ] {
            let m = one(t, None);
            assert_eq!(m.text, want);
            assert_eq!(
                (m.granularity, m.relative, m.start, m.end),
                (Granularity::Day, false, Some(s), Some(s))
            );
            assert_eq!(m.reason, "explicit");
        }
    }

    #[test]
    fn partial_dates() {
        let m = one("The summit opens 24 April.", ART);
        assert_eq!(
            (m.text.as_str(), m.start),
            ("24 April", Some(ymd(2026, 4, 24)))
        );
        assert_eq!(m.reason, "year taken from the article date 2026-04-24");
        let m = one("Talks began Sept. 11 in Oslo.", ART);
        assert_eq!(m.start, Some(ymd(2025, 9, 11)), "{}", m.reason);
        assert!(m.reason.starts_with("year before"));
        // Within two months ahead stays in the article's year.
        assert_eq!(
            one("The vote is on June 1.", ART).start,
            Some(ymd(2026, 6, 1))
        );
        // Unknown article date: unresolved.
        let m = one("The vote is on June 1.", None);
        assert_eq!((m.start, m.end), (None, None));
        let m = one("Prices rose in April 2026.", ART);
        assert_eq!(
            (m.granularity, m.start, m.end),
            (
                Granularity::Month,
                Some(ymd(2026, 4, 1)),
                Some(ymd(2026, 4, 30))
            )
        );
        let m = one("Prices rose in March and fell.", ART);
        assert_eq!(
            (m.text.as_str(), m.granularity, m.start),
            ("March", Granularity::Month, Some(ymd(2026, 3, 1)))
        );
        let m = one("It opened in March 3, 2026.", ART);
        assert_eq!(
            (m.text.as_str(), m.granularity, m.start),
            ("March 3, 2026", Granularity::Day, Some(ymd(2026, 3, 3)))
        );
        let m = one("Done by April 2026.", None);
        assert_eq!(
            (m.text.as_str(), m.granularity, m.end),
            ("April 2026", Granularity::Month, Some(ymd(2026, 4, 30)))
        );
        // Impossible days are not dates.
        assert!(find("on February 30 they met", &[], ART).is_empty());
    }

    #[test]
    fn years() {
        for (t, y) in [
            ("It was founded in 1992 by six states.", 1992),
            ("Members since 1954, they stayed.", 1954),
            ("A target to meet by 2030.", 2030),
            ("The treaty (1999) lapsed.", 1999),
            ("It was the 1990 Maastricht Treaty.", 1990),
            ("1954: A treaty is signed.", 1954),
            ("- 1955 – A union is formed.", 1955),
        ] {
            let m = one(t, None);
            assert_eq!(m.text, y.to_string(), "{t}");
            assert_eq!(
                (m.granularity, m.start, m.end),
                (Granularity::Year, Some(ymd(y, 1, 1)), Some(ymd(y, 12, 31)))
            );
        }
        for t in [
            "They sent 1,992 troops.",
            "They sent 2,000 troops.",
            "They sent 1992 troops.",
            "A convoy of 1992 trucks.",
            "The 2000 troops left.",
            "Up 2026.5 points.",
            "It weighs 1800 kg.",
        ] {
            assert!(
                find(t, &[], None).is_empty(),
                "{t}: {:?}",
                find(t, &[], None)
            );
        }
    }

    #[test]
    fn decades() {
        let m = one("It dates back to the 1950s, when...", None);
        assert_eq!(
            (m.text.as_str(), m.granularity),
            ("1950s", Granularity::Decade)
        );
        assert_eq!(
            (m.start, m.end),
            (Some(ymd(1950, 1, 1)), Some(ymd(1959, 12, 31)))
        );
        let m = one("Music of the ’90s is back.", None);
        assert_eq!((m.text.as_str(), m.start), ("’90s", Some(ymd(1990, 1, 1))));
        let m = one("Back in the '00s.", None);
        assert_eq!(m.start, Some(ymd(2000, 1, 1)));
        assert_eq!(one("the early 1990s", None).text, "early 1990s");
    }

    #[test]
    fn relative_dates() {
        // 2026-04-24 is a Friday.
        let cases = [
            (
                "The minister spoke on Sunday.",
                "Sunday",
                ymd(2026, 4, 19),
                ymd(2026, 4, 19),
                Granularity::Day,
            ),
            (
                "It happened Friday.",
                "Friday",
                ymd(2026, 4, 24),
                ymd(2026, 4, 24),
                Granularity::Day,
            ),
            (
                "It happened last Friday.",
                "last Friday",
                ymd(2026, 4, 17),
                ymd(2026, 4, 17),
                Granularity::Day,
            ),
            (
                "They meet next Monday.",
                "next Monday",
                ymd(2026, 4, 27),
                ymd(2026, 4, 27),
                Granularity::Day,
            ),
            (
                "He left yesterday.",
                "yesterday",
                ymd(2026, 4, 23),
                ymd(2026, 4, 23),
                Granularity::Day,
            ),
            (
                "Today the talks end.",
                "Today",
                ymd(2026, 4, 24),
                ymd(2026, 4, 24),
                Granularity::Day,
            ),
            (
                "It rained last week.",
                "last week",
                ymd(2026, 4, 13),
                ymd(2026, 4, 19),
                Granularity::Week,
            ),
            (
                "Over the past week, prices rose.",
                "the past week",
                ymd(2026, 4, 18),
                ymd(2026, 4, 24),
                Granularity::Week,
            ),
            (
                "A summit next month.",
                "next month",
                ymd(2026, 5, 1),
                ymd(2026, 5, 31),
                Granularity::Month,
            ),
            (
                "Two days ago it fell.",
                "Two days ago",
                ymd(2026, 4, 22),
                ymd(2026, 4, 22),
                Granularity::Day,
            ),
            (
                "It fell a year ago.",
                "a year ago",
                ymd(2025, 1, 1),
                ymd(2025, 12, 31),
                Granularity::Year,
            ),
            (
                "Earlier this year, it rose.",
                "Earlier this year",
                ymd(2026, 1, 1),
                ymd(2026, 4, 24),
                Granularity::Year,
            ),
            (
                "It fell 3 months ago.",
                "3 months ago",
                ymd(2026, 1, 1),
                ymd(2026, 1, 31),
                Granularity::Month,
            ),
            (
                "See you last March.",
                "last March",
                ymd(2026, 3, 1),
                ymd(2026, 3, 31),
                Granularity::Month,
            ),
        ];
        for (t, text, s, e, g) in cases {
            let m = one(t, ART);
            assert_eq!(
                (m.text.as_str(), m.start, m.end, m.granularity, m.relative),
                (text, Some(s), Some(e), g, true),
                "{t}: {}",
                m.reason
            );
        }
        let m = one("The minister spoke on Sunday.", ART);
        assert_eq!(
            m.reason,
            "most recent Sunday on or before 2026-04-24 (news reports past days; future tense not read)"
        );
        let m = one("The minister spoke on Sunday.", None);
        assert_eq!((m.start, m.end, m.relative), (None, None, true));
    }

    #[test]
    fn not_dates() {
        for t in [
            "The Mayor may march in.",
            "They marched to Augsburg.",
            "A 24 hour strike.",
            "Dec 2 people",
        ] {
            let all = found(t, ART);
            assert!(all.is_empty() || t == "Dec 2 people", "{t}: {all:?}");
        }
    }

    #[test]
    fn spans_are_exact_with_unicode() {
        let t = "«Ça» — on 24 April 2026 and “yesterday”, in 1992… the ’90s.";
        let all = found(t, ART);
        let texts: Vec<_> = all.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(texts, vec!["24 April 2026", "yesterday", "1992", "’90s"]);
    }

    #[test]
    fn pathological_inputs_return() {
        let long = "word ".repeat(200_000);
        assert!(find(&long, &[], ART).is_empty());
        let years = "in 1992 ".repeat(20_000);
        assert_eq!(find(&years, &[], ART).len(), 20_000);
        let quotes = "\"".repeat(10_000);
        assert!(find(&quotes, &[], ART).is_empty());
        let digits = "1".repeat(1_000_000);
        assert!(find(&digits, &[], ART).is_empty());
        let months = "April ".repeat(100_000);
        let _ = find(&months, &[], ART);
        for t in ["", "'", "’", "'90s", "the 1990s", "1992:", "ago", "April"] {
            let _ = find(t, &[], ART);
            let _ = find(t, &[], None);
        }
    }
}
