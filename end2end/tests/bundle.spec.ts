import { expect, Page, test } from '@playwright/test';
import { email, hydrated, openFirstConsultation, register } from './helpers';

// What the page costs to send: the islands bundle (wasm and its JS) within budget, measured as
// the bytes that crossed the network (compressed), and loaded only where a page has islands.
const BUDGET_BYTES = 150 * 1000;

/** Bytes of wasm and JavaScript the page fetched, by address, from the network log. */
function scriptBytes(page: Page): Map<string, number> {
  const sizes = new Map<string, number>();
  page.on('requestfinished', async (request) => {
    const path = new URL(request.url()).pathname;
    if (/\.(wasm|js)$/.test(path)) {
      const { responseBodySize } = await request.sizes();
      sizes.set(path, responseBodySize);
    }
  });
  return sizes;
}

const total = (sizes: Map<string, number>) => [...sizes.values()].reduce((a, b) => a + b, 0);

test('a signed-in group page loads at most 150 KB of script, and votes change in place', async ({ page }) => {
  await register(page, 'Budget Bogdan', email('budget'));
  const sizes = scriptBytes(page);
  await openFirstConsultation(page);
  await hydrated(page);
  await expect.poll(() => sizes.size).toBe(2);
  expect([...sizes.keys()].some((p) => p.endsWith('.wasm'))).toBe(true);
  expect(total(sizes), `script bytes: ${JSON.stringify([...sizes])}`).toBeLessThanOrEqual(BUDGET_BYTES);

  // The islands work: a vote on a card updates its counts without loading a page.
  await page.evaluate(() => ((window as any).__noReload = true));
  const card = page.locator('.idea-card').first();
  const up = card.locator('.count.up');
  const before = Number((await up.textContent())!.split(' ')[0]);
  await card.getByRole('button', { name: 'Endorse' }).click();
  await expect(up).toHaveText(new RegExp(`^${before + 1} `));
  await expect(card.getByRole('button', { name: 'Endorse' })).toHaveAttribute('aria-pressed', 'true');
  await expect(card.getByRole('button', { name: 'Endorse' })).toBeFocused();
  expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
});

test('a page without islands loads no script at all', async ({ page }) => {
  const sizes = scriptBytes(page);
  await openFirstConsultation(page);
  await page.locator('.idea-card h3 a').first().click();
  await hydrated(page);
  await page.goto('/login');
  await hydrated(page);
  expect([...sizes.keys()]).toEqual([]);
});
