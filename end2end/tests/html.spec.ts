import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { email, register } from './helpers';

// The HTML the server sends (not the DOM after hydration), checked by the Nu HTML Checker
// (npm `vnu-jar`, run with the machine's Java): signed out and signed in, every kind of page
// the other browser tests visit.
const pages = [
  '/',
  '/communities/digitalna-ljubljana',
  '/consultations/1',
  '/consultations/1?sort=new&page=1',
  // Open to guests, with registration questions (the demo's last consultation).
  '/consultations/5',
  '/ideas/1',
  '/consultations/1/new',
  '/ideas/1/edit',
  '/ideas/1/history',
  '/login',
  '/register',
  '/password/forgot',
  '/password/reset?token=0',
  '/account/confirm?token=0',
  '/account',
  '/report/idea/1',
  '/communities/digitalna-ljubljana/moderation/log',
  '/notifications',
  '/consultations/1/answers',
  '/consultations/1/results',
  '/communities/digitalna-ljubljana/dashboard',
  '/consultations/1/settings',
  '/communities/digitalna-ljubljana/settings',
  '/communities/new',
  '/ideas/14',
  '/measures/14/history',
  '/measures/14/manage',
  '/consultations/2/measures/new',
  '/communities/digitalna-ljubljana/implementation',
  '/no-such-page',
];

// Errors only Leptos writes, each matched exactly; anything else fails the test.
const framework = [
  // Markers `<!>` that tachys (Leptos 0.8) writes between adjacent text nodes and for empty
  // views, on every server-rendered page, islands or not.
  /^Bogus comment\.$/,
  // leptos_axum appends its (in islands mode always empty) resource scripts after `</html>`;
  // the checker then stops at the end of the document.
  /^Stray start tag “script”\.$/,
  /^Cannot recover after last error\. Any further errors will be ignored\.$/,
];

type Message = { type: string; subType?: string; message: string; url: string; lastLine?: number };

test('the HTML Posvet writes is valid, signed out and signed in', async ({ page, request }) => {
  const dir = mkdtempSync(join(tmpdir(), 'posvet-html-'));
  const files: string[] = [];
  const save = async (name: string, body: string) => {
    const file = join(dir, `${files.length}-${name.replace(/[^a-z0-9]+/gi, '_')}.html`);
    writeFileSync(file, body);
    files.push(file);
  };
  for (const path of pages) {
    await save(`out${path}`, await (await request.get(path)).text());
  }
  await register(page, 'Validna', email('html'));
  for (const path of pages) {
    await save(`in${path}`, await (await page.request.get(path)).text());
  }

  // The jar itself: the package's own script would look for (or fetch) a Java of its own.
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  let report = '';
  try {
    execFileSync('java', ['-jar', jar, '--errors-only', '--format', 'json', ...files], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      // The report lists every framework marker too: well over the default 1 MB.
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    // The checker exits non-zero when it finds errors; its JSON report is on stderr.
    report = (e as { stderr: string }).stderr;
  }
  const messages: Message[] = report ? JSON.parse(report).messages : [];
  const ours = messages
    .filter((m) => m.type === 'error' || m.subType === 'fatal')
    .filter((m) => !framework.some((f) => f.test(m.message)))
    .map((m) => `${m.url.split('/').pop()}:${m.lastLine ?? '?'}: ${m.message}`);
  expect(ours, 'HTML errors in what Posvet writes').toEqual([]);
  // The checker did run on every page: the framework's markers are there to be found.
  expect(messages.length).toBeGreaterThan(pages.length);
});
