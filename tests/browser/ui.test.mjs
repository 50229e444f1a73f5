// Browser test of the web UI (`newstrace serve`) in the system Chromium, driven by
// playwright-core (which never downloads a browser of its own). run.sh builds the store,
// starts the server and runs this file; by hand:
//
//   NEWSTRACE_URL=http://127.0.0.1:8080 node tests/browser/ui.test.mjs
//
// Environment: NEWSTRACE_URL (required), ARTIFACTS_DIR (screenshots; default ./artifacts
// beside this file), CHROMIUM (default /usr/bin/chromium).
//
// It walks the UI as a reader does: story list → a multi-article story (provenance graph,
// an edge's evidence) → one of its articles (evidence marked in the text) → search with a
// filter; then opens the pages of the hostile fixture article and checks that none of its
// markup ran or became markup. Every step leaves a screenshot. Exits non-zero on failure.

import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const base = (process.env.NEWSTRACE_URL || '').replace(/\/$/, '');
if (!base) {
  console.error('NEWSTRACE_URL is not set (run tests/browser/run.sh)');
  process.exit(2);
}
const artifacts = process.env.ARTIFACTS_DIR || join(here, 'artifacts');
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
mkdirSync(artifacts, { recursive: true });

// Flags that keep a headless run quiet and self-contained: no GPU, no sandbox (CI
// containers run as root), no background fetches of components, sync or QUIC.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

const failures = [];
let checks = 0;

/** Records a failed expectation (the step goes on, so one run reports every problem). */
function expect(cond, what) {
  checks++;
  if (!cond) {
    failures.push(what);
    console.error(`  FAIL ${what}`);
  }
}

/** Runs one step; a throw fails it and leaves a screenshot of where it stopped. */
async function step(name, page, fn) {
  console.log(`- ${name}`);
  try {
    await fn();
  } catch (e) {
    failures.push(`${name}: ${e.message.split('\n')[0]}`);
    console.error(`  FAIL ${name}: ${e.stack || e}`);
    await shot(page, `failed-${name.replace(/\W+/g, '-')}`).catch(() => {});
  }
}

async function shot(page, name, opts = {}) {
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: true, ...opts });
  console.log(`  screenshot ${path}`);
}

/**
 * Page coordinates of a point on an edge's stroke that a click really lands on: edges
 * cross and run side by side, so the middle of one may lie under another. Points along
 * the path are tried from the middle outwards; null when none is exposed.
 */
async function clickablePoint(edge) {
  return edge.evaluate((g) => {
    const p = g.querySelector('path.hit') || g.querySelector('path');
    const len = p.getTotalLength();
    const m = p.getScreenCTM();
    for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.15, 0.85]) {
      const pt = p.getPointAtLength(len * f);
      const x = pt.x * m.a + pt.y * m.c + m.e;
      const y = pt.x * m.b + pt.y * m.d + m.f;
      const hit = document.elementFromPoint(x, y);
      if (hit && hit.closest('g.edge') === g) return { x, y };
    }
    return null;
  });
}

const userDataDir = mkdtempSync(join(tmpdir(), 'newstrace-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: ARGS,
    viewport: { width: 1400, height: 900 },
    timeout: 60_000,
  });
} catch (e) {
  console.error(`Chromium did not start (${executablePath}): ${e.message}`);
  rmSync(userDataDir, { recursive: true, force: true });
  process.exit(1);
}

const page = context.pages()[0] || (await context.newPage());
page.setDefaultTimeout(15_000);

// Guards for every page: no dialog may open, no script may throw, nothing may be fetched
// from anywhere but the server, and the page may log no errors.
const origin = new URL(base).origin;
page.on('dialog', async (d) => {
  failures.push(`a ${d.type()} dialog opened on ${page.url()}: ${d.message()}`);
  console.error(`  FAIL dialog: ${d.message()}`);
  await d.dismiss().catch(() => {});
});
page.on('pageerror', (e) => failures.push(`script error on ${page.url()}: ${e.message}`));
page.on('console', (m) => {
  // The browser's own favicon probe is answered 404; the pages link no icon.
  if (m.type() === 'error' && !/favicon/.test(m.location().url || '')) {
    failures.push(`console error on ${page.url()}: ${m.text()}`);
  }
});
page.on('request', (r) => {
  const u = r.url();
  if (!u.startsWith(origin + '/') && !u.startsWith('data:')) {
    failures.push(`request outside the server: ${u}`);
  }
});
// The canary: a payload that runs calls one of these (or writes window.__pwned itself).
await page.addInitScript(() => {
  window.__pwned = false;
  for (const f of ['alert', 'confirm', 'prompt', 'print']) {
    const orig = window[f];
    window[f] = function (...a) {
      window.__pwned = `${f}(${a.join(',')})`;
      return orig.apply(this, a);
    };
  }
});

let storyUrl = '';
let articleUrl = '';

await step('story list', page, async () => {
  const res = await page.goto(base + '/');
  expect(res && res.status() === 200, `GET / answers 200 (got ${res && res.status()})`);
  const rows = page.locator('table.stories tbody tr');
  expect((await rows.count()) > 1, 'the story list has more than one story');
  await shot(page, '01-story-list');
  // The filter box narrows the list to matching rows.
  await page.locator('section.index input.filter').fill('kestrel');
  const visible = await rows.evaluateAll((rs) =>
    rs.filter((r) => !r.hidden).map((r) => r.textContent.toLowerCase()),
  );
  expect(visible.length >= 1, 'the filter keeps the Kestrel stories');
  expect(
    visible.every((t) => t.includes('kestrel')),
    `the filter hides stories without "kestrel": ${visible.join(' | ')}`,
  );
  await page.locator('section.index input.filter').fill('');
  // The Baltic air-defence story, else the first story with several articles.
  let link = page.locator('table.stories tr.multi a', { hasText: /air defence/i }).first();
  if ((await link.count()) === 0) link = page.locator('table.stories tr.multi a').first();
  expect((await link.count()) === 1, 'a multi-article story is linked from the list');
  await Promise.all([page.waitForURL(/\/stories\/\d+$/), link.click()]);
  storyUrl = page.url();
});

await step('story page', page, async () => {
  expect(/\/stories\/\d+$/.test(storyUrl), `clicking a story opens its page (${storyUrl})`);
  const graph = page.locator('section.story svg.graph');
  expect((await graph.count()) === 1, 'the story page draws one provenance graph');
  const nodes = graph.locator('g.node');
  const articleNodes = graph.locator('g.node-article');
  const sections = page.locator('section.story article.article');
  const nNodes = await nodes.count();
  const nArticles = await sections.count();
  expect(nNodes > 1, `the graph has more than one node (${nNodes})`);
  expect(
    (await articleNodes.count()) === nArticles,
    `one article node per article shown (${await articleNodes.count()} nodes, ${nArticles} articles)`,
  );
  const meta = await page.locator('section.story > header p.meta').textContent();
  expect(
    meta.startsWith(`${nArticles} article(s)`),
    `the header counts the articles drawn ("${meta}", ${nArticles} drawn)`,
  );
  // Every edge joins two drawn nodes (or a node's copy, an outside source) and names
  // evidence that exists on the page.
  const edges = await graph.locator('g.edge[data-ev]').evaluateAll((es) =>
    es.map((e) => ({
      ev: e.getAttribute('data-ev'),
      from: e.getAttribute('data-from'),
      to: e.getAttribute('data-to'),
    })),
  );
  expect(edges.length >= 1, `the graph has edges (${edges.length})`);
  const ids = new Set(await nodes.evaluateAll((ns) => ns.map((n) => n.getAttribute('data-id'))));
  for (const e of edges) {
    expect(ids.has(e.from) && ids.has(e.to), `edge ${e.ev} joins drawn nodes (${e.from} → ${e.to})`);
    expect(
      (await page.locator(`.evidence-store [id="${e.ev}"]`).count()) === 1,
      `edge ${e.ev} has its evidence on the page`,
    );
  }
  const box = await graph.boundingBox();
  expect(box && box.width > 100 && box.height > 50, 'the graph is drawn at a visible size');
  await shot(page, '02-story');
});

await step('edge evidence panel', page, async () => {
  const panel = page.locator('section.story .ev-panel');
  expect(
    /click it for its evidence/i.test(await panel.textContent()),
    'the panel invites a click before one is made',
  );
  // An edge of the provenance tree whose evidence has aligned sentences, a rewrite if
  // there is one (its pairs show how a paraphrase lines up).
  const ev = await page.evaluate(() => {
    const order = ['k-rewrite', 'k-relay', 'k-syndicated'];
    const rank = (e) => {
      const i = order.findIndex((k) => e.classList.contains(k));
      return i < 0 ? order.length : i;
    };
    const edges = [...document.querySelectorAll('svg.graph g.edge.tree[data-ev]')].filter((e) =>
      document.getElementById(e.getAttribute('data-ev'))?.querySelector('ol.aligned li'),
    );
    edges.sort((a, b) => rank(a) - rank(b));
    return edges.length ? edges[0].getAttribute('data-ev') : null;
  });
  expect(ev !== null, 'some edge of the story has aligned sentences');
  if (ev === null) return;
  const edge = page.locator(`svg.graph g.edge[data-ev="${ev}"]`);
  await edge.scrollIntoViewIfNeeded();
  // A real mouse click on the stroke of the edge.
  const at = await clickablePoint(edge);
  expect(at !== null, `edge ${ev} can be clicked somewhere along its stroke`);
  if (at === null) return;
  await page.mouse.click(at.x, at.y);
  expect(await edge.evaluate((e) => e.classList.contains('selected')), 'the clicked edge is selected');
  const kind = await edge.evaluate((e) => [...e.classList].find((c) => c.startsWith('k-')));
  expect(
    (await panel.locator(`h4 .kind.${kind}`).count()) === 1,
    `the panel names the edge's kind (${kind})`,
  );
  const pairs = await panel.locator('ol.aligned li').evaluateAll((lis) =>
    lis.map((li) => ({
      sim: li.querySelector('.sim')?.textContent ?? '',
      a: li.querySelector('blockquote.side-a')?.textContent ?? '',
      b: li.querySelector('blockquote.side-b')?.textContent ?? '',
    })),
  );
  expect(pairs.length >= 1, `the panel shows aligned sentences (${pairs.length})`);
  for (const p of pairs) {
    const s = Number(p.sim);
    expect(s > 0 && s <= 1, `an aligned pair has a similarity in (0, 1] ("${p.sim}")`);
    expect(p.a.trim().length > 10 && p.b.trim().length > 10, 'an aligned pair quotes both sides');
  }
  const panelBox = await panel.boundingBox();
  expect(panelBox && panelBox.height > 60, 'the evidence panel is visible and filled');
  await panel.scrollIntoViewIfNeeded();
  await shot(page, '03-edge-panel', { fullPage: false });
  // The same panel from the keyboard: focus another edge, press Enter.
  const other = page.locator(`svg.graph g.edge[data-ev]:not([data-ev="${ev}"])`).first();
  if ((await other.count()) === 1) {
    await other.focus();
    await page.keyboard.press('Enter');
    expect(
      await other.evaluate((e) => e.classList.contains('selected')),
      'Enter on a focused edge selects it',
    );
    expect(
      !(await edge.evaluate((e) => e.classList.contains('selected'))),
      'selecting another edge unselects the first',
    );
  }
  // The README picture: the story's header, graph and the first edge's evidence, at the
  // page's full 1400 px width.
  const again = await clickablePoint(edge);
  await page.mouse.click(again.x, again.y);
  await page.mouse.move(0, 0);
  const scrollY = await page.evaluate(() => window.scrollY);
  const t = await page.locator('section.story').boundingBox();
  const b = await panel.boundingBox();
  await shot(page, 'story-readme', {
    clip: { x: 0, y: t.y + scrollY - 12, width: 1400, height: b.y - t.y + b.height + 28 },
  });
});

await step('article page', page, async () => {
  await page.goto(storyUrl);
  // The article of the story with the most kinds of evidence in its text.
  const target = await page.evaluate(() => {
    let best = null;
    for (const a of document.querySelectorAll('section.story article.article')) {
      const kinds = new Set([...a.querySelectorAll('.text mark')].flatMap((m) => [...m.classList]));
      const link = a.querySelector('h3 a');
      if (link && (!best || kinds.size > best.n)) best = { n: kinds.size, href: link.getAttribute('href') };
    }
    return best;
  });
  expect(target !== null, 'the story page links its articles to their pages');
  if (!target) return;
  await Promise.all([
    page.waitForURL(/\/articles\/[0-9a-f]+$/),
    page.locator(`section.story article.article h3 a[href="${target.href}"]`).click(),
  ]);
  articleUrl = page.url();
  expect(articleUrl.endsWith(target.href), `the article link opens ${target.href}`);
  const text = page.locator('article.article .text');
  expect((await text.count()) === 1, 'the article page shows the text');
  const count = async (sel) => text.locator(sel).count();
  const entities = (await count('mark.m-person')) + (await count('mark.m-org')) + (await count('mark.m-place'));
  expect(entities >= 1, `entities are marked in the text (${entities})`);
  expect((await count('mark.m-attr')) >= 1, 'attributions are marked in the text');
  expect((await count('mark.m-quote')) >= 1, 'quotes are marked in the text');
  // Marks only wrap the article's own words, and each explains itself on hover.
  const marks = await text.locator('mark').evaluateAll((ms) =>
    ms.map((m) => ({ t: m.textContent, title: m.getAttribute('title') || '' })),
  );
  const plain = await text.textContent();
  expect(marks.every((m) => plain.includes(m.t)), 'marked text is the article text');
  expect(marks.some((m) => m.title.length > 0), 'marks carry an explanation');
  expect((await page.locator('ul.marks-legend mark').count()) >= 6, 'the page has a legend of marks');
  expect(
    (await page.locator(`article.article a[href="${new URL(storyUrl).pathname}"]`).count()) === 1,
    'the article links back to its story',
  );
  await shot(page, '04-article');
});

await step('search', page, async () => {
  await page.goto(base + '/search');
  const form = page.locator('section.page form');
  await form.locator('input[name="q"]').fill('air defence');
  await Promise.all([page.waitForURL(/[?&]q=air/), form.locator('button[type="submit"]').click()]);
  const rows = () =>
    page.locator('section.page table tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        outlet: tr.children[1]?.textContent ?? '',
        href: tr.querySelector('a')?.getAttribute('href') ?? '',
        marks: [...tr.querySelectorAll('mark')].map((m) => m.textContent.toLowerCase()),
      })),
    );
  const all = await rows();
  expect(all.length >= 2, `"air defence" finds several articles (${all.length})`);
  expect(all.every((r) => /^\/articles\/[0-9a-f]+$/.test(r.href)), 'each result links to its article');
  expect(
    all.every((r) => r.marks.length > 0 && r.marks.every((m) => /air|defen/.test(m))),
    'each snippet marks the words searched for',
  );
  expect(
    (await page.locator('section.page p.meta').first().textContent()).startsWith(`${all.length} matching`),
    'the result count matches the rows',
  );
  // Narrow by outlet: the form keeps the words, and only that outlet's articles remain.
  const outlet = all[0].outlet;
  expect(await form.locator('input[name="q"]').inputValue() === 'air defence', 'the form keeps the words');
  await form.locator('input[name="outlet"]').fill(outlet);
  await Promise.all([page.waitForURL(/[?&]outlet=/), form.locator('button[type="submit"]').click()]);
  const narrowed = await rows();
  expect(
    narrowed.length >= 1 && narrowed.length < all.length,
    `the outlet filter narrows the results (${narrowed.length} of ${all.length})`,
  );
  expect(narrowed.every((r) => r.outlet === outlet), `only ${outlet} remains`);
  await shot(page, '06-search');
  // A select filter alone: articles with an AI-byline signal, and the first one shows it.
  await page.goto(base + '/search');
  await form.locator('select[name="signal"]').selectOption('ai-byline');
  await Promise.all([page.waitForURL(/signal=ai-byline/), form.locator('button[type="submit"]').click()]);
  const flagged = await rows();
  expect(flagged.length >= 1, `the signal filter finds articles (${flagged.length})`);
  if (flagged.length >= 1) {
    await page.goto(base + flagged[0].href);
    const tags = await page.locator('.tag.signal').allTextContents();
    expect(tags.includes('ai-byline'), `a found article carries the signal (${tags.join(', ')})`);
  }
});

await step('hostile article', page, async () => {
  // The fixture's external id is a key the server accepts.
  for (const [name, path] of [
    ['05-hostile-article', '/articles/hostile-1'],
    ['05-hostile-article-2', '/articles/hostile-2'],
    ['05-hostile-story', '/stories/hostile-1'],
    ['05-hostile-search', '/search?q=pier'],
  ]) {
    const res = await page.goto(base + path);
    expect(res && res.status() === 200, `${path} answers 200`);
    // Give any payload every chance: hover and click (without following links) every
    // element of the page's content, then let timers run.
    await page.evaluate(() => {
      for (const el of document.body.querySelectorAll('*')) {
        for (const type of ['mouseover', 'mouseenter', 'focus']) el.dispatchEvent(new Event(type));
        if (!el.closest('a')) el.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      }
    });
    await page.waitForTimeout(300);
    const dom = await page.evaluate(() => ({
      pwned: window.__pwned,
      scripts: [...document.scripts].map((s) => s.textContent.slice(0, 40)),
      onAttrs: [...document.querySelectorAll('*')].flatMap((el) =>
        [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}[${a.name}]`),
      ),
      foreign: [...document.querySelectorAll('img, iframe, object, embed, svg[onload], b[onclick]')].map(
        (el) => el.tagName,
      ),
      badLinks: [...document.querySelectorAll('a[href]')]
        .map((a) => a.getAttribute('href'))
        .filter((h) => !/^(\/|#|https?:\/\/)/i.test(h)),
      text: document.body.innerText,
      title: document.title,
    }));
    expect(dom.pwned === false, `${path}: no payload ran (canary: ${dom.pwned})`);
    expect(
      dom.scripts.length === 1 && dom.scripts[0].includes("'use strict'"),
      `${path}: the page's own script is its only script (${JSON.stringify(dom.scripts)})`,
    );
    expect(dom.onAttrs.length === 0, `${path}: no element has an on* attribute (${dom.onAttrs.join(', ')})`);
    expect(dom.foreign.length === 0, `${path}: no image, frame or payload element (${dom.foreign.join(', ')})`);
    expect(dom.badLinks.length === 0, `${path}: every link is a page or http(s) (${dom.badLinks.join(', ')})`);
    // The payloads are shown as the text they are.
    if (path.startsWith('/articles/')) {
      for (const payload of ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '</script><script>alert(2)</script>']) {
        expect(dom.text.includes(payload), `${path}: the payload ${payload} is visible as text`);
      }
    }
    if (path === '/articles/hostile-1') {
      expect(dom.title === "<script>alert('title')</script> Pier closed", `${path}: the title is text ("${dom.title}")`);
      expect(
        dom.text.includes("javascript:alert('url')") &&
          (await page.locator('a', { hasText: 'original' }).count()) === 0,
        `${path}: the javascript: URL is shown, not linked`,
      );
    }
    await shot(page, name);
  }
});

await context.close();
rmSync(userDataDir, { recursive: true, force: true });

if (failures.length) {
  console.error(`\n${failures.length} of ${checks} checks failed:`);
  for (const f of failures) console.error(`  - ${f}`);
  process.exit(1);
}
console.log(`\nall ${checks} checks passed; screenshots in ${artifacts}`);
