//! A light tokenizer: words (with their lowercase form) and punctuation, with byte offsets.

use super::lexicon::LEXICON;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters and digits, with inner `-`, `'`, `’`, `.` ("U.S.", "Mr.", "al-Assad").
    Word,
    /// One punctuation character.
    Punct(char),
    /// A line break.
    Break,
}

/// One token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Range of its lowercase form in the shared lowercase buffer.
    pub lo: (u32, u32),
    /// Whether a sentence of the splitter starts here.
    pub sent_start: bool,
    /// Whether it stands inside double quotation marks (opened on the same line).
    pub quoted: bool,
}

/// The tokens of a text and their lowercase forms.
pub(crate) struct Tokens<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok>,
    lower: String,
}

impl<'a> Tokens<'a> {
    /// Tokenizes `text`, marking the tokens where one of `starts` (sorted byte offsets) begins.
    pub fn new(text: &'a str, starts: &[usize]) -> Self {
        let mut toks = Vec::with_capacity(text.len() / 5);
        let mut lower = String::with_capacity(text.len());
        let mut i = 0;
        let mut si = 0;
        // Inside double quotation marks; a line break closes any quotation left open.
        let mut quoted = false;
        let bytes = text.as_bytes();
        while let Some(&b) = bytes.get(i) {
            // Spaces, most of what lies between tokens, without decoding.
            if b == b' ' {
                i += 1;
                continue;
            }
            let Some(c) = text.get(i..).and_then(|s| s.chars().next()) else {
                break;
            };
            let clen = c.len_utf8();
            if c == '\n' {
                quoted = false;
                if !matches!(
                    toks.last(),
                    Some(Tok {
                        kind: Kind::Break,
                        ..
                    })
                ) {
                    toks.push(Tok {
                        start: i,
                        end: i + 1,
                        kind: Kind::Break,
                        lo: (0, 0),
                        sent_start: false,
                        quoted: false,
                    });
                }
                i += 1;
                continue;
            }
            if c.is_whitespace() {
                i += clen;
                continue;
            }
            let (end, kind) = if c.is_alphanumeric() {
                (word_end(text, i + clen), Kind::Word)
            } else {
                (i + clen, Kind::Punct(c))
            };
            let lo_start = lower.len() as u32;
            if kind == Kind::Word {
                let w = text.get(i..end).unwrap_or("");
                if w.is_ascii() {
                    let from = lower.len();
                    lower.push_str(w);
                    if let Some(tail) = lower.get_mut(from..) {
                        tail.make_ascii_lowercase();
                    }
                } else {
                    for ch in w.chars() {
                        lower.extend(ch.to_lowercase());
                    }
                }
            }
            while si < starts.len() && starts[si] < i {
                si += 1;
            }
            let sent_start = si < starts.len() && starts[si] < end;
            match kind {
                Kind::Punct('"') => quoted = !quoted,
                Kind::Punct('“') => quoted = true,
                Kind::Punct('”') => quoted = false,
                _ => {}
            }
            toks.push(Tok {
                start: i,
                end,
                kind,
                lo: (lo_start, lower.len() as u32),
                sent_start,
                quoted,
            });
            i = end;
        }
        Self { text, toks, lower }
    }

    /// The lowercase form of token `i` ("" for punctuation).
    pub fn lo(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .and_then(|t| self.lower.get(t.lo.0 as usize..t.lo.1 as usize))
            .unwrap_or("")
    }

    /// The text of token `i`.
    pub fn s(&self, i: usize) -> &'a str {
        self.toks
            .get(i)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("")
    }

    /// Whether token `i` is a word.
    pub fn is_word(&self, i: usize) -> bool {
        matches!(
            self.toks.get(i),
            Some(Tok {
                kind: Kind::Word,
                ..
            })
        )
    }

    /// Whether token `i` is the punctuation `c`.
    pub fn is(&self, i: usize, c: char) -> bool {
        matches!(self.toks.get(i), Some(Tok { kind: Kind::Punct(p), .. }) if *p == c)
    }

    /// Whether token `i` is a word starting with an upper-case letter.
    pub fn is_cap(&self, i: usize) -> bool {
        self.is_word(i) && self.s(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether token `i` ends a clause: `.`, `!`, `?`, `;`, or a line break.
    pub fn is_stop(&self, i: usize) -> bool {
        match self.toks.get(i).map(|t| t.kind) {
            Some(Kind::Break) => true,
            Some(Kind::Punct(c)) => matches!(c, '.' | '!' | '?' | ';'),
            _ => false,
        }
    }
}

/// The end of a word that starts before `i`: letters and digits, joined by single inner
/// `-`, `'`, `’` or `.`; a final `.` is kept for abbreviations ("U.S.", "Mr.", "J.").
fn word_end(text: &str, mut j: usize) -> usize {
    let start_of_word = text
        .get(..j)
        .and_then(|s| s.char_indices().next_back())
        .map_or(0, |(k, _)| k);
    let mut inner_dot = false;
    let bytes = text.as_bytes();
    loop {
        // ASCII letters and digits, most of a word, without decoding.
        while bytes.get(j).is_some_and(u8::is_ascii_alphanumeric) {
            j += 1;
        }
        let Some(c) = text.get(j..).and_then(|s| s.chars().next()) else {
            break;
        };
        if c.is_alphanumeric() {
            j += c.len_utf8();
            continue;
        }
        if matches!(c, '-' | '\'' | '’' | '.') {
            let k = j + c.len_utf8();
            if text
                .get(k..)
                .and_then(|s| s.chars().next())
                .is_some_and(char::is_alphanumeric)
            {
                inner_dot |= c == '.';
                j = k;
                continue;
            }
        }
        break;
    }
    if text.get(j..).is_some_and(|s| s.starts_with('.')) {
        let word = text.get(start_of_word..j).unwrap_or("");
        let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
        let listed = word.len() <= 5
            && LEXICON
                .honorifics
                .iter()
                .any(|h| h.strip_suffix('.') == Some(word));
        if inner_dot || initial || listed {
            j += 1;
        }
    }
    j
}
