//! Date strings as news inputs write them, parsed without guessing.
//!
//! The grammar is hand-written on purpose: `dateparser` and similar crates fill in the current
//! date or time for parts a string leaves out (a date-only string becomes "today at now"),
//! which would invent facts. Here a string with only a day stays a [`When::Day`], a time whose
//! zone is unknown is dropped, and anything unsure yields `None`.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use newstrace_model::When;
use std::ops::Range;

/// Years outside this range are taken as misreadings, not dates of news.
const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Parses one date or date-time string (ISO 8601, RFC 3339, RFC 2822, `April 24, 2026`,
/// `24 April 2026`, ...). Never fills in the current time; `None` when unsure.
pub fn parse_when(s: &str) -> Option<When> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    if let Some(w) = parse_structured(s) {
        return Some(w);
    }
    let tokens = tokenize(s);
    // A bare run of eight digits is `YYYYMMDD`; only as a whole string (inside a line it is
    // far more often some other number).
    if let [tok] = tokens.as_slice()
        && tok.kind == Kind::Num
        && tok.text.len() == 8
    {
        let y = tok.text.get(0..4)?.parse().ok()?;
        let m = tok.text.get(4..6)?.parse().ok()?;
        let d = tok.text.get(6..8)?.parse().ok()?;
        return day(y, m, d).map(When::Day);
    }
    let (when, end) = parse_at(&tokens, 0)?;
    // Only closing punctuation may follow what was understood.
    tokens[end..]
        .iter()
        .all(|t| t.kind == Kind::Punct && matches!(t.text.as_str(), "." | "," | ")"))
        .then_some(when)
}

/// Finds the first date inside a short line, returning it and its byte range in `line`.
pub fn find_date_in_line(line: &str) -> Option<(When, Range<usize>)> {
    if line.len() > 1_000 {
        return None;
    }
    let tokens = tokenize(line);
    for i in 0..tokens.len() {
        // Start only at the beginning of a word or number.
        if tokens[i].kind == Kind::Punct {
            continue;
        }
        // An ISO timestamp is one whitespace-free run: let chrono read it whole.
        if let Some((w, r)) = structured_run(line, tokens[i].span.start) {
            return Some((w, r));
        }
        if let Some((when, end)) = parse_at(&tokens, i) {
            return Some((when, tokens[i].span.start..tokens[end - 1].span.end));
        }
    }
    None
}

/// The whitespace-free run starting at `start`, if chrono reads it as an ISO/RFC 3339 value.
fn structured_run(line: &str, start: usize) -> Option<(When, Range<usize>)> {
    let rest = line.get(start..)?;
    let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let run = rest.get(..len)?.trim_end_matches(['.', ',', ';', ')']);
    if !run.contains('T') {
        return None;
    }
    parse_structured(run).map(|w| (w, start..start + run.len()))
}

/// RFC 3339, ISO 8601 with a `T`, and RFC 2822, through chrono's own parsers.
fn parse_structured(s: &str) -> Option<When> {
    let checked = |t: DateTime<FixedOffset>| {
        YEARS
            .contains(&t.date_naive().year())
            .then_some(When::Instant(t))
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return checked(t);
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(s, fmt) {
            return checked(t);
        }
    }
    // ISO without a zone: taken as UTC, the convention of crawlers that write it.
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return checked(t.and_utc().fixed_offset());
        }
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return checked(t);
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Num,
    Punct,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    /// Lowercased for words.
    text: String,
    span: Range<usize>,
}

/// Splits into words (letters, lowercased), digit runs and single punctuation characters;
/// whitespace separates and is dropped.
fn tokenize(s: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    for (i, c) in s.char_indices() {
        let kind = if c.is_alphabetic() {
            Kind::Word
        } else if c.is_ascii_digit() {
            Kind::Num
        } else if c.is_whitespace() {
            continue;
        } else {
            Kind::Punct
        };
        let end = i + c.len_utf8();
        if let Some(last) = out.last_mut()
            && kind != Kind::Punct
            && last.kind == kind
            && last.span.end == i
        {
            last.span.end = end;
            last.text.extend(c.to_lowercase());
            continue;
        }
        out.push(Token {
            kind,
            text: c.to_lowercase().collect(),
            span: i..end,
        });
    }
    out
}

/// Parses a date (with optional weekday before and time after) starting at token `i`;
/// returns it and the index of the first token after it.
fn parse_at(t: &[Token], mut i: usize) -> Option<(When, usize)> {
    if t.get(i)
        .is_some_and(|w| w.kind == Kind::Word && is_weekday(&w.text))
    {
        i += 1;
        if is_punct(t, i, ",") || is_punct(t, i, ".") {
            i += 1;
        }
    }
    let (date, mut j, iso) = parse_date(t, i)?;
    // Optional time after the date.
    let mut k = j;
    if is_punct(t, k, ",") || word_is(t, k, "at") || word_is(t, k, "um") || word_is(t, k, "à") {
        k += 1;
    } else if iso && word_is(t, k, "t") {
        // `24T09` tokenises as `24`, `t`, `09`.
        k += 1;
    }
    if let Some((time, offset, end)) = parse_time(t, k) {
        j = end;
        match offset {
            Some(off) => {
                let dt = off.from_local_datetime(&date.and_time(time)).single()?;
                return Some((When::Instant(dt), j));
            }
            None if iso => {
                return Some((
                    When::Instant(date.and_time(time).and_utc().fixed_offset()),
                    j,
                ));
            }
            None => return Some((When::Day(date), j)),
        }
    }
    Some((When::Day(date), j))
}

/// The date part: numeric (`2026-04-24`, `2026/04/24`, `24.04.2026`) or with a month name
/// (`April 24, 2026`, `24 April 2026`, `24. April 2026`, `24 de abril de 2026`). The flag says
/// it was ISO-style (`-` separated), whose zone-less times are read as UTC.
fn parse_date(t: &[Token], i: usize) -> Option<(NaiveDate, usize, bool)> {
    let first = t.get(i)?;
    if first.kind == Kind::Num {
        // YYYY-MM-DD or YYYY/MM/DD
        if first.text.len() == 4 {
            let sep = t.get(i + 1)?;
            if sep.kind == Kind::Punct && (sep.text == "-" || sep.text == "/" || sep.text == ".") {
                let m = num(t, i + 2, 2)?;
                if !is_punct(t, i + 3, &sep.text) {
                    return None;
                }
                let d = num(t, i + 4, 2)?;
                let y = first.text.parse().ok()?;
                return Some((day(y, m, d)?, i + 5, sep.text == "-"));
            }
            return None;
        }
        if first.text.len() > 2 {
            return None;
        }
        let d: u32 = first.text.parse().ok()?;
        // DD.MM.YYYY (day first)
        if is_punct(t, i + 1, ".")
            && let Some(m) = num(t, i + 2, 2)
            && is_punct(t, i + 3, ".")
            && let Some(y) = num(t, i + 4, 4)
        {
            return Some((day(y as i32, m, d)?, i + 5, false));
        }
        // D [st|.] [of|de] Month [.] [,] [de] YYYY
        let mut k = i + 1;
        if t.get(k)
            .is_some_and(|w| w.kind == Kind::Word && is_ordinal_suffix(&w.text))
        {
            k += 1;
        }
        if is_punct(t, k, ".") {
            k += 1;
        }
        if word_is(t, k, "of") || word_is(t, k, "de") {
            k += 1;
        }
        let m = month(&t.get(k)?.text).filter(|_| t[k].kind == Kind::Word)?;
        k += 1;
        if is_punct(t, k, ".") {
            k += 1;
        }
        if is_punct(t, k, ",") {
            k += 1;
        }
        if word_is(t, k, "de") {
            k += 1;
        }
        let y = num(t, k, 4)?;
        return Some((day(y as i32, m, d)?, k + 1, false));
    }
    if first.kind == Kind::Word {
        // Month [.] D [st] [,] YYYY
        let m = month(&first.text)?;
        let mut k = i + 1;
        if is_punct(t, k, ".") {
            k += 1;
        }
        let d = num(t, k, 2)?;
        k += 1;
        if t.get(k)
            .is_some_and(|w| w.kind == Kind::Word && is_ordinal_suffix(&w.text))
        {
            k += 1;
        }
        if is_punct(t, k, ",") {
            k += 1;
        }
        let y = num(t, k, 4)?;
        return Some((day(y as i32, m, d)?, k + 1, false));
    }
    None
}

/// `H:MM[:SS[.fff]] [am|pm] [zone]` at `i`: the time, the offset if the zone is known, and
/// the index after it.
fn parse_time(t: &[Token], i: usize) -> Option<(NaiveTime, Option<FixedOffset>, usize)> {
    let mut h = num(t, i, 2)?;
    if !is_punct(t, i + 1, ":") {
        return None;
    }
    let m = num(t, i + 2, 2).filter(|_| t[i + 2].text.len() == 2)?;
    let mut k = i + 3;
    let mut s = 0;
    let mut nanos = 0;
    if is_punct(t, k, ":")
        && let Some(sec) = num(t, k + 1, 2)
    {
        s = sec;
        k += 2;
        if is_punct(t, k, ".")
            && let Some(frac) = t.get(k + 1).filter(|f| f.kind == Kind::Num)
        {
            let digits: String = frac
                .text
                .chars()
                .chain(std::iter::repeat('0'))
                .take(9)
                .collect();
            nanos = digits.parse().unwrap_or(0);
            k += 2;
        }
    }
    // am / pm / a.m. / p.m.
    let ampm = match t.get(k).map(|w| (w.kind, w.text.as_str())) {
        Some((Kind::Word, "am")) => Some((false, 1)),
        Some((Kind::Word, "pm")) => Some((true, 1)),
        Some((Kind::Word, "a")) if is_punct(t, k + 1, ".") && word_is(t, k + 2, "m") => {
            Some((false, 3))
        }
        Some((Kind::Word, "p")) if is_punct(t, k + 1, ".") && word_is(t, k + 2, "m") => {
            Some((true, 3))
        }
        _ => None,
    };
    if let Some((pm, len)) = ampm {
        if !(1..=12).contains(&h) {
            return None;
        }
        h = match (pm, h) {
            (false, 12) => 0,
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, h) => h,
        };
        k += len;
        if is_punct(t, k, ".") {
            k += 1;
        }
    }
    let time = NaiveTime::from_hms_nano_opt(h, m, s, nanos)?;
    let (offset, end) = match parse_zone(t, k) {
        Some((off, end)) => (Some(off), end),
        None => (None, k),
    };
    Some((time, offset, end))
}

/// A zone after a time: `Z`, `UTC`, `GMT`, a few common abbreviations, `+0200`, `+02:00`,
/// `UTC+2`.
fn parse_zone(t: &[Token], i: usize) -> Option<(FixedOffset, usize)> {
    let tok = t.get(i)?;
    if tok.kind == Kind::Word {
        let hours = match tok.text.as_str() {
            "z" | "utc" | "gmt" | "ut" | "wet" => 0,
            "bst" | "cet" | "west" | "mez" => 1,
            "cest" | "eet" | "mesz" => 2,
            "eest" | "msk" => 3,
            "jst" => 9,
            "est" => -5,
            "edt" => -4,
            "cst" => -6,
            "cdt" => -5,
            "mst" => -7,
            "mdt" => -6,
            "pst" => -8,
            "pdt" => -7,
            _ => return None,
        };
        if hours == 0
            && let Some((off, end)) = numeric_offset(t, i + 1)
        {
            return Some((off, end));
        }
        return Some((FixedOffset::east_opt(hours * 3600)?, i + 1));
    }
    numeric_offset(t, i)
}

/// `+0200`, `-05:00`, `+2`.
fn numeric_offset(t: &[Token], i: usize) -> Option<(FixedOffset, usize)> {
    let sign = match t.get(i).map(|s| s.text.as_str()) {
        Some("+") => 1,
        Some("-") | Some("\u{2212}") => -1,
        _ => return None,
    };
    let n = t.get(i + 1).filter(|n| n.kind == Kind::Num)?;
    let (h, m, end) = match n.text.len() {
        4 => (
            n.text.get(0..2)?.parse::<i32>().ok()?,
            n.text.get(2..4)?.parse::<i32>().ok()?,
            i + 2,
        ),
        1 | 2 => {
            let h = n.text.parse::<i32>().ok()?;
            if is_punct(t, i + 2, ":")
                && let Some(m) = num(t, i + 3, 2)
            {
                (h, m as i32, i + 4)
            } else {
                (h, 0, i + 2)
            }
        }
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some((FixedOffset::east_opt(sign * (h * 3600 + m * 60))?, end))
}

/// A valid day with a plausible year.
fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    if !YEARS.contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The number at `i` if it has at most `max_len` digits (exactly 4 when `max_len` is 4).
fn num(t: &[Token], i: usize, max_len: usize) -> Option<u32> {
    let tok = t.get(i)?;
    if tok.kind != Kind::Num || tok.text.len() > max_len || (max_len == 4 && tok.text.len() != 4) {
        return None;
    }
    tok.text.parse().ok()
}

fn is_punct(t: &[Token], i: usize, p: &str) -> bool {
    t.get(i)
        .is_some_and(|x| x.kind == Kind::Punct && x.text == p)
}

fn word_is(t: &[Token], i: usize, w: &str) -> bool {
    t.get(i)
        .is_some_and(|x| x.kind == Kind::Word && x.text == w)
}

fn is_ordinal_suffix(w: &str) -> bool {
    matches!(w, "st" | "nd" | "rd" | "th" | "er")
}

/// Weekday names (English, German, French, Spanish), full and abbreviated.
fn is_weekday(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "mon"
            | "tuesday"
            | "tue"
            | "tues"
            | "wednesday"
            | "wed"
            | "thursday"
            | "thu"
            | "thur"
            | "thurs"
            | "friday"
            | "fri"
            | "saturday"
            | "sat"
            | "sunday"
            | "sun"
            | "montag"
            | "dienstag"
            | "mittwoch"
            | "donnerstag"
            | "freitag"
            | "samstag"
            | "sonntag"
            | "mo"
            | "di"
            | "mi"
            | "do"
            | "fr"
            | "sa"
            | "so"
            | "lundi"
            | "mardi"
            | "mercredi"
            | "jeudi"
            | "vendredi"
            | "samedi"
            | "dimanche"
            | "lunes"
            | "martes"
            | "miércoles"
            | "miercoles"
            | "jueves"
            | "viernes"
            | "sábado"
            | "sabado"
            | "domingo"
    )
}

/// Month number of an English, German, French or Spanish month name or abbreviation.
fn month(w: &str) -> Option<u32> {
    Some(match w {
        "january" | "jan" | "januar" | "jänner" | "janvier" | "janv" | "enero" | "ene" => 1,
        "february" | "feb" | "februar" | "février" | "fevrier" | "févr" | "fevr" | "febrero" => 2,
        "march" | "mar" | "märz" | "maerz" | "mär" | "mars" | "marzo" => 3,
        "april" | "apr" | "avril" | "avr" | "abril" | "abr" => 4,
        "may" | "mai" | "mayo" => 5,
        "june" | "jun" | "juni" | "juin" | "junio" => 6,
        "july" | "jul" | "juli" | "juillet" | "juil" | "julio" => 7,
        "august" | "aug" | "août" | "aout" | "agosto" | "ago" => 8,
        "september" | "sep" | "sept" | "septembre" | "septiembre" | "setiembre" => 9,
        "october" | "oct" | "oktober" | "okt" | "octobre" | "octubre" => 10,
        "november" | "nov" | "novembre" | "noviembre" => 11,
        "december" | "dec" | "dezember" | "dez" | "décembre" | "decembre" | "déc" | "diciembre"
        | "dic" => 12,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> String {
        parse_when(s).map_or_else(|| "none".to_string(), |w| w.to_string())
    }

    #[test]
    fn iso_and_rfc3339() {
        assert_eq!(d("2026-04-24"), "2026-04-24");
        assert_eq!(d("2026-04-24T09:30:00+02:00"), "2026-04-24T09:30:00+02:00");
        assert_eq!(d("2026-04-24T09:30:00Z"), "2026-04-24T09:30:00Z");
        assert_eq!(d("2026-04-24T09:30:00.250Z"), "2026-04-24T09:30:00.250Z");
        assert_eq!(d("2026-04-24T09:30:00+0200"), "2026-04-24T09:30:00+02:00");
        // Zone-less ISO is UTC.
        assert_eq!(d("2026-04-24 09:30:00"), "2026-04-24T09:30:00Z");
        assert_eq!(d("2026-04-24T09:30"), "2026-04-24T09:30:00Z");
    }

    #[test]
    fn rfc2822() {
        assert_eq!(
            d("Tue, 24 Apr 2026 09:30:00 +0200"),
            "2026-04-24T09:30:00+02:00"
        );
        assert_eq!(d("Fri, 24 Apr 2026 09:30:00 GMT"), "2026-04-24T09:30:00Z");
        assert_eq!(d("24 Apr 2026 09:30:00 GMT"), "2026-04-24T09:30:00Z");
    }

    #[test]
    fn written_dates() {
        for s in [
            "April 24, 2026",
            "Apr. 24, 2026",
            "Apr 24 2026",
            "24 April 2026",
            "24th April 2026",
            "Friday, April 24, 2026",
            "2026/04/24",
            "24.04.2026",
            "20260424",
            "24. April 2026",
            "24 avril 2026",
            "24 de abril de 2026",
            "24. März 2026",
        ] {
            let want = if s.contains("März") {
                "2026-03-24"
            } else {
                "2026-04-24"
            };
            assert_eq!(d(s), want, "{s}");
        }
    }

    #[test]
    fn trailing_times() {
        assert_eq!(d("April 24, 2026 9:30 AM EDT"), "2026-04-24T09:30:00-04:00");
        assert_eq!(d("April 24, 2026, 9:30 p.m. UTC"), "2026-04-24T21:30:00Z");
        assert_eq!(d("24 April 2026 09:30 UTC"), "2026-04-24T09:30:00Z");
        // Unknown zone: keep the day only.
        assert_eq!(d("April 24, 2026 9:30 AM"), "2026-04-24");
        assert_eq!(d("April 24, 2026 at 9:30 AM XYZ"), "none");
    }

    #[test]
    fn rejects_impossible_and_vague() {
        for s in [
            "",
            "April 31, 2026",
            "2026-02-30",
            "1850-01-01",
            "April 2026",
            "yesterday",
            "24/04/2026",
            "12345678",
            "2026-13-01",
            "April 24, 2026 and more",
            "25:00",
        ] {
            assert_eq!(d(s), "none", "{s}");
        }
    }

    #[test]
    fn finds_dates_in_lines() {
        let (w, r) = find_date_in_line("Published: April 24, 2026 by staff").unwrap();
        assert_eq!(w.to_string(), "2026-04-24");
        assert_eq!(r, 11..25);
        let line = "April 24, 2026 AI Editorial Team";
        let (_, r) = find_date_in_line(line).unwrap();
        assert_eq!(&line[r], "April 24, 2026");
        let (w, _) = find_date_in_line("Stand: 2026-04-24T09:30:00Z.").unwrap();
        assert_eq!(w.to_string(), "2026-04-24T09:30:00Z");
        assert!(find_date_in_line("No date in this line, only 42 words").is_none());
        // Multibyte text does not trip the byte ranges.
        let line = "Ünïcødé — 24 mai 2026 — fin";
        let (_, r) = find_date_in_line(line).unwrap();
        assert_eq!(&line[r], "24 mai 2026");
    }
}
