//! The schema, as an ordered list of migrations.
//!
//! Hand-written rather than `rusqlite_migration`: no released version of that crate resolves
//! with rusqlite 0.41 (2.6 requires rusqlite 0.40), and what we need is small. The scheme is
//! the usual one: `PRAGMA user_version` holds the number of migrations applied; each pending
//! migration runs in its own transaction together with the bump of `user_version`, so a crash
//! leaves the file at a whole version. A file whose version is newer than [`MIGRATIONS`] knows
//! is refused ([`StoreError::SchemaTooNew`]) rather than used or downgraded.
//!
//! Rules for adding a migration: append, never edit or reorder a released one.

use crate::{Result, StoreError};
use rusqlite::Connection;

/// One schema step. Its version is its 1-based position in [`MIGRATIONS`].
pub(crate) struct Migration {
    /// What it does, for error messages and reviewers.
    pub(crate) name: &'static str,
    /// SQL run with `execute_batch` inside the migration's transaction.
    pub(crate) sql: &'static str,
}

/// Every migration, oldest first.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "articles, sightings, full-text index, ingest runs",
        sql: V1_SCHEMA,
    },
    Migration {
        name: "per-article analyses",
        sql: V2_ANALYSES,
    },
    Migration {
        name: "per-article check findings",
        sql: V3_CHECKS,
    },
    Migration {
        name: "signatures, relations, stories",
        sql: V4_LINKS,
    },
    Migration {
        name: "signal and finding kinds indexed per article",
        sql: V5_KIND_INDEX,
    },
    Migration {
        name: "full-text index moved out of SQLite; change log for it",
        sql: V6_SEARCH_LOG,
    },
    Migration {
        name: "per-article tables keyed by article number; unused indexes dropped",
        sql: V7_ARTICLE_NUMBERS,
    },
    Migration {
        name: "signal and finding kinds written with their rows, not by triggers",
        sql: V8_KINDS_WRITTEN,
    },
    Migration {
        name: "new articles logged for the search index by their insert, not by a trigger",
        sql: V9_SEARCH_LOG_WRITTEN,
    },
];

/// The schema version this code writes.
pub(crate) fn latest_version() -> i64 {
    // The list is a handful of entries long; the cast cannot truncate.
    MIGRATIONS.len() as i64
}

/// Brings `conn` up to [`latest_version`], one transaction per step.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, latest_version())
}

/// Brings `conn` up to `target` (at most [`latest_version`]); tests use it to make a store of
/// an earlier version.
pub(crate) fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let known = latest_version();
    if found > known {
        return Err(StoreError::SchemaTooNew { found, known });
    }
    if found < 0 {
        return Err(StoreError::corrupt(
            "pragma.user_version",
            found.to_string(),
            "negative schema version",
        ));
    }
    let pending = MIGRATIONS
        .iter()
        .enumerate()
        .take(usize::try_from(target).unwrap_or(0))
        .skip(found as usize);
    for (index, migration) in pending {
        let version = index as i64 + 1;
        let failed = |source| StoreError::Migration {
            version,
            name: migration.name,
            source,
        };
        let tx = conn.transaction()?;
        tx.execute_batch(migration.sql).map_err(failed)?;
        // user_version lives in the database header, which is written under the same
        // transaction: the schema change and its version number commit together.
        tx.pragma_update(None, "user_version", version)
            .map_err(failed)?;
        tx.commit().map_err(failed)?;
    }
    Ok(())
}

/// Version 1.
///
/// Dates are three columns each (`x` ISO 8601 text as [`When`](newstrace_model::When) writes
/// it, `x_source` a [`DateSource`](newstrace_model::DateSource) name, `x_detail` the key or
/// line it came from), plus `x_ts` (Unix seconds) where the store sorts by it.
///
/// `articles.fts_rowid` exists because the full-text index is an external-content FTS5 table
/// keyed by an integer: the implicit rowid of a table with a TEXT primary key may be renumbered
/// by `VACUUM`, which would silently detach the index from its rows. An explicit, unique
/// integer column is stable.
const V1_SCHEMA: &str = r#"
CREATE TABLE articles (
    id                      TEXT PRIMARY KEY NOT NULL,
    fts_rowid               INTEGER NOT NULL UNIQUE,
    external_id             TEXT,
    title                   TEXT,
    byline                  TEXT,
    outlet                  TEXT,
    url                     TEXT,
    description             TEXT,
    text                    TEXT NOT NULL,
    lang_code               TEXT,
    lang_source             TEXT,
    lang_confidence         REAL,
    published               TEXT,
    published_source        TEXT,
    published_detail        TEXT,
    published_ts            INTEGER,
    updated                 TEXT,
    updated_source          TEXT,
    updated_detail          TEXT,
    first_seen              TEXT,
    first_seen_source       TEXT,
    first_seen_detail       TEXT,
    first_seen_ts           INTEGER,
    origin_path             TEXT NOT NULL,
    origin_format           TEXT NOT NULL,
    origin_record           INTEGER,
    origin_offset           INTEGER,
    representative_sighting TEXT NOT NULL,
    first_ingested_at       TEXT NOT NULL,
    sighting_count          INTEGER NOT NULL
) STRICT;

CREATE INDEX articles_external_id ON articles (external_id);
CREATE INDEX articles_url ON articles (url);
-- Serve `ORDER BY published_ts IS NULL, published_ts, id` (nulls last) straight from an index.
CREATE INDEX articles_published ON articles (published_ts IS NULL, published_ts, id);
CREATE INDEX articles_outlet_published
    ON articles (outlet, published_ts IS NULL, published_ts, id);
CREATE INDEX articles_first_ingested ON articles (first_ingested_at, id);

CREATE TABLE sightings (
    id                TEXT PRIMARY KEY NOT NULL,
    article_id        TEXT NOT NULL REFERENCES articles (id),
    origin_path       TEXT NOT NULL,
    origin_format     TEXT NOT NULL,
    origin_record     INTEGER,
    origin_offset     INTEGER,
    url               TEXT,
    outlet            TEXT,
    external_id       TEXT,
    title             TEXT,
    byline            TEXT,
    published         TEXT,
    published_source  TEXT,
    published_detail  TEXT,
    published_ts      INTEGER,
    updated           TEXT,
    updated_source    TEXT,
    updated_detail    TEXT,
    first_seen        TEXT,
    first_seen_source TEXT,
    first_seen_detail TEXT,
    first_seen_ts     INTEGER,
    -- See rows::order_key: how sightings are ranked to pick an article's representative.
    order_key         TEXT,
    ingested_at       TEXT NOT NULL
) STRICT;

CREATE INDEX sightings_article ON sightings (article_id, order_key IS NULL, order_key, id);
CREATE INDEX sightings_external_id ON sightings (external_id);
CREATE INDEX sightings_url ON sightings (url);
CREATE INDEX sightings_outlet ON sightings (outlet);

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title,
    text,
    content = 'articles',
    content_rowid = 'fts_rowid',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- The index follows `articles` by triggers, so no write path can forget it.
CREATE TRIGGER articles_fts_after_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.fts_rowid, new.title, new.text);
END;

CREATE TRIGGER articles_fts_after_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
        VALUES ('delete', old.fts_rowid, old.title, old.text);
END;

CREATE TRIGGER articles_fts_after_update AFTER UPDATE OF title, text, fts_rowid ON articles
WHEN old.title IS NOT new.title OR old.text IS NOT new.text OR old.fts_rowid IS NOT new.fts_rowid
BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
        VALUES ('delete', old.fts_rowid, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.fts_rowid, new.title, new.text);
END;

CREATE TABLE ingest_runs (
    id           INTEGER PRIMARY KEY,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    inputs       TEXT NOT NULL,
    read         INTEGER,
    new_articles INTEGER,
    seen_again   INTEGER,
    unchanged    INTEGER,
    failed       INTEGER
) STRICT;

CREATE TABLE ingest_errors (
    id      INTEGER PRIMARY KEY,
    run_id  INTEGER NOT NULL REFERENCES ingest_runs (id),
    path    TEXT NOT NULL,
    record  INTEGER,
    offset  INTEGER,
    kind    TEXT NOT NULL,
    message TEXT NOT NULL
) STRICT;

CREATE INDEX ingest_errors_run ON ingest_errors (run_id, id);
"#;

/// Version 2: one analysis per article, as JSON, with the analyser version that made it so a
/// newer analyser knows what to redo.
const V2_ANALYSES: &str = r#"
CREATE TABLE analyses (
    article_id TEXT PRIMARY KEY NOT NULL REFERENCES articles (id),
    version    INTEGER NOT NULL,
    analysis   TEXT NOT NULL,
    analyzed_at TEXT NOT NULL
) STRICT;

CREATE INDEX analyses_version ON analyses (version);
"#;

/// Version 3: the check findings of each article, with the key of the knowledge base and
/// checker that produced them (another knowledge base or checker redoes them).
const V3_CHECKS: &str = r#"
CREATE TABLE checks (
    article_id TEXT PRIMARY KEY NOT NULL REFERENCES articles (id),
    check_key  TEXT NOT NULL,
    findings   TEXT NOT NULL,
    checked_at TEXT NOT NULL
) STRICT;

CREATE INDEX checks_key ON checks (check_key);
"#;

/// Version 4: what linking keeps so that adding articles never recomputes the corpus: each
/// article's signature and anchors, the relations found, and stories with stable ids (a merge
/// is recorded in `story_events`, never a silent renumbering).
const V4_LINKS: &str = r#"
CREATE TABLE signatures (
    article_id TEXT PRIMARY KEY NOT NULL REFERENCES articles (id),
    seq        INTEGER NOT NULL UNIQUE,
    version    INTEGER NOT NULL,
    minhash    BLOB NOT NULL,
    anchors    TEXT NOT NULL
) STRICT;

CREATE TABLE relations (
    source   TEXT NOT NULL REFERENCES articles (id),
    derived  TEXT NOT NULL REFERENCES articles (id),
    kind     TEXT NOT NULL,
    score    REAL NOT NULL,
    directed INTEGER NOT NULL,
    relation TEXT NOT NULL,
    PRIMARY KEY (source, derived)
) STRICT;

CREATE INDEX relations_derived ON relations (derived);

CREATE TABLE stories (
    id         INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    merged_into INTEGER REFERENCES stories (id)
) STRICT;

CREATE TABLE story_members (
    article_id TEXT PRIMARY KEY NOT NULL REFERENCES articles (id),
    story_id   INTEGER NOT NULL REFERENCES stories (id)
) STRICT;

CREATE INDEX story_members_story ON story_members (story_id);

CREATE TABLE story_events (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL,
    story_id INTEGER NOT NULL,
    other_id INTEGER,
    at       TEXT NOT NULL
) STRICT;
"#;

/// Version 5: which signal and finding kinds each article has, so that filtering by a kind
/// reads an index instead of parsing every stored analysis and finding list.
///
/// Triggers keep both tables in step with `analyses` and `checks` on every insert, replace
/// (an upsert fires the update trigger) and delete, as the full-text index follows `articles`:
/// no write path can forget them. The migration fills them from the rows already stored.
/// The key is `(kind, fts_rowid)` because filters ask "which articles have this kind": a text
/// query tests its matches against that range of full-text rowids without reading a single
/// article row, and `article_id` rides along in the key's rows for the other filters. An
/// article's `fts_rowid` never changes (see version 1). The second index serves the
/// per-article deletes of the triggers.
const V5_KIND_INDEX: &str = r#"
CREATE TABLE article_signals (
    signal     TEXT NOT NULL,
    fts_rowid  INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id),
    PRIMARY KEY (signal, fts_rowid)
) STRICT, WITHOUT ROWID;

CREATE INDEX article_signals_article ON article_signals (article_id);

CREATE TABLE article_findings (
    kind       TEXT NOT NULL,
    fts_rowid  INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id),
    PRIMARY KEY (kind, fts_rowid)
) STRICT, WITHOUT ROWID;

CREATE INDEX article_findings_article ON article_findings (article_id);

CREATE TRIGGER analyses_signals_after_insert AFTER INSERT ON analyses BEGIN
    INSERT OR IGNORE INTO article_signals (signal, fts_rowid, article_id)
        SELECT json_extract(s.value, '$.kind'), a.fts_rowid, a.id
        FROM articles a, json_each(new.analysis, '$.signals') s
        WHERE a.id = new.article_id AND json_extract(s.value, '$.kind') IS NOT NULL;
END;

CREATE TRIGGER analyses_signals_after_update AFTER UPDATE OF article_id, analysis ON analyses
BEGIN
    DELETE FROM article_signals WHERE article_id = old.article_id;
    INSERT OR IGNORE INTO article_signals (signal, fts_rowid, article_id)
        SELECT json_extract(s.value, '$.kind'), a.fts_rowid, a.id
        FROM articles a, json_each(new.analysis, '$.signals') s
        WHERE a.id = new.article_id AND json_extract(s.value, '$.kind') IS NOT NULL;
END;

CREATE TRIGGER analyses_signals_after_delete AFTER DELETE ON analyses BEGIN
    DELETE FROM article_signals WHERE article_id = old.article_id;
END;

CREATE TRIGGER checks_findings_after_insert AFTER INSERT ON checks BEGIN
    INSERT OR IGNORE INTO article_findings (kind, fts_rowid, article_id)
        SELECT json_extract(f.value, '$.kind'), a.fts_rowid, a.id
        FROM articles a, json_each(new.findings) f
        WHERE a.id = new.article_id AND json_extract(f.value, '$.kind') IS NOT NULL;
END;

CREATE TRIGGER checks_findings_after_update AFTER UPDATE OF article_id, findings ON checks
BEGIN
    DELETE FROM article_findings WHERE article_id = old.article_id;
    INSERT OR IGNORE INTO article_findings (kind, fts_rowid, article_id)
        SELECT json_extract(f.value, '$.kind'), a.fts_rowid, a.id
        FROM articles a, json_each(new.findings) f
        WHERE a.id = new.article_id AND json_extract(f.value, '$.kind') IS NOT NULL;
END;

CREATE TRIGGER checks_findings_after_delete AFTER DELETE ON checks BEGIN
    DELETE FROM article_findings WHERE article_id = old.article_id;
END;

INSERT OR IGNORE INTO article_signals (signal, fts_rowid, article_id)
    SELECT json_extract(s.value, '$.kind'), a.fts_rowid, a.id
    FROM analyses n JOIN articles a ON a.id = n.article_id, json_each(n.analysis, '$.signals') s
    WHERE json_extract(s.value, '$.kind') IS NOT NULL;

INSERT OR IGNORE INTO article_findings (kind, fts_rowid, article_id)
    SELECT json_extract(f.value, '$.kind'), a.fts_rowid, a.id
    FROM checks c JOIN articles a ON a.id = c.article_id, json_each(c.findings) f
    WHERE json_extract(f.value, '$.kind') IS NOT NULL;
"#;

/// Version 6: the full-text index leaves SQLite for a tantivy index beside the store
/// (`search::index`), derived data that a change log keeps in step.
///
/// FTS5 computed BM25 for every match of a query, so a common word cost milliseconds
/// whatever the limit; a top-k index answers in well under one. The store stays the record:
/// every insert, delete and change of an article's title or text appends its `fts_rowid` to
/// `search_log` (the same conditions the FTS5 triggers had), and the index records in its
/// commit the last `seq` it holds. `AUTOINCREMENT` keeps `seq` growing after writers prune
/// the log, so a pruned log never hands out a number the index already holds. The migration
/// logs every stored article, so the first sync indexes them all. `search_meta.token` names
/// this store, so an index left beside a replaced store file is rebuilt, not trusted.
const V6_SEARCH_LOG: &str = r#"
DROP TRIGGER articles_fts_after_insert;
DROP TRIGGER articles_fts_after_delete;
DROP TRIGGER articles_fts_after_update;
DROP TABLE articles_fts;

CREATE TABLE search_log (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    fts_rowid INTEGER NOT NULL
) STRICT;

CREATE TABLE search_meta (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    token TEXT NOT NULL
) STRICT;

INSERT INTO search_meta (id, token) VALUES (1, lower(hex(randomblob(16))));

CREATE TRIGGER search_log_after_insert AFTER INSERT ON articles BEGIN
    INSERT INTO search_log (fts_rowid) VALUES (new.fts_rowid);
END;

CREATE TRIGGER search_log_after_delete AFTER DELETE ON articles BEGIN
    INSERT INTO search_log (fts_rowid) VALUES (old.fts_rowid);
END;

CREATE TRIGGER search_log_after_update AFTER UPDATE OF title, text, fts_rowid ON articles
WHEN old.title IS NOT new.title OR old.text IS NOT new.text OR old.fts_rowid IS NOT new.fts_rowid
BEGIN
    INSERT INTO search_log (fts_rowid) VALUES (old.fts_rowid);
    INSERT INTO search_log (fts_rowid) SELECT new.fts_rowid WHERE new.fts_rowid IS NOT old.fts_rowid;
END;

INSERT INTO search_log (fts_rowid) SELECT fts_rowid FROM articles ORDER BY fts_rowid;
"#;

/// Version 7: the per-article tables are keyed by the article's number (`articles.fts_rowid`,
/// stable and increasing in the order articles are stored) instead of its content id.
///
/// Why: a content id is a hash, so each new article's rows landed at random places in one
/// index per table, and every batch dirtied a page of each such index per article, which the
/// log carried and the checkpoint copied back. At 1,000,000 generated articles that was most
/// of the 75 GB written for a 9.7 GB file and most of the writer's time. Keyed by number, the
/// rows of a batch's articles append. The content id stays in each row for the readers, with
/// no index of its own; lookups by content id go through `articles` first.
///
/// - `analyses`, `checks`, `signatures`, `story_members`: `article_no` is the row key.
/// - `relations`: keyed by the pair `(later_no, earlier_no)` (a pair holds one relation
///   whatever its direction; the later article is the one being linked, so keys append),
///   with an index on `earlier_no` for the relations of an article.
/// - `sightings`: `article_no` leads the index that lists an article's sightings.
/// - The kind tables' per-article index is on `fts_rowid`, their triggers follow.
/// - `articles_url`, `sightings_url` and `articles_external_id` are dropped: nothing looks
///   an article up by URL, and lookups by external id go through `sightings_external_id`.
const V7_ARTICLE_NUMBERS: &str = r#"
DROP INDEX articles_url;
DROP INDEX sightings_url;
DROP INDEX articles_external_id;

ALTER TABLE sightings ADD COLUMN article_no INTEGER NOT NULL DEFAULT 0;
UPDATE sightings SET article_no = (SELECT a.fts_rowid FROM articles a WHERE a.id = sightings.article_id);
DROP INDEX sightings_article;
CREATE INDEX sightings_article ON sightings (article_no, order_key IS NULL, order_key, id);

CREATE TABLE analyses_v7 (
    article_no  INTEGER PRIMARY KEY REFERENCES articles (fts_rowid),
    article_id  TEXT NOT NULL,
    version     INTEGER NOT NULL,
    analysis    TEXT NOT NULL,
    analyzed_at TEXT NOT NULL
) STRICT;
INSERT INTO analyses_v7 (article_no, article_id, version, analysis, analyzed_at)
    SELECT a.fts_rowid, n.article_id, n.version, n.analysis, n.analyzed_at
    FROM analyses n JOIN articles a ON a.id = n.article_id ORDER BY a.fts_rowid;
DROP TABLE analyses;
ALTER TABLE analyses_v7 RENAME TO analyses;
CREATE INDEX analyses_version ON analyses (version);

CREATE TABLE checks_v7 (
    article_no INTEGER PRIMARY KEY REFERENCES articles (fts_rowid),
    article_id TEXT NOT NULL,
    check_key  TEXT NOT NULL,
    findings   TEXT NOT NULL,
    checked_at TEXT NOT NULL
) STRICT;
INSERT INTO checks_v7 (article_no, article_id, check_key, findings, checked_at)
    SELECT a.fts_rowid, c.article_id, c.check_key, c.findings, c.checked_at
    FROM checks c JOIN articles a ON a.id = c.article_id ORDER BY a.fts_rowid;
DROP TABLE checks;
ALTER TABLE checks_v7 RENAME TO checks;
CREATE INDEX checks_key ON checks (check_key);

DROP INDEX article_signals_article;
CREATE INDEX article_signals_article ON article_signals (fts_rowid);
DROP INDEX article_findings_article;
CREATE INDEX article_findings_article ON article_findings (fts_rowid);

CREATE TRIGGER analyses_signals_after_insert AFTER INSERT ON analyses BEGIN
    INSERT OR IGNORE INTO article_signals (signal, fts_rowid, article_id)
        SELECT json_extract(s.value, '$.kind'), new.article_no, new.article_id
        FROM json_each(new.analysis, '$.signals') s
        WHERE json_extract(s.value, '$.kind') IS NOT NULL;
END;

CREATE TRIGGER analyses_signals_after_update AFTER UPDATE OF article_no, analysis ON analyses
BEGIN
    DELETE FROM article_signals WHERE fts_rowid = old.article_no;
    INSERT OR IGNORE INTO article_signals (signal, fts_rowid, article_id)
        SELECT json_extract(s.value, '$.kind'), new.article_no, new.article_id
        FROM json_each(new.analysis, '$.signals') s
        WHERE json_extract(s.value, '$.kind') IS NOT NULL;
END;

CREATE TRIGGER analyses_signals_after_delete AFTER DELETE ON analyses BEGIN
    DELETE FROM article_signals WHERE fts_rowid = old.article_no;
END;

CREATE TRIGGER checks_findings_after_insert AFTER INSERT ON checks BEGIN
    INSERT OR IGNORE INTO article_findings (kind, fts_rowid, article_id)
        SELECT json_extract(f.value, '$.kind'), new.article_no, new.article_id
        FROM json_each(new.findings) f
        WHERE json_extract(f.value, '$.kind') IS NOT NULL;
END;

CREATE TRIGGER checks_findings_after_update AFTER UPDATE OF article_no, findings ON checks
BEGIN
    DELETE FROM article_findings WHERE fts_rowid = old.article_no;
    INSERT OR IGNORE INTO article_findings (kind, fts_rowid, article_id)
        SELECT json_extract(f.value, '$.kind'), new.article_no, new.article_id
        FROM json_each(new.findings) f
        WHERE json_extract(f.value, '$.kind') IS NOT NULL;
END;

CREATE TRIGGER checks_findings_after_delete AFTER DELETE ON checks BEGIN
    DELETE FROM article_findings WHERE fts_rowid = old.article_no;
END;

CREATE TABLE signatures_v7 (
    article_no INTEGER PRIMARY KEY REFERENCES articles (fts_rowid),
    article_id TEXT NOT NULL,
    seq        INTEGER NOT NULL UNIQUE,
    version    INTEGER NOT NULL,
    minhash    BLOB NOT NULL,
    anchors    TEXT NOT NULL
) STRICT;
INSERT INTO signatures_v7 (article_no, article_id, seq, version, minhash, anchors)
    SELECT a.fts_rowid, s.article_id, s.seq, s.version, s.minhash, s.anchors
    FROM signatures s JOIN articles a ON a.id = s.article_id ORDER BY a.fts_rowid;
DROP TABLE signatures;
ALTER TABLE signatures_v7 RENAME TO signatures;

CREATE TABLE relations_v7 (
    later_no   INTEGER NOT NULL REFERENCES articles (fts_rowid),
    earlier_no INTEGER NOT NULL REFERENCES articles (fts_rowid),
    source     TEXT NOT NULL,
    derived    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    score      REAL NOT NULL,
    directed   INTEGER NOT NULL,
    relation   TEXT NOT NULL,
    PRIMARY KEY (later_no, earlier_no)
) STRICT;
INSERT OR REPLACE INTO relations_v7
    (later_no, earlier_no, source, derived, kind, score, directed, relation)
    SELECT max(s.fts_rowid, d.fts_rowid), min(s.fts_rowid, d.fts_rowid),
           r.source, r.derived, r.kind, r.score, r.directed, r.relation
    FROM relations r JOIN articles s ON s.id = r.source JOIN articles d ON d.id = r.derived
    ORDER BY 1, 2;
DROP TABLE relations;
ALTER TABLE relations_v7 RENAME TO relations;
CREATE INDEX relations_earlier ON relations (earlier_no);

CREATE TABLE story_members_v7 (
    article_no INTEGER PRIMARY KEY REFERENCES articles (fts_rowid),
    article_id TEXT NOT NULL,
    story_id   INTEGER NOT NULL REFERENCES stories (id)
) STRICT;
INSERT INTO story_members_v7 (article_no, article_id, story_id)
    SELECT a.fts_rowid, m.article_id, m.story_id
    FROM story_members m JOIN articles a ON a.id = m.article_id ORDER BY a.fts_rowid;
DROP TABLE story_members;
ALTER TABLE story_members_v7 RENAME TO story_members;
CREATE INDEX story_members_story ON story_members (story_id);
"#;

/// The triggers that filled the kind tables on insert and update parsed each stored JSON
/// (an analysis is about 5 KB) and made every such insert open a statement journal: about
/// a tenth of the writer's time in a bulk ingest. The writes that store analyses and
/// findings now write their kinds themselves (see `Store::save_encoded_analyses` and
/// `Store::save_findings`); the delete triggers stay.
const V8_KINDS_WRITTEN: &str = r#"
DROP TRIGGER analyses_signals_after_insert;
DROP TRIGGER analyses_signals_after_update;
DROP TRIGGER checks_findings_after_insert;
DROP TRIGGER checks_findings_after_update;
"#;

/// Version 9: the store's insert of an article writes its `search_log` row itself. The
/// trigger that did made SQLite keep a statement journal for every article inserted (a
/// trigger may write many rows, so SQLite must be able to undo the statement alone), which
/// copied each of the pages the insert touched. Deletes and changes of title or text, rare,
/// stay logged by their triggers.
const V9_SEARCH_LOG_WRITTEN: &str = r#"
DROP TRIGGER search_log_after_insert;
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_database_reaches_the_latest_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, latest_version());
    }

    #[test]
    fn migrating_twice_is_a_no_op() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", latest_version() + 1)
            .unwrap();
        match migrate(&mut conn) {
            Err(StoreError::SchemaTooNew { found, known }) => {
                assert_eq!(found, latest_version() + 1);
                assert_eq!(known, latest_version());
            }
            other => panic!("expected SchemaTooNew, got {other:?}"),
        }
    }

    /// A store made at version 4 with analyses and findings, as it was before the kind index.
    fn version_4_store() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 4).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 4);
        conn.execute_batch(
            r#"
            INSERT INTO articles (id, fts_rowid, text, origin_path, origin_format,
                                  representative_sighting, first_ingested_at, sighting_count)
                VALUES ('a', 1, 'x', 'p', 'json', 's', 'now', 1),
                       ('b', 2, 'y', 'p', 'json', 's', 'now', 1),
                       ('c', 3, 'z', 'p', 'json', 's', 'now', 1),
                       ('d', 4, 'w', 'p', 'json', 's', 'now', 1);
            INSERT INTO analyses VALUES
                ('a', 1, '{"entities":[{"kind":"person"}],"signals":[{"kind":"ai-byline"},{"kind":"filler-density"}]}', 'now'),
                ('b', 1, '{"signals":[{"kind":"ai-byline"},{"kind":"ai-byline"}]}', 'now'),
                ('c', 1, '{"entities":[{"kind":"place"}],"signals":[]}', 'now');
            INSERT INTO checks VALUES
                ('a', 'k', '[{"kind":"event-date"},{"kind":"role-term"}]', 'now'),
                ('c', 'k', '[]', 'now');
            "#,
        )
        .unwrap();
        conn
    }

    fn pairs(conn: &Connection, sql: &str) -> Vec<(String, String)> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    fn signals(conn: &Connection) -> Vec<(String, String)> {
        pairs(
            conn,
            "SELECT signal, article_id FROM article_signals ORDER BY 1, 2",
        )
    }

    fn findings(conn: &Connection) -> Vec<(String, String)> {
        pairs(
            conn,
            "SELECT kind, article_id FROM article_findings ORDER BY 1, 2",
        )
    }

    fn owned(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn the_kind_index_is_filled_from_a_version_4_store() {
        let mut conn = version_4_store();
        migrate(&mut conn).unwrap();
        assert_eq!(
            signals(&conn),
            owned(&[
                ("ai-byline", "a"),
                ("ai-byline", "b"),
                ("filler-density", "a")
            ])
        );
        assert_eq!(
            findings(&conn),
            owned(&[("event-date", "a"), ("role-term", "a")])
        );
    }

    #[test]
    fn up_to_version_7_triggers_keep_the_kind_index_in_step() {
        let mut conn = version_4_store();
        migrate_to(&mut conn, 7).unwrap();
        conn.execute_batch(
            r#"
            INSERT INTO analyses VALUES (4, 'd', 1, '{"signals":[{"kind":"llm-leftover"}]}', 'now');
            INSERT INTO analyses VALUES (1, 'a', 2, '{"signals":[{"kind":"slug-residue"}]}', 'now')
                ON CONFLICT (article_no) DO UPDATE SET analysis = excluded.analysis;
            DELETE FROM analyses WHERE article_id = 'b';
            INSERT INTO checks VALUES (3, 'c', 'k2', '[{"kind":"internal-date"}]', 'now')
                ON CONFLICT (article_no) DO UPDATE SET findings = excluded.findings;
            UPDATE checks SET findings = '[]' WHERE article_id = 'a';
            "#,
        )
        .unwrap();
        assert_eq!(
            signals(&conn),
            owned(&[("llm-leftover", "d"), ("slug-residue", "a")])
        );
        assert_eq!(findings(&conn), owned(&[("internal-date", "c")]));
        conn.execute_batch("DELETE FROM checks").unwrap();
        assert!(findings(&conn).is_empty());
    }

    #[test]
    fn version_8_keeps_the_kinds_and_leaves_inserts_to_the_writes() {
        let mut conn = version_4_store();
        migrate_to(&mut conn, 7).unwrap();
        let before = (signals(&conn), findings(&conn));
        migrate(&mut conn).unwrap();
        assert_eq!((signals(&conn), findings(&conn)), before);
        // Inserts no longer parse the JSON (the store's writes add the kinds themselves)...
        conn.execute_batch(
            r#"INSERT INTO analyses VALUES (4, 'd', 1, '{"signals":[{"kind":"llm-leftover"}]}', 'now');"#,
        )
        .unwrap();
        assert_eq!(signals(&conn), before.0);
        // ...while deleting a row still removes its kinds.
        conn.execute_batch("DELETE FROM analyses WHERE article_id = 'a'; DELETE FROM checks;")
            .unwrap();
        assert_eq!(signals(&conn), owned(&[("ai-byline", "b")]));
        assert!(findings(&conn).is_empty());
    }

    #[test]
    fn version_9_leaves_logging_new_articles_to_the_insert() {
        let mut conn = version_4_store();
        migrate(&mut conn).unwrap();
        let logged = |conn: &Connection| {
            rows(
                conn,
                "SELECT CAST(fts_rowid AS TEXT) FROM search_log ORDER BY seq",
            )
        };
        let before = logged(&conn);
        assert_eq!(before, ["1", "2", "3", "4"]);
        // A row inserted behind the store's back is no longer logged by a trigger...
        conn.execute_batch(
            "INSERT INTO articles (id, fts_rowid, text, origin_path, origin_format,
                                   representative_sighting, first_ingested_at, sighting_count)
                 VALUES ('e', 5, 'v', 'p', 'json', 's', 'now', 1);",
        )
        .unwrap();
        assert_eq!(logged(&conn), before);
        // ...while deletes and changes of the text still are.
        conn.execute_batch(
            "UPDATE articles SET text = 'changed' WHERE id = 'b';
             DELETE FROM articles WHERE id = 'e';",
        )
        .unwrap();
        assert_eq!(logged(&conn), ["1", "2", "3", "4", "2", "5"]);
    }

    /// Rows of `sql` as text, for comparing tables.
    fn rows(conn: &Connection, sql: &str) -> Vec<String> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn version_7_keys_every_per_article_row_by_the_article_number() {
        let mut conn = version_4_store();
        migrate_to(&mut conn, 6).unwrap();
        conn.execute_batch(
            r#"
            INSERT INTO sightings (id, article_id, origin_path, origin_format, ingested_at)
                VALUES ('s1', 'c', 'p', 'json', 'now'), ('s2', 'c', 'p', 'json', 'now'),
                       ('s3', 'a', 'p', 'json', 'now');
            INSERT INTO signatures VALUES ('b', 0, 1, x'00', '[]'), ('d', 1, 1, x'01', '[]');
            INSERT INTO relations VALUES ('d', 'a', 'rewrite', 0.5, 1, '{"r":1}'),
                                         ('b', 'c', 'relay', 0.7, 1, '{"r":2}');
            INSERT INTO stories (id, created_at) VALUES (7, 'now');
            INSERT INTO story_members VALUES ('a', 7), ('d', 7);
            "#,
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(
            rows(
                &conn,
                "SELECT id || ':' || article_no FROM sightings ORDER BY id"
            ),
            ["s1:3", "s2:3", "s3:1"]
        );
        assert_eq!(
            rows(
                &conn,
                "SELECT article_no || ':' || article_id || ':' || version FROM analyses"
            ),
            ["1:a:1", "2:b:1", "3:c:1"]
        );
        assert_eq!(
            rows(&conn, "SELECT article_no || ':' || check_key FROM checks"),
            ["1:k", "3:k"]
        );
        assert_eq!(
            rows(&conn, "SELECT article_no || ':' || seq FROM signatures"),
            ["2:0", "4:1"]
        );
        // The pair's key is (later, earlier), whatever the direction.
        assert_eq!(
            rows(
                &conn,
                "SELECT later_no || '>' || earlier_no || ' ' || source || '->' || derived
                 FROM relations ORDER BY later_no, earlier_no"
            ),
            ["3>2 b->c", "4>1 d->a"]
        );
        assert_eq!(
            rows(
                &conn,
                "SELECT article_no || ':' || story_id FROM story_members"
            ),
            ["1:7", "4:7"]
        );
        // The kind index carried over, and its triggers follow the new keys.
        assert_eq!(
            signals(&conn),
            owned(&[
                ("ai-byline", "a"),
                ("ai-byline", "b"),
                ("filler-density", "a")
            ])
        );
        conn.execute_batch("DELETE FROM analyses WHERE article_no = 1")
            .unwrap();
        assert_eq!(signals(&conn), owned(&[("ai-byline", "b")]));
        // No index on the per-article tables is keyed by a content id any more.
        let by_content_id = rows(
            &conn,
            "SELECT m.name || '.' || i.name FROM sqlite_master m, pragma_index_list(m.name) l,
                    pragma_index_info(l.name) i
             WHERE m.type = 'table' AND m.name != 'articles' AND i.name = 'article_id'",
        );
        assert!(by_content_id.is_empty(), "{by_content_id:?}");
        let fk: Vec<String> = rows(&conn, "SELECT count(*) || '' FROM pragma_foreign_key_check");
        assert_eq!(fk, ["0"]);
    }

    #[test]
    fn version_6_drops_fts5_and_logs_every_article() {
        let mut conn = version_4_store();
        migrate_to(&mut conn, 5).unwrap();
        migrate(&mut conn).unwrap();
        let fts: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name LIKE 'articles_fts%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(fts, 0);
        let logged = pairs(
            &conn,
            "SELECT CAST(seq AS TEXT), CAST(fts_rowid AS TEXT) FROM search_log ORDER BY seq",
        );
        assert_eq!(
            logged,
            owned(&[("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")])
        );
        // Changes of the title or text are logged; other columns are not.
        conn.execute_batch(
            "UPDATE articles SET text = 'changed' WHERE id = 'b';
             UPDATE articles SET outlet = 'o' WHERE id = 'c';
             DELETE FROM search_log;
             DELETE FROM articles WHERE id = 'd';",
        )
        .unwrap();
        let next: Vec<i64> = conn
            .prepare("SELECT seq FROM search_log ORDER BY seq")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        // Numbering goes on after the log was emptied.
        assert_eq!(next, vec![6]);
    }
}
