// One-off measurement (not part of the suite): a moderator clears the whole moderation queue
// of a generated community in Chromium, a page of 50 at a time with "Apply to every item on
// this page". Usage: BASE=http://127.0.0.1:3200 JS=0|1 node clear-queue.mjs
import { chromium } from '@playwright/test';

const base = process.env.BASE ?? 'http://127.0.0.1:3200';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
const page = await (await browser.newContext({ javaScriptEnabled: process.env.JS === '1' })).newPage();
await page.goto(`${base}/login`);
await page.getByLabel('Email').fill('u1@bench.posvet.example');
await page.getByLabel('Password').fill('posvet-bench-2026');
await page.getByRole('button', { name: /Log in|Prijava/ }).click();
const started = Date.now();
let t0 = Date.now();
await page.goto(`${base}/communities/obsezna-obravnava/moderation`);
const firstLoad = Date.now() - t0;
let presses = 0;
const loads = [];
while (await page.locator('.queue-item').count() > 0) {
  await page.locator('#decide-decision').selectOption('approve');
  t0 = Date.now();
  await page.locator('button[name="single"][value="page"]').click();
  await page.waitForLoadState('load');
  loads.push(Date.now() - t0);
  presses += 1;
}
loads.sort((a, b) => a - b);
console.log(JSON.stringify({
  presses, total_ms: Date.now() - started, first_page_load_ms: firstLoad,
  press_to_next_page_ms: { median: loads[Math.floor(loads.length / 2)], max: loads[loads.length - 1] },
}));
await browser.close();
