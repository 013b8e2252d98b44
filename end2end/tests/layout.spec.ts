import { expect, Page, test } from '@playwright/test';
import { email, people, register } from './helpers';
import { logIn } from './moderation-flow';
import { adminPages, pages, showcase } from './pages';

// What sticks out past the right edge of a 320 px screen (nothing may: no sideways scrolling),
// named by tag and class so a failure says where to look. Content inside a scrolling box of
// its own (a wide table in `.table-wrap`) does not count: the page itself does not scroll.
async function overflow(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const doc = document.documentElement;
    if (doc.scrollWidth <= doc.clientWidth) return null;
    const out = [...document.body.querySelectorAll('*')]
      .filter((e) => e.getBoundingClientRect().right > doc.clientWidth + 0.5)
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`);
    return `${doc.scrollWidth} px wide: ${out.join(', ')}`;
  });
}

async function checkEveryPage(page: Page, who: string, list: string[]) {
  const problems: string[] = [];
  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of list) {
    await page.goto(path);
    const wide = await overflow(page);
    if (wide) problems.push(`${who} ${path}: ${wide}`);
  }
  // Photographs for review (test-results/…/screenshots): a phone and a laptop.
  for (const width of [390, 1366]) {
    await page.setViewportSize({ width, height: width < 800 ? 844 : 900 });
    for (const path of showcase) {
      await page.goto(path);
      const name = `${who}-${width}-${path.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home'}.png`;
      await page.screenshot({ path: test.info().outputPath('screenshots', name), fullPage: true });
    }
  }
  expect(problems, 'pages that scroll sideways at 320 px').toEqual([]);
}

test('every page fits a 320 px screen, for a visitor, a resident and an administrator', async ({ browser, page }) => {
  test.setTimeout(240_000);
  await checkEveryPage(page, 'visitor', pages);

  const context = people(browser, true, 70);
  const resident = await (await context()).newPage();
  await register(resident, 'Široka Šarlota', email('wide'));
  await checkEveryPage(resident, 'resident', pages);

  const admin = await (await context()).newPage();
  await logIn(admin, 'admin@posvet.example');
  await checkEveryPage(admin, 'admin', [...pages, ...adminPages]);
});
