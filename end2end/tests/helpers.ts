import { Browser, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

let counter = 0;

/** A unique email for a test user. */
export function email(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now()}-${counter}@example.org`;
}

/** Waits until the wasm bundle has hydrated the page (the app marks <body>). */
export async function hydrated(page: Page) {
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30_000 });
}

/** WCAG 2.2 A/AA rules of axe-core: the page must have no violations. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, 'axe-core violations').toEqual([]);
}

/** axe-core at the page's width and again at a phone's (320 px). */
export async function expectAccessibleAtBothWidths(page: Page) {
  await expectAccessible(page);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  await expectAccessible(page);
  if (size) await page.setViewportSize(size);
}

export async function register(page: Page, name: string, address: string) {
  await page.goto('/register');
  await page.getByLabel('Public name').fill(name);
  await page.getByLabel('Email').fill(address);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.locator('.user-name')).toHaveText(name);
  await expectBanner(page, 'Welcome! Your account is ready.');
}

/** The banner that says what the last action did: there, starting with `text`, in view. */
export async function expectBanner(page: Page, text: string) {
  const banner = page.locator('#notice');
  await expect(banner).toContainText(text);
  expect((await banner.textContent())!.trim().startsWith(text)).toBe(true);
  await expect(banner).toBeInViewport();
  expect(new URL(page.url()).hash).toBe('#notice');
}

/**
 * A failed post came back as GOV.UK's pattern has it: "There is a problem" with each error, in
 * view; the title says "Error:"; one error in the address however often it failed.
 */
export async function expectErrorSummary(page: Page, errors: string[]) {
  const summary = page.locator('#error-summary');
  await expect(summary.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  for (const error of errors) await expect(summary).toContainText(error);
  await expect(summary).toBeInViewport();
  await expect(page).toHaveTitle(/^Error: /);
  const url = new URL(page.url());
  expect(url.hash).toBe('#error-summary');
  expect(url.searchParams.getAll('__err')).toHaveLength(1);
  // Every link in the summary leads to a field that exists.
  for (const href of await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!))) {
    if (href.startsWith('#')) await expect(page.locator(href)).toHaveCount(1);
  }
}

/** The consultation page of the first strategic goal. */
export async function openFirstConsultation(page: Page) {
  await page.goto('/communities/digitalna-ljubljana');
  await page.getByRole('link', { name: 'Digital City and Community' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Digital City and Community' })).toBeVisible();
}

/**
 * A browser context for one person of a flow, from an address of their own (registration and
 * login are rate-limited per address; the test server trusts 127.0.0.1 as a proxy). `block`
 * keeps the flows' addresses apart: with JavaScript `block + n`, without `block + 100 + n`.
 */
export function people(browser: Browser, javaScriptEnabled: boolean, block: number) {
  let person = 0;
  return () => {
    person += 1;
    const address = `198.51.100.${block + (javaScriptEnabled ? 0 : 100) + person}`;
    return browser.newContext({ javaScriptEnabled, locale: 'en-GB', extraHTTPHeaders: { 'X-Forwarded-For': address } });
  };
}

/** The address of the page shown, without what the last action added (its notice, `#notice`). */
export function pageUrl(page: Page): string {
  const url = new URL(page.url());
  for (const p of ['notice', 'n', 'at', '__err']) url.searchParams.delete(p);
  url.hash = '';
  return url.toString();
}
