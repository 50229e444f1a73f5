//! The report's style and script, inline in every page (no fonts, images or scripts are
//! fetched). The script only enhances: everything is readable without it.

/// The shared stylesheet.
pub const CSS: &str = r#"
:root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bg:#f8fafc;--card:#fff;
--exact:#111827;--synd:#2563eb;--relay:#059669;--rewrite:#d97706;--sibling:#7c3aed;--same:#9ca3af;--cites:#be185d}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header.top,section.index,section.story{max-width:1120px;margin:16px auto;padding:16px 24px;background:var(--card);border:1px solid var(--line);border-radius:10px}
header.top{border:none;background:none;padding-bottom:0}
h1{margin:0 0 4px;font-size:26px}
h2{margin:0 0 4px;font-size:21px}
h3{margin:22px 0 8px;font-size:16px;text-transform:uppercase;letter-spacing:.04em;color:#374151}
h4{margin:10px 0 6px;font-size:14px}
.sid{color:var(--muted);font-weight:600;margin-right:6px}
.meta{color:var(--muted);margin:2px 0;font-size:13px}
.note,.hint{color:var(--muted);font-size:13px;margin:6px 0}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#4b5563}
a{color:#1d4ed8;text-decoration:none}a:hover{text-decoration:underline}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums}
table.stories tr.single td{color:#4b5563}
table.stories td:nth-child(4){white-space:nowrap}
input.filter{width:100%;max-width:420px;padding:6px 10px;border:1px solid #cbd5e1;border-radius:6px;margin:4px 0 10px;font:inherit}
.pager{font-size:13px;color:var(--muted)}
.pager button{margin-left:8px;font:inherit;padding:2px 10px;border:1px solid #cbd5e1;border-radius:6px;background:#fff;cursor:pointer}
.legend{list-style:none;padding:0;margin:4px 0 8px;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12px;color:#374151}
.legend li{display:flex;align-items:center;gap:6px}
.graph-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:8px;background:#fcfcfd}
svg.graph{display:block;margin:0 auto}
.node rect{fill:#fff;stroke:#334155;stroke-width:1.3}
.node-copy rect{fill:#f1f5f9;stroke:#94a3b8;stroke-dasharray:4 3}
.node-external rect{fill:#fdf2f8;stroke:var(--cites);stroke-dasharray:5 3}
.node text{text-anchor:middle;font-size:12px;fill:var(--ink)}
.node text.l1{font-weight:600}
.node text.l2{font-size:11px;fill:var(--muted)}
.node-article a:hover rect{stroke:#1d4ed8;stroke-width:2}
.edge[data-ev]{cursor:pointer;outline:none}
.edge .line{fill:none;stroke-width:2.4}
.edge .hit{fill:none;stroke:transparent;stroke-width:12}
.edge.alt .line{stroke-width:1.4;opacity:.5}
.edge:hover .line,.edge:focus .line,.edge.selected .line{stroke-width:4;opacity:1}
.k-exact-copy .line{stroke:var(--exact)}.ah.k-exact-copy{fill:var(--exact)}
.k-syndicated .line{stroke:var(--synd)}.ah.k-syndicated{fill:var(--synd)}
.k-relay .line{stroke:var(--relay)}.ah.k-relay{fill:var(--relay)}
.k-rewrite .line{stroke:var(--rewrite);stroke-dasharray:7 4}.ah.k-rewrite{fill:var(--rewrite)}
.k-sibling .line{stroke:var(--sibling);stroke-dasharray:2 4}.ah.k-sibling{fill:var(--sibling)}
.k-same-story .line{stroke:var(--same);stroke-dasharray:9 3 2 3}.ah.k-same-story{fill:var(--same)}
.k-cites .line{stroke:var(--cites);stroke-dasharray:1.5 3.5}.ah.k-cites{fill:var(--cites)}
.kind{display:inline-block;padding:0 8px;border-radius:9px;color:#fff;font-size:12px;background:#475569}
.kind.k-exact-copy{background:var(--exact)}.kind.k-syndicated{background:var(--synd)}.kind.k-relay{background:var(--relay)}
.kind.k-rewrite{background:var(--rewrite)}.kind.k-sibling{background:var(--sibling)}.kind.k-same-story{background:var(--same)}.kind.k-cites{background:var(--cites)}
.ev-panel{margin-top:10px;padding:10px 14px;border:1px solid var(--line);border-radius:8px;background:var(--bg);min-height:48px;font-size:13px}
.ev-panel dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}
.ev-panel dt{color:var(--muted)}.ev-panel dd{margin:0}
.ev-panel .reason{margin:4px 0}
ol.aligned{padding-left:0;list-style:none;margin:8px 0 0}
ol.aligned li{display:grid;grid-template-columns:3em 1fr 1fr;gap:10px;padding:6px 0;border-top:1px solid var(--line)}
ol.aligned li:has(> blockquote:only-child){grid-template-columns:1fr}
blockquote{margin:0;padding:2px 8px;border-left:3px solid #cbd5e1;font-style:italic;color:#374151}
blockquote.side-b{border-left-color:#94a3b8}
.sim{color:var(--muted);font-variant-numeric:tabular-nums}
.two{display:flex;flex-wrap:wrap;gap:8px 28px;align-items:flex-start}
.two>div{flex:1 1 320px;min-width:0}
.two>div:first-child{flex:0 1 760px}
svg.timeline{display:block;max-width:100%;height:auto}
.timeline .axis{stroke:#94a3b8}.timeline .tick{stroke:#eef2f7}
.timeline .tick-label{font-size:10px;fill:var(--muted)}
.timeline .pub{fill:#1d4ed8}.timeline .seen{fill:#fff;stroke:#1d4ed8;stroke-width:1.5}
.timeline .gap{stroke:#93c5fd;stroke-width:1.5}
.timeline .row-label{font-size:11.5px;fill:var(--ink);paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
table.entities td:first-child{display:flex;align-items:center;gap:6px}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;border:1px solid #cbd5e1}
.swatch.m-person{background:#dbeafe}.swatch.m-org{background:#dcfce7}.swatch.m-place{background:#fef3c7}.swatch.m-other{background:#e5e7eb}
article.article{border-top:1px solid var(--line);padding:12px 0 8px}
/* An article page of its own (not inside a story section) gets the card of a story. */
body>.marks-legend{max-width:1120px;margin:12px auto 0;padding:0 24px}
body>article.article{max-width:1120px;margin:8px auto 16px;padding:16px 24px;background:var(--card);border:1px solid var(--line);border-radius:10px}
article.article h3{text-transform:none;letter-spacing:0;font-size:17px;color:var(--ink);margin:4px 0}
.standfirst{font-style:italic;color:#374151;margin:6px 0}
.text{white-space:pre-wrap;font:16px/1.65 Georgia,"Times New Roman",serif;max-width:78ch;margin:10px 0;color:#111827}
.url{color:var(--muted);word-break:break-all}
details.sightings{font-size:13px;margin:6px 0}
details.sightings td{word-break:break-all}
.facts ul{margin:4px 0;padding-left:20px;font-size:13.5px}
.tag{display:inline-block;padding:0 6px;border-radius:4px;font-size:12px;background:#f1f5f9;color:#374151}
.tag.signal{background:#ffedd5;color:#9a3412}.tag.finding{background:#fee2e2;color:#991b1b}
ul.findings{list-style:none;padding:0;margin:4px 0}
ul.findings li{padding:6px 0;border-top:1px solid var(--line);font-size:13.5px}
ul.findings dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:4px 0 0}
ul.findings dt{color:var(--muted)}ul.findings dd{margin:0}
.finding-of{margin:10px 0 0;font-size:13px}
/* Evidence marks carry a class; a bare <mark> (a search hit) keeps the browser's yellow. */
mark[class]{background:transparent;color:inherit;border-radius:2px}
mark.m-person{background:#dbeafe}mark.m-org{background:#dcfce7}mark.m-place{background:#fef3c7}mark.m-other{background:#e5e7eb}
mark.m-attr{box-shadow:inset 0 -2px 0 #0891b2}
mark.m-quote{color:#6b21a8;font-style:italic}
mark.m-signal{text-decoration:underline wavy #ea580c;text-decoration-skip-ink:none}
mark.m-finding{background:#fee2e2;outline:1.5px solid #dc2626}
.marks-legend mark{padding:0 4px}
@media print{.ev-panel,.evidence-store,input.filter,.pager{display:none}}
"#;

/// The shared script: shows an edge's evidence when it is clicked (or activated from the
/// keyboard), and filters and pages the story index. It attaches its own listeners and
/// copies only the report's own hidden, already-escaped evidence nodes; it never builds
/// markup from strings.
pub const JS: &str = r#"
(function () {
  'use strict';
  function show(edge) {
    var fig = edge.closest('.story-graph');
    var src = document.getElementById(edge.getAttribute('data-ev'));
    var panel = fig && fig.querySelector('.ev-panel');
    if (!panel || !src) return;
    var copy = src.cloneNode(true);
    copy.removeAttribute('id');
    panel.replaceChildren(copy);
    fig.querySelectorAll('.edge.selected').forEach(function (e) { e.classList.remove('selected'); });
    edge.classList.add('selected');
  }
  function edgeOf(target) {
    return target && target.closest ? target.closest('.edge[data-ev]') : null;
  }
  document.addEventListener('click', function (ev) {
    var edge = edgeOf(ev.target);
    if (edge) show(edge);
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Enter' && ev.key !== ' ') return;
    var edge = edgeOf(ev.target);
    if (edge) { ev.preventDefault(); show(edge); }
  });
  var PAGE = 50;
  document.querySelectorAll('section.index').forEach(function (sec) {
    var rows = Array.prototype.slice.call(sec.querySelectorAll('tbody tr'));
    var input = sec.querySelector('input.filter');
    var pager = document.createElement('p');
    pager.className = 'pager';
    var more = document.createElement('button');
    more.type = 'button';
    var limit = PAGE;
    function apply() {
      var q = input ? input.value.trim().toLowerCase() : '';
      var shown = 0, matched = 0;
      rows.forEach(function (r) {
        var hit = !q || r.textContent.toLowerCase().indexOf(q) !== -1;
        if (hit) matched++;
        var visible = hit && shown < limit;
        if (visible) shown++;
        r.hidden = !visible;
      });
      pager.textContent = shown + ' of ' + matched + ' stories listed';
      if (matched > shown) {
        more.textContent = 'show ' + Math.min(PAGE, matched - shown) + ' more';
        pager.appendChild(more);
      }
    }
    more.addEventListener('click', function () { limit += PAGE; apply(); });
    if (input) input.addEventListener('input', function () { limit = PAGE; apply(); });
    sec.appendChild(pager);
    apply();
  });
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_cannot_close_their_own_elements() {
        assert!(!CSS.to_ascii_lowercase().contains("</style"));
        assert!(!JS.to_ascii_lowercase().contains("</script"));
        assert!(!JS.contains("<!--"));
        // The script builds no markup from strings and loads nothing.
        for banned in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "eval(",
            "fetch(",
            "XMLHttpRequest",
        ] {
            assert!(!JS.contains(banned), "{banned}");
        }
        assert!(!CSS.contains("url(") && !CSS.contains("@import"));
    }
}
