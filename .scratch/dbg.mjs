import { chromium } from 'playwright-core';
import { staticServer } from '/work/main/scripts/static-server.mjs';
import { readFileSync } from 'node:fs';
const server = staticServer('/work/main/dist');
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const BASE = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
for (const f of process.argv.slice(2)) {
  const link = readFileSync(f, 'utf8').trim().replace('http://127.0.0.1:8080/', BASE);
  const page = await (await browser.newContext()).newPage();
  page.on('console', (m) => console.log('console', m.type(), m.text().slice(0, 200)));
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  await page.addInitScript(() => { window.longTasks = []; new PerformanceObserver((l) => window.longTasks.push(...l.getEntries().map((e) => [Math.round(e.startTime), Math.round(e.duration)]))).observe({ type: 'longtask', buffered: true }); });
  const t = Date.now();
  await page.goto(link);
  for (let i = 0; i < 40; i++) {
    const st = await page.evaluate(() => [document.documentElement.dataset.evalStatus, document.querySelector('.eval-problem')?.textContent, document.querySelector('.notice')?.textContent, document.querySelectorAll('.steps .step').length, document.querySelector('#scenario-editor') ? 'editor' : 'noeditor']);
    console.log(f, Date.now() - t, JSON.stringify(st).slice(0, 300));
    if (['done', 'too-slow', 'failed'].includes(st[0])) { console.log('long tasks', JSON.stringify(await page.evaluate(() => window.longTasks))); break; }
    await new Promise((r) => setTimeout(r, 250));
  }
}
await browser.close(); server.close();
