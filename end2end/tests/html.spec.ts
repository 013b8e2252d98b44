import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { email, register } from './helpers';
import { pages } from './pages';

// The HTML the server sends (not the DOM after hydration), checked by the Nu HTML Checker
// (npm `vnu-jar`, run with the machine's Java): signed out and signed in, every kind of page
// the other browser tests visit.

// A page with one known error: proves the checker ran on the files and reported what it found.
const CONTROL = '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p>x</div></body></html>';

type Message = { type: string; subType?: string; message: string; url: string; lastLine?: number };

test('the HTML Posvet writes is valid, signed out and signed in', async ({ page, request }) => {
  const dir = mkdtempSync(join(tmpdir(), 'posvet-html-'));
  const files: string[] = [];
  const save = async (name: string, body: string) => {
    const file = join(dir, `${files.length}-${name.replace(/[^a-z0-9]+/gi, '_')}.html`);
    writeFileSync(file, body);
    files.push(file);
  };
  await save('control', CONTROL);
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
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    // The checker exits non-zero when it finds errors; its JSON report is on stderr.
    report = (e as { stderr: string }).stderr;
  }
  const messages: Message[] = report ? JSON.parse(report).messages : [];
  const errors = messages
    .filter((m) => m.type === 'error' || m.subType === 'fatal')
    .map((m) => `${m.url.split('/').pop()}:${m.lastLine ?? '?'}: ${m.message}`);
  // Leptos' `<!>` markers and its scripts after `</html>` no longer reach the browser
  // (server/src/html.rs): every page as served is valid, with nothing exempted.
  expect(errors.filter((e) => !e.startsWith('0-control')), 'HTML errors in what Posvet writes').toEqual([]);
  expect(errors).toEqual(['0-control.html:1: Stray end tag “div”.']);
});
