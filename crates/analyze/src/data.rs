//! Reading the phrase lists under `data/`: one entry per line, `#` starts a comment.

/// The entries of a data file: each line with any `#` comment removed, trimmed, empty lines
/// skipped.
pub(crate) fn entries(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
}

#[cfg(test)]
mod tests {
    #[test]
    fn comments_and_blank_lines_are_skipped() {
        let got: Vec<_> = super::entries("# head\n\n  said  \nclaimed # a verb\n#\n").collect();
        assert_eq!(got, ["said", "claimed"]);
    }
}
