// Does the red-team report (report.html from `frontseat redteam`, or the sample written by
// redteam_html_test) open offline in headless Chromium with its charts drawn: a heat-map cell per
// category x strategy with a real size and more than one colour, category bars with threshold
// marks, strategy bars, the worst examples, no console errors, and not a single network request?
// ctest runs it as redteam_report_browser with FRONTSEAT_REDTEAM_REPORT set; without it (as in
// the gateway_openai_e2e run of this whole folder) the test skips. It uses the system Chromium
// (Debian package `chromium`) through playwright-core, which never downloads a browser.
// A full-page screenshot is saved next to the report as report.png for humans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const REPORT = process.env.FRONTSEAT_REDTEAM_REPORT;
const CHROMIUM = process.env.FRONTSEAT_CHROMIUM ?? '/usr/bin/chromium';

const skip = !REPORT ? 'FRONTSEAT_REDTEAM_REPORT is not set (ctest redteam_report_browser sets it)'
  : false;

test('red-team report renders offline in headless Chromium with its charts', { skip, timeout: 120_000 }, async () => {
  assert.ok(existsSync(REPORT), `no report at ${REPORT}`);
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  // Imported here so that the skipped run of this folder needs no node_modules for this file.
  const { chromium } = await import('playwright-core');

  const profile = mkdtempSync(join(tmpdir(), 'frontseat-report-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],  // containers often have a 64 MB /dev/shm
    viewport: { width: 1280, height: 900 },
    offline: true,
  });
  try {
    const blocked = [];
    const problems = [];
    // Every request that is not the report file itself is aborted and counted.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => {
      if (!r.url().startsWith('file:')) return;
      problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`);
    });

    const response = await page.goto(pathToFileURL(resolve(REPORT)).href, { waitUntil: 'load' });
    assert.ok(response === null || response.ok(), 'the report did not load');

    // Heat map: one cell per category x strategy, each drawn with a real size, several colours.
    const heat = await page.$$eval('#heatmap rect.cell', (cells) => cells.map((c) => {
      const b = c.getBoundingClientRect();
      return { w: b.width, h: b.height, fill: getComputedStyle(c).fill, rate: c.dataset.rate,
        category: c.dataset.category, strategy: c.dataset.strategy };
    }));
    const categories = new Set(heat.map((c) => c.category));
    const strategies = new Set(heat.map((c) => c.strategy));
    assert.ok(heat.length > 0, 'the heat map has no cells');
    assert.equal(heat.length, categories.size * strategies.size, 'one cell per category x strategy');
    for (const c of heat) assert.ok(c.w > 10 && c.h > 10, `cell ${c.category} x ${c.strategy} is ${c.w}x${c.h}`);
    const fills = new Set(heat.map((c) => c.fill));
    assert.ok(fills.size > 1, `the heat map has one colour only: ${[...fills]}`);

    // Category bars with their threshold marks; strategy bars.
    const size = (sel) => page.$$eval(sel, (els) => els.map((e) => {
      const b = e.getBoundingClientRect();
      return { w: b.width, h: b.height, rate: Number(e.dataset.rate ?? 0) };
    }));
    const bars = await size('#category-bars rect.bar');
    const marks = await size('#category-bars rect.threshold');
    assert.equal(bars.length, categories.size, 'one category bar per category');
    assert.ok(bars.some((b) => b.w > 0 && b.h > 0), 'no category bar is drawn');
    for (const b of bars) if (b.rate > 0) assert.ok(b.w > 0 && b.h > 0, `bar of rate ${b.rate} is empty`);
    assert.ok(marks.length >= bars.length, `${marks.length} threshold marks for ${bars.length} bars`);
    for (const m of marks) assert.ok(m.w > 0 && m.h > 0, 'a threshold mark has no size');
    const strategyBars = await size('#strategy-bars rect.bar');
    assert.ok(strategyBars.length > 0 && strategyBars.some((b) => b.w > 0), 'no strategy bar is drawn');

    // The worst examples (or the note that there are none).
    const examples = page.locator('#worst-examples');
    assert.equal(await examples.count(), 1, 'no worst-examples section');
    assert.ok(await examples.isVisible(), 'the worst-examples section is hidden');

    // Pixels: a full-page screenshot for people, and two cells of different rates that must
    // differ on screen (the colours are really painted, not just present in the DOM).
    const png = await page.screenshot({ fullPage: true, type: 'png' });
    const shot = join(dirname(resolve(REPORT)), 'report.png');
    writeFileSync(shot, png);
    assert.ok(png.length > 20_000, `the screenshot is ${png.length} bytes: blank page?`);
    const rated = heat.map((c, i) => ({ ...c, i })).filter((c) => c.rate !== 'none');
    if (rated.length > 1) {
      rated.sort((a, b) => Number(a.rate) - Number(b.rate));
      const [lo, hi] = [rated[0], rated[rated.length - 1]];
      if (lo.rate !== hi.rate) {
        const cells = page.locator('#heatmap rect.cell');
        const a = await cells.nth(lo.i).screenshot();
        const b = await cells.nth(hi.i).screenshot();
        assert.ok(!a.equals(b), `cells at ${lo.rate} and ${hi.rate} look the same`);
      }
    }
    const heatShot = await page.locator('#heatmap').screenshot();
    assert.ok(heatShot.length > 5_000, `the heat map screenshot is ${heatShot.length} bytes`);

    assert.deepEqual(blocked, [], 'the report tried to use the network');
    assert.deepEqual(problems, [], 'console errors while rendering');
    console.log(`report ${REPORT}: ${heat.length} cells (${categories.size} x ${strategies.size}), ` +
      `${fills.size} colours, ${bars.length} category bars, ${marks.length} threshold marks, ` +
      `${strategyBars.length} strategy bars; screenshot ${shot} (${png.length} bytes)`);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
