//! One test per reader, and the bad inputs every reader must survive. Fixtures are written
//! inline into temporary directories (all text here is invented for the tests).

use flate2::Compression;
use flate2::write::GzEncoder;
use newstrace_ingest::input::{InputRef, discover};
use newstrace_ingest::readers::read_input;
use newstrace_ingest::{
    Body, ErrorKind, Event, Limits, PipelineOptions, RawDoc, RecordError, extract, pipeline,
};
use newstrace_model::{Article, DateSource, InputFormat};
use std::io::Write;
use std::path::{Path, PathBuf};

const PARA: &str = "The harbour authority of Westmere said on Thursday that the old swing \
                    bridge would stay closed for another month while engineers replace its rusted gears.";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// Every record of one file, raw.
fn raw(path: &Path, limits: &Limits) -> (Option<InputFormat>, Vec<Result<RawDoc, RecordError>>) {
    let mut out = Vec::new();
    let f = read_input(&InputRef::File(path.to_path_buf()), limits, &mut |r| {
        out.push(r)
    });
    (f, out)
}

/// Articles and failures through the whole pipeline.
fn run(paths: &[PathBuf], options: &PipelineOptions) -> (Vec<Article>, Vec<RecordError>) {
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    pipeline::run(paths, options, &mut |e| match e {
        Event::Article(a) => articles.push(*a),
        Event::Failed(e) => errors.push(e),
        _ => {}
    });
    (articles, errors)
}

fn errors_of(records: &[Result<RawDoc, RecordError>]) -> Vec<&RecordError> {
    records.iter().filter_map(|r| r.as_ref().err()).collect()
}

#[test]
fn text_file_yields_headline_date_byline_and_body() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "story.txt",
        format!(
            "Westmere Bridge Stays Shut\n\nBy Ana Lindqvist\nPublished: March 3, 2026\n\n{PARA}\n"
        )
        .as_bytes(),
    );
    let (articles, errors) = run(&[p], &PipelineOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    let a = &articles[0];
    assert_eq!(a.title.as_deref(), Some("Westmere Bridge Stays Shut"));
    assert_eq!(a.byline.as_deref(), Some("Ana Lindqvist"));
    let d = a.published.as_ref().unwrap();
    assert_eq!(d.value.to_string(), "2026-03-03");
    assert_eq!(d.source, DateSource::TextLine);
    assert_eq!(a.text, PARA);
    assert_eq!(a.origin.format, InputFormat::Text);
}

#[test]
fn html_file_is_one_page() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "page.htm",
        format!("<html><body><p>{PARA}</p></body></html>").as_bytes(),
    );
    let (format, records) = raw(&p, &Limits::default());
    assert_eq!(format, Some(InputFormat::Html));
    assert_eq!(records.len(), 1);
    let doc = records[0].as_ref().unwrap();
    assert!(
        matches!(&doc.body, Body::Page { bytes, charset: None } if bytes.starts_with(b"<html>"))
    );
    assert_eq!(doc.origin.record, None);
}

#[test]
fn html_without_content_is_no_content() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "nav.html",
        b"<html><body><nav>Home</nav></body></html>",
    );
    let (_, records) = raw(&p, &Limits::default());
    let doc = records.into_iter().next().unwrap().unwrap();
    let err = extract::extract(doc).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NoContent);
}

#[test]
fn json_array_in_both_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let json = serde_json::json!([
        {
            "title": "Gears Ordered From Abroad",
            "maintext": PARA,
            "date_publish": "2026-03-03 08:15:00",
            "date_download": "2026-03-04T10:00:00Z",
            "url": "https://www.westmere-gazette.example/bridge",
            "source_domain": "westmere-gazette.example",
            "authors": ["Ana Lindqvist", "Tom Okafor"],
            "language": "en",
            "filename": "ignored.json"
        },
        {
            "id": 17,
            "title": "Markup Body",
            "body": format!("<p>{PARA}</p><p>Second paragraph of the invented story.</p>"),
            "outlet": "Coast Radio",
            "published": "March 5, 2026",
            "updated": "2026-03-06T09:00:00+01:00",
            "byline": "Desk"
        },
        { "id": "x-3", "title": "No text here" }
    ]);
    let p = write(dir.path(), "batch.json", json.to_string().as_bytes());
    let (records_format, records) = raw(&p, &Limits::default());
    assert_eq!(records_format, Some(InputFormat::Json));
    assert_eq!(records.len(), 3);
    let first = records[0].as_ref().unwrap();
    assert_eq!(
        first.meta.byline.as_deref(),
        Some("Ana Lindqvist, Tom Okafor")
    );
    assert_eq!(
        first.meta.outlet.as_deref(),
        Some("westmere-gazette.example")
    );
    let publ = first.meta.published.as_ref().unwrap();
    assert_eq!(publ.value.to_string(), "2026-03-03T08:15:00Z");
    assert_eq!(publ.source, DateSource::JsonField);
    assert_eq!(publ.detail.as_deref(), Some("date_publish"));
    assert_eq!(
        first.meta.first_seen.as_ref().unwrap().source,
        DateSource::Crawl
    );
    assert!(matches!(first.body, Body::Text(_)));
    let second = records[1].as_ref().unwrap();
    assert_eq!(second.meta.external_id.as_deref(), Some("17"));
    assert!(matches!(second.body, Body::Fragment(_)));
    assert_eq!(
        second.meta.published.as_ref().unwrap().value.to_string(),
        "2026-03-05"
    );
    assert_eq!(second.origin.record, Some(2));
    let third = records[2].as_ref().unwrap_err();
    assert_eq!(third.kind, ErrorKind::NoContent);
    assert_eq!(third.origin.record, Some(3));

    // Through extraction the fragment becomes paragraphs.
    let (articles, _) = run(&[p], &PipelineOptions::default());
    assert_eq!(articles.len(), 2);
    assert!(articles[1].text.contains("gears.\n\nSecond paragraph"));
}

#[test]
fn json_wrapper_object_and_single_object() {
    let dir = tempfile::tempdir().unwrap();
    let wrapped =
        serde_json::json!({ "status": "ok", "articles": [{ "text": PARA }, { "content": PARA }] });
    let p = write(dir.path(), "w.json", wrapped.to_string().as_bytes());
    let (_, records) = raw(&p, &Limits::default());
    assert_eq!(records.iter().filter(|r| r.is_ok()).count(), 2);
    let single = serde_json::json!({ "text": PARA, "title": "One" });
    let p = write(dir.path(), "one.json", single.to_string().as_bytes());
    let (_, records) = raw(&p, &Limits::default());
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].as_ref().unwrap().origin.record, None);
}

#[test]
fn jsonl_malformed_and_overlong_lines_are_reported_and_passed() {
    let dir = tempfile::tempdir().unwrap();
    let good = |t: &str| serde_json::json!({ "title": t, "text": PARA }).to_string();
    let long = serde_json::json!({ "text": "x".repeat(5_000) }).to_string();
    let body = format!(
        "{}\n\n{{\"title\": broken\n{long}\n{}\n",
        good("one"),
        good("two")
    );
    let p = write(dir.path(), "feed.jsonl", body.as_bytes());
    let limits = Limits {
        max_record_bytes: 1_000,
        ..Limits::default()
    };
    let (_, records) = raw(&p, &limits);
    let titles: Vec<_> = records
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|d| d.meta.title.clone().unwrap())
        .collect();
    assert_eq!(titles, ["one", "two"]);
    let errs = errors_of(&records);
    assert_eq!(errs.len(), 2);
    assert_eq!(errs[0].kind, ErrorKind::Malformed);
    assert_eq!(
        errs[0].origin.record,
        Some(3),
        "line number of the broken line"
    );
    assert_eq!(errs[0].origin.offset, Some(good("one").len() as u64 + 2));
    assert!(errs[0].to_string().contains("feed.jsonl: record 3"));
    assert_eq!(errs[1].kind, ErrorKind::TooLarge);
    assert_eq!(errs[1].origin.record, Some(4));
    let last = records.last().unwrap().as_ref().unwrap();
    assert_eq!(last.origin.record, Some(5));
}

#[test]
fn zstd_jsonl_is_read_and_sniffed_without_extension() {
    let dir = tempfile::tempdir().unwrap();
    let lines = format!(
        "{}\n{}\n",
        serde_json::json!({ "text": PARA, "title": "a" }),
        serde_json::json!({ "text": PARA, "title": "b" })
    );
    let compressed = zstd::encode_all(lines.as_bytes(), 3).unwrap();
    let p = write(dir.path(), "dump.zst", &compressed);
    let (format, records) = raw(&p, &Limits::default());
    assert_eq!(format, Some(InputFormat::Jsonl));
    assert_eq!(records.iter().filter(|r| r.is_ok()).count(), 2);
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Westmere Gazette</title>
  <link>https://westmere-gazette.example/</link>
  <item>
    <title>Bridge Stays Shut</title>
    <link>https://westmere-gazette.example/bridge</link>
    <description>Short summary of the bridge story.</description>
    <content:encoded><![CDATA[<p>The harbour authority of Westmere said on Thursday that the bridge stays shut.</p><p>Engineers are replacing its gears.</p>]]></content:encoded>
    <pubDate>Tue, 03 Mar 2026 09:30:00 +0200</pubDate>
  </item>
  <item>
    <title>Empty Item</title>
    <link>https://westmere-gazette.example/empty</link>
  </item>
  <item>
    <title>Summary Only</title>
    <description>&lt;p&gt;Only a description, but long enough to count as a short article body.&lt;/p&gt;</description>
  </item>
</channel>
</rss>"#;

#[test]
fn rss_items_become_records() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "gazette.xml", RSS.as_bytes());
    let (format, records) = raw(&p, &Limits::default());
    assert_eq!(format, Some(InputFormat::Rss));
    assert_eq!(records.len(), 3);
    let first = records[0].as_ref().unwrap();
    assert_eq!(first.meta.title.as_deref(), Some("Bridge Stays Shut"));
    assert_eq!(first.meta.outlet.as_deref(), Some("Westmere Gazette"));
    assert_eq!(
        first.meta.url.as_deref(),
        Some("https://westmere-gazette.example/bridge")
    );
    assert_eq!(
        first.meta.description.as_deref(),
        Some("Short summary of the bridge story.")
    );
    let d = first.meta.published.as_ref().unwrap();
    assert_eq!(d.source, DateSource::Feed);
    assert_eq!(d.detail.as_deref(), Some("pubDate"));
    assert_eq!(d.value.timestamp(), 1_772_523_000);
    assert!(
        first.meta.updated.is_none(),
        "an RSS pubDate is not an update"
    );
    assert!(matches!(&first.body, Body::Fragment(m) if m.contains("Engineers")));
    assert_eq!(first.origin.record, Some(1));
    let empty = records[1].as_ref().unwrap_err();
    assert_eq!(
        (empty.kind, empty.origin.record),
        (ErrorKind::NoContent, Some(2))
    );
    assert!(
        matches!(&records[2].as_ref().unwrap().body, Body::Fragment(m) if m.contains("Only a description"))
    );
}

#[test]
fn atom_entry_with_only_updated_is_not_published() {
    let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Coast Radio</title>
  <id>urn:coast</id>
  <updated>2026-03-04T12:00:00Z</updated>
  <entry>
    <title>Ferry Timetable Changes</title>
    <id>urn:coast:1</id>
    <link href="https://coast-radio.example/ferry"/>
    <author><name>Mia Brandt</name></author>
    <author><name>Leo Sand</name></author>
    <updated>2026-03-04T11:00:00Z</updated>
    <content type="html">&lt;p&gt;The ferry to the outer islands will run twice a day from April onwards.&lt;/p&gt;</content>
  </entry>
</feed>"#;
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "coast.atom", atom.as_bytes());
    let (format, records) = raw(&p, &Limits::default());
    assert_eq!(format, Some(InputFormat::Atom));
    let e = records[0].as_ref().unwrap();
    assert_eq!(e.meta.byline.as_deref(), Some("Mia Brandt, Leo Sand"));
    assert!(e.meta.published.is_none());
    assert_eq!(
        e.meta.updated.as_ref().unwrap().detail.as_deref(),
        Some("updated")
    );
    assert_eq!(e.origin.format, InputFormat::Atom);
}

#[test]
fn broken_feed_is_one_malformed_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "bad.rss", b"<rss><channel><item><title>x</ti");
    let (_, records) = raw(&p, &Limits::default());
    assert_eq!(records.len(), 1);
    let e = records[0].as_ref().unwrap_err();
    assert_eq!(e.kind, ErrorKind::Malformed);
    assert!(e.message.contains("bad.rss"));
}

/// One WARC record with the given headers and block.
fn warc_record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-03-03T10:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http_page(status: &str, ctype: &str, body: &str) -> Vec<u8> {
    format!("HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nServer: test\r\n\r\n{body}").into_bytes()
}

fn sample_warc() -> Vec<u8> {
    let page = |n: u32| format!("<html><body><p>Page {n}. {PARA}</p></body></html>");
    let mut w = Vec::new();
    w.extend(warc_record(
        "warcinfo",
        "",
        "application/warc-fields",
        b"software: test\r\n",
    ));
    w.extend(warc_record(
        "request",
        "https://a.example/1",
        "application/http; msgtype=request",
        b"GET /1 HTTP/1.1\r\n\r\n",
    ));
    w.extend(warc_record(
        "response",
        "https://a.example/1",
        "application/http; msgtype=response",
        &http_page("200 OK", "text/html; charset=ISO-8859-1", &page(1)),
    ));
    // Broken: Content-Length is not a number.
    w.extend(b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: twelve\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>lost</p>\r\n\r\n");
    w.extend(warc_record(
        "response",
        "https://a.example/img.png",
        "application/http; msgtype=response",
        &http_page("200 OK", "image/png", "PNG"),
    ));
    w.extend(warc_record(
        "response",
        "https://a.example/moved",
        "application/http; msgtype=response",
        &http_page("301 Moved", "text/html", "<p>moved</p>"),
    ));
    let chunked = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{}\r\n0\r\n\r\n",
        page(2).len(),
        page(2)
    );
    w.extend(warc_record(
        "response",
        "<https://a.example/2>",
        "application/http; msgtype=response",
        chunked.as_bytes(),
    ));
    w.extend(warc_record(
        "resource",
        "https://a.example/3",
        "text/html",
        page(3).as_bytes(),
    ));
    w
}

#[test]
fn warc_reads_html_responses_and_resynchronises_after_a_broken_record() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "crawl.warc", &sample_warc());
    let (format, records) = raw(&p, &Limits::default());
    assert_eq!(format, Some(InputFormat::Warc));
    let docs: Vec<&RawDoc> = records.iter().filter_map(|r| r.as_ref().ok()).collect();
    let urls: Vec<_> = docs.iter().map(|d| d.meta.url.clone().unwrap()).collect();
    assert_eq!(
        urls,
        [
            "https://a.example/1",
            "https://a.example/2",
            "https://a.example/3"
        ]
    );
    match &docs[0].body {
        Body::Page { bytes, charset } => {
            assert!(bytes.starts_with(b"<html><body><p>Page 1."));
            assert_eq!(charset.as_deref(), Some("iso-8859-1"));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(&docs[1].body, Body::Page { bytes, .. } if bytes.starts_with(b"<html><body><p>Page 2.") && bytes.ends_with(b"</html>"))
    );
    let seen = docs[0].meta.first_seen.as_ref().unwrap();
    assert_eq!(
        (seen.source, seen.detail.as_deref()),
        (DateSource::Archive, Some("WARC-Date"))
    );
    assert_eq!(docs[0].origin.record, Some(3));
    let errs = errors_of(&records);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].kind, ErrorKind::Malformed);
    assert_eq!(errs[0].origin.record, Some(4));
    assert!(errs[0].origin.offset.unwrap() > 0);
}

#[test]
fn warc_gz_multi_member_and_record_cap() {
    let dir = tempfile::tempdir().unwrap();
    // One gzip member per record, as crawlers write them.
    let one = warc_record(
        "resource",
        "https://a.example/big",
        "text/html",
        format!("<p>{}</p>", PARA.repeat(20)).as_bytes(),
    );
    let two = warc_record(
        "resource",
        "https://a.example/small",
        "text/html",
        format!("<p>{PARA}</p>").as_bytes(),
    );
    let mut gz = gzip(&one);
    gz.extend(gzip(&two));
    let p = write(dir.path(), "crawl.warc.gz", &gz);
    let limits = Limits {
        max_record_bytes: 500,
        ..Limits::default()
    };
    let (_, records) = raw(&p, &limits);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].as_ref().unwrap_err().kind, ErrorKind::TooLarge);
    assert_eq!(
        records[1].as_ref().unwrap().meta.url.as_deref(),
        Some("https://a.example/small")
    );
}

#[test]
fn invalid_utf8_text_names_the_byte() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"Headline\n\nSome text ".to_vec();
    bytes.push(0xff);
    bytes.extend_from_slice(b" more text");
    let p = write(dir.path(), "bad.txt", &bytes);
    let (_, records) = raw(&p, &Limits::default());
    let e = records[0].as_ref().unwrap_err();
    assert_eq!(e.kind, ErrorKind::Encoding);
    assert!(
        e.message.contains("bad.txt") && e.message.contains("byte 20"),
        "{}",
        e.message
    );
}

#[test]
fn truncated_gzip_is_a_compression_error_after_what_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    for i in 0..2_000 {
        lines.push_str(&serde_json::json!({ "id": i, "text": format!("{PARA} {i}") }).to_string());
        lines.push('\n');
    }
    let gz = gzip(lines.as_bytes());
    let cut = &gz[..gz.len() / 2];
    let p = write(dir.path(), "lines.jsonl.gz", cut);
    let (_, records) = raw(&p, &Limits::default());
    let (last, before) = records.split_last().unwrap();
    let e = last.as_ref().unwrap_err();
    assert_eq!(e.kind, ErrorKind::Compression);
    assert!(e.to_string().contains("lines.jsonl.gz"));
    assert!(before.len() > 100 && before.iter().all(Result::is_ok));

    // A whole-file format fails as one error.
    let text_gz = gzip(PARA.repeat(200).as_bytes());
    let p = write(dir.path(), "story.txt.gz", &text_gz[..text_gz.len() - 20]);
    let (_, records) = raw(&p, &Limits::default());
    assert_eq!(records.len(), 1);
    assert_eq!(
        records[0].as_ref().unwrap_err().kind,
        ErrorKind::Compression
    );
}

#[test]
fn over_cap_file_is_too_large_and_says_how_to_raise_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "long.txt", PARA.repeat(10).as_bytes());
    let limits = Limits {
        max_file_bytes: 200,
        ..Limits::default()
    };
    let (_, records) = raw(&p, &limits);
    let e = records[0].as_ref().unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooLarge);
    assert!(
        e.message.contains("--max-file-size") && e.message.contains("200"),
        "{}",
        e.message
    );
    // The same through gzip is caught on the inflated bytes.
    let p = write(dir.path(), "long.txt.gz", &gzip(PARA.repeat(10).as_bytes()));
    let (_, records) = raw(&p, &limits);
    assert_eq!(records[0].as_ref().unwrap_err().kind, ErrorKind::TooLarge);
}

#[test]
fn decompression_bomb_is_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..50 {
        e.write_all(&zeros).unwrap();
    }
    let p = write(dir.path(), "bomb.jsonl.gz", &e.finish().unwrap());
    let limits = Limits {
        max_inflated_bytes: 1 << 20,
        ..Limits::default()
    };
    let (_, records) = raw(&p, &limits);
    let last = records.last().unwrap().as_ref().unwrap_err();
    assert_eq!(last.kind, ErrorKind::TooLarge, "{last}");
}

#[test]
fn unknown_binary_is_unknown_format() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "blob.bin",
        &[0u8, 1, 2, 3, 255, 254, 7, 8, 0, 0],
    );
    let (format, records) = raw(&p, &Limits::default());
    assert_eq!(format, None);
    assert_eq!(
        records[0].as_ref().unwrap_err().kind,
        ErrorKind::UnknownFormat
    );
}

#[test]
fn discover_walks_sorted_skips_hidden_and_reports_missing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("b/.git")).unwrap();
    write(dir.path(), "b/z.txt", b"z");
    write(dir.path(), "b/.git/config", b"x");
    write(dir.path(), "a.txt", b"a");
    write(dir.path(), ".hidden.txt", b"h");
    let missing = dir.path().join("nope.json");
    let (inputs, errors) = discover(&[dir.path().to_path_buf(), PathBuf::from("-"), missing]);
    let names: Vec<String> = inputs.iter().map(InputRef::display).collect();
    let root = dir.path().display().to_string();
    assert_eq!(
        names,
        [
            format!("{root}/a.txt"),
            format!("{root}/b/z.txt"),
            "-".to_string()
        ]
    );
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].kind, ErrorKind::Io);
    assert!(errors[0].to_string().contains("nope.json"));
}

#[test]
fn seeds_read_through_the_pipeline() {
    let seeds = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seeds"
    ));
    if !seeds.is_dir() {
        eprintln!("note: {} absent; seeds test skipped", seeds.display());
        return;
    }
    let (articles, errors) = run(&[seeds], &PipelineOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(articles.len(), 3);
    let by_file = |prefix: &str| {
        articles
            .iter()
            .find(|a| {
                Path::new(&a.origin.path)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(prefix)
            })
            .unwrap()
    };
    assert_eq!(
        by_file("000").title.as_deref(),
        Some("EU and NATO Signaling Stronger Defense Ties Amid Ukraine Crisis")
    );
    assert_eq!(by_file("003").title, None);
    let a = by_file("004");
    assert_eq!(
        a.title.as_deref(),
        Some("EU Nations Gather to Fortify Mutual Defense Amid Russia\u{2019}s Ukraine Aggression")
    );
    assert_eq!(
        a.published.as_ref().unwrap().value.to_string(),
        "2026-04-24"
    );
    assert_eq!(a.byline.as_deref(), Some("AI Editorial Team"));
    assert!(!a.text.starts_with("EU Nations Gather"));
}

#[test]
fn odd_strings_never_panic() {
    use newstrace_ingest::dates::{find_date_in_line, parse_when};
    use newstrace_ingest::extract::{fragment::fragment_to_text, text_header::parse_text_file};
    let tricky = "İ\u{212a}By: 24. März 2026 — 9:30 p.m. UTC+14:00 <p>é</p>\u{feff}\r\n\n12:\u{2212}5 Jan. 31st, 2099 T";
    let cuts: Vec<usize> = tricky.char_indices().map(|(i, _)| i).collect();
    for &a in &cuts {
        for &b in cuts.iter().filter(|&&b| b >= a) {
            let s = &tricky[a..b];
            let _ = parse_when(s);
            if let Some((_, r)) = find_date_in_line(s) {
                assert!(s.get(r).is_some());
            }
            let _ = parse_text_file(s);
            let _ = fragment_to_text(s);
        }
    }
}

#[test]
fn reading_ahead_on_a_thread_reports_the_same_events_in_the_same_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    for i in 0..700 {
        if i % 97 == 0 {
            lines.push_str("{not json\n");
        }
        lines.push_str(&format!(
            "{{\"id\": \"r{i}\", \"title\": \"Report {i}\", \"text\": \"{PARA} Item {i}.\"}}\n"
        ));
    }
    let p = write(dir.path(), "many.jsonl", lines.as_bytes());
    let describe = |e: Event| match e {
        Event::Article(a) => format!("article {:?}", a.external_id),
        Event::Failed(e) => format!("failed {e}"),
        Event::Input { display } => format!("input {display}"),
        Event::InputDone { display, .. } => format!("done {display}"),
    };
    let mut direct = Vec::new();
    pipeline::run(
        std::slice::from_ref(&p),
        &PipelineOptions::default(),
        &mut |e| direct.push(describe(e)),
    );
    let mut ahead = Vec::new();
    pipeline::run_ahead(
        std::slice::from_ref(&p),
        &PipelineOptions::default(),
        3,
        &mut |e| ahead.push(describe(e)),
    );
    assert_eq!(
        direct.len(),
        700 + 8 + 2,
        "700 articles, 8 broken lines, input start and end"
    );
    assert_eq!(ahead, direct);
}
