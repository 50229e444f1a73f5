//! The web UI: server-rendered pages for the stories, one story, one article, and a search
//! with filters. The story index, story and article pages are the report's own pieces
//! (`newstrace-report`: provenance graph, timeline, entities, evidence marked in the text)
//! with links between pages; the search page is built here. Every string from the store or
//! the request is escaped (the report's escaping, and [`crate::escape`] here), and the pages
//! are served with a strict Content-Security-Policy.

use crate::api::{ArticleListParams, check_key, resolve_story};
use crate::escape::url_component;
use crate::params::{FINDING_KINDS, MAX_SEARCH_OFFSET, PageParams, SIGNAL_KINDS, non_empty};
use crate::pool::read;
use crate::{ApiError, AppState};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use newstrace_model::ArticleId;
use newstrace_report::escape::escape as html;
use newstrace_report::page::IndexEntry;
use newstrace_report::{self as report, Links, ReportOptions};
use newstrace_store::ArticleSummary;
use std::fmt::Write;

/// Stories or results per page.
const PER_PAGE: u64 = 50;

/// The server's navigation above every page.
const NAV: &str = "<nav class=\"site\"><a href=\"/\">Stories</a><a href=\"/search\">Search</a>\
<a href=\"/openapi.json\">API</a></nav>";

/// Style of the navigation, the search form and the result tables (the rest is the
/// report's CSS).
const NAV_STYLE: &str = "nav.site{display:flex;gap:1rem;max-width:1120px;margin:12px auto 0;\
padding:0 24px}section.page{max-width:1120px;margin:16px auto;padding:16px 24px}\
section.page form{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));\
gap:.5rem;margin-bottom:1rem}section.page label{display:flex;flex-direction:column;\
font-size:.85em}section.page table{border-collapse:collapse;width:100%}\
section.page td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eee;\
vertical-align:top}p.pager{max-width:1120px;margin:8px auto;padding:0 24px}\
.error{color:#a50e0e}";

/// An HTML page or an HTML error page.
type PageResult = Result<Html<String>, PageError>;

/// An error shown as an HTML page with its status.
pub(crate) struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        Self(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let title = format!("{} {}", self.0.status.as_u16(), reason(self.0.status));
        let body = format!(
            "<section class=\"page\"><h1>{}</h1><p class=\"error\">{}</p></section>",
            html(&title),
            html(&self.0.message)
        );
        (self.0.status, document(&title, &body)).into_response()
    }
}

fn reason(status: StatusCode) -> &'static str {
    status.canonical_reason().unwrap_or("Error")
}

/// `GET /`: the stories by id, a page at a time, as the report's index.
pub(crate) async fn index(
    State(state): State<AppState>,
    Query(p): Query<PageParams>,
) -> PageResult {
    let page = PageParams {
        limit: Some(p.limit.unwrap_or(PER_PAGE)),
        offset: p.offset,
    }
    .page(crate::params::MAX_OFFSET)?;
    let body = read(&state, move |store| {
        let rows = store.story_page(page.limit, page.offset)?;
        let total = store.story_count()?;
        let mut entries = Vec::with_capacity(rows.len());
        for row in &rows {
            let members = newstrace_views::story::members(store, row)?;
            entries.push(IndexEntry::new(row.id, &members));
        }
        let mut b = format!(
            "<header class=\"top\"><h1>newstrace</h1><p class=\"meta\">{total} stories, {} articles</p></header>",
            store.count()?.articles
        );
        b.push_str(&report::page::index(&entries, &links()));
        b.push_str(&pager("/?", page.offset, page.limit, rows.len() as u64, total));
        Ok(b)
    })
    .await?;
    Ok(document("Stories", &body))
}

/// `GET /stories/{id}`: one story as the report shows it: provenance graph with evidence,
/// timeline, entities, findings and its articles.
pub(crate) async fn story(State(state): State<AppState>, Path(key): Path<String>) -> PageResult {
    check_key(&key)?;
    let (title, body) = read(&state, move |store| {
        let row = resolve_story(store, &key)?;
        let opts = options();
        let data = report::load_story(store, &row, opts.max_graph_nodes).map_err(report_error)?;
        let title = format!(
            "Story {} — {}",
            row.id,
            data.detail.summary.title.as_deref().unwrap_or("(no title)")
        );
        Ok((title, report::page::story_section(&data, &opts)))
    })
    .await?;
    Ok(document(&title, &body))
}

/// `GET /articles/{id}`: one article with its evidence marked in the text.
pub(crate) async fn article(State(state): State<AppState>, Path(key): Path<String>) -> PageResult {
    check_key(&key)?;
    let (title, body) = read(&state, move |store| {
        let Some(a) = report::load_article(store, &key).map_err(report_error)? else {
            return Err(ApiError::not_found(format!("no article matches `{key}`")));
        };
        let title = a
            .stored
            .article
            .title
            .clone()
            .unwrap_or_else(|| a.stored.article.id.to_string());
        let body = report::highlight::legend() + &report::page::article_section(&a, &links(), true);
        Ok((title, body))
    })
    .await?;
    Ok(document(&title, &body))
}

/// Links between the server's pages.
fn links() -> Links {
    Links::Paths {
        story: "/stories/".into(),
        article: "/articles/".into(),
    }
}

fn options() -> ReportOptions {
    ReportOptions {
        links: links(),
        ..ReportOptions::default()
    }
}

fn report_error(e: report::Error) -> ApiError {
    match e {
        report::Error::NotFound(m) => ApiError::not_found(m),
        report::Error::View(v) => v.into(),
        report::Error::Store(s) => s.into(),
    }
}

/// A page in the report's frame (its CSS and script inline), with the server's navigation.
fn document(title: &str, body: &str) -> Html<String> {
    Html(report::page::document(
        title,
        &format!("<style>{NAV_STYLE}</style>{NAV}{body}"),
    ))
}

/// `GET /search`: a form with the filters, and the matching articles.
pub(crate) async fn search(
    State(state): State<AppState>,
    Query(p): Query<ArticleListParams>,
) -> PageResult {
    let (page, filters) = p.split();
    let page = PageParams {
        limit: Some(page.limit.unwrap_or(PER_PAGE)),
        offset: page.offset,
    }
    .page(MAX_SEARCH_OFFSET)?;
    let mut body = String::from("<section class=\"page\">");
    body.push_str(&search_form(&filters));
    let asked = [
        &filters.q,
        &filters.outlet,
        &filters.from,
        &filters.to,
        &filters.signal,
        &filters.finding,
    ]
    .iter()
    .any(|v| non_empty(v).is_some());
    if asked {
        let filter = filters.filter()?;
        let base = format!("/search?{}&", query_string(&filters));
        let results = read(&state, move |store| {
            let (hits, total) = store.filtered_with_total(&filter, page.limit, page.offset)?;
            let noun = if total == 1 { "article" } else { "articles" };
            let mut b = format!("<p class=\"meta\">{total} matching {noun}</p><table>");
            for h in &hits {
                b.push_str(&result_row(&h.article, h.snippet.as_deref()));
            }
            b.push_str("</table>");
            b.push_str(&pager(
                &base,
                page.offset,
                page.limit,
                hits.len() as u64,
                total,
            ));
            Ok(b)
        })
        .await?;
        body.push_str(&results);
    }
    body.push_str("</section>");
    Ok(document("Search", &body))
}

fn search_form(f: &crate::params::FilterParams) -> String {
    let value = |v: &Option<String>| html(v.as_deref().unwrap_or(""));
    let options = |kinds: &[&str], chosen: &Option<String>| {
        let mut o = String::from("<option value=\"\">any</option>");
        for k in kinds {
            let sel = if chosen.as_deref() == Some(*k) {
                " selected"
            } else {
                ""
            };
            let _ = write!(o, "<option value=\"{k}\"{sel}>{k}</option>");
        }
        o
    };
    format!(
        "<h1>Search</h1><form method=\"get\" action=\"/search\">\
         <label>Words<input name=\"q\" value=\"{}\" placeholder=\"air defence\"></label>\
         <label>Outlet<input name=\"outlet\" value=\"{}\"></label>\
         <label>From<input type=\"date\" name=\"from\" value=\"{}\"></label>\
         <label>To<input type=\"date\" name=\"to\" value=\"{}\"></label>\
         <label>Signal<select name=\"signal\">{}</select></label>\
         <label>Finding<select name=\"finding\">{}</select></label>\
         <button type=\"submit\">Search</button></form>",
        value(&f.q),
        value(&f.outlet),
        value(&f.from),
        value(&f.to),
        options(SIGNAL_KINDS, &f.signal),
        options(FINDING_KINDS, &f.finding),
    )
}

fn result_row(s: &ArticleSummary, snippet: Option<&str>) -> String {
    let snippet = snippet
        .map(|t| {
            // Escape first, then mark the matched terms: the markers can only ever add
            // <mark> elements, never anything the text carried.
            format!(
                "<br><span class=\"meta\">{}</span>",
                html(t).replace('[', "<mark>").replace(']', "</mark>")
            )
        })
        .unwrap_or_default();
    format!(
        "<tr><td>{}</td><td>{}</td><td>{}{snippet}</td></tr>",
        html(
            &s.published
                .as_ref()
                .map(|d| d.value.to_string())
                .unwrap_or_default()
        ),
        html(s.outlet.as_deref().unwrap_or("")),
        article_link(&s.id, s.title.as_deref()),
    )
}

fn article_link(id: &ArticleId, title: Option<&str>) -> String {
    format!(
        "<a href=\"/articles/{}\">{}</a>",
        url_component(id.as_str()),
        html(title.unwrap_or(id.as_str()))
    )
}

/// The filters as a query string, for the pager's links.
fn query_string(f: &crate::params::FilterParams) -> String {
    [
        ("q", &f.q),
        ("outlet", &f.outlet),
        ("from", &f.from),
        ("to", &f.to),
        ("signal", &f.signal),
        ("finding", &f.finding),
    ]
    .iter()
    .filter_map(|(k, v)| non_empty(v).map(|v| format!("{k}={}", url_component(v))))
    .collect::<Vec<_>>()
    .join("&")
}

/// Previous/next links; `base` ends in `?` or `&`.
fn pager(base: &str, offset: u64, limit: u64, shown: u64, total: u64) -> String {
    let mut p = String::from("<p class=\"pager\">");
    if offset > 0 {
        let _ = write!(
            p,
            "<a href=\"{}offset={}\">← previous</a> ",
            html(base),
            offset.saturating_sub(limit)
        );
    }
    let end = offset + shown;
    if end < total && shown > 0 {
        let _ = write!(p, "<a href=\"{}offset={end}\">next →</a>", html(base));
    }
    p.push_str("</p>");
    p
}
