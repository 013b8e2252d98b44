import { Browser, expect, Page } from '@playwright/test';
import { email, expectBanner, expectErrorSummary, hydrated, people } from './helpers';

/** The demo's consultation of statements: a real Pol.is conversation (Bowling Green 2050). */
export const statementsConsultation = '/consultations/6';

/**
 * A resident answers statements one at a time (agree, pass, disagree), with the progress
 * counting up and a new statement each time; adds a statement (one too long first, which
 * keeps what was typed); then reads the opinion groups on the results page and the statements
 * in "common ground" order. Without JavaScript each answer is a plain form post that brings
 * the next statement back; with it, the island swaps the statement in place and moves focus
 * to it. `check` runs on each new page.
 */
export async function statementsFlow(
  browser: Browser,
  javaScriptEnabled: boolean,
  check: (page: Page) => Promise<void> = async () => {},
) {
  const context = people(browser, javaScriptEnabled, 110);
  const page = await (await context()).newPage();
  await page.goto('/register');
  await page.getByLabel('Public name').fill('Statement Stana');
  await page.getByLabel('Email').fill(email('stana'));
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.locator('.user-name')).toHaveText('Statement Stana');

  await page.goto(statementsConsultation);
  await expect(page.getByRole('heading', { level: 2, name: 'Statements' })).toBeVisible();
  await page.getByRole('link', { name: 'Answer the statements' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bowling Green 2050: a real Pol.is conversation' })).toBeVisible();
  if (javaScriptEnabled) await hydrated(page);
  const progress = page.locator('#deck-progress');
  await expect(progress).toHaveText(/^Statement 1 of \d+$/);
  const total = Number((await progress.textContent())!.match(/of (\d+)/)![1]);
  expect(total).toBeGreaterThan(100);
  await check(page);

  const statement = page.locator('.statement');
  const seen: string[] = [];
  const answers = page.locator('form.answers');
  for (const [n, answer] of [[2, 'Agree'], [3, 'Pass / unsure'], [4, 'Disagree']] as const) {
    seen.push((await statement.textContent())!.trim());
    await answers.getByRole('button', { name: answer, exact: true }).click();
    await expect(progress).toHaveText(`Statement ${n} of ${total}`);
    if (javaScriptEnabled) {
      // In place: the same address, the saved answer said, focus on the new statement.
      expect(new URL(page.url()).hash).toBe('');
      await expect(page.locator('.deck-saved')).toHaveText('Your answer is saved.');
      await expect(page.locator('.deck-frame')).toBeFocused();
    } else {
      await expectBanner(page, 'Your answer is saved.');
    }
    await expect(statement).not.toHaveText(seen[seen.length - 1]);
    expect(seen).not.toContain((await statement.textContent())!.trim());
  }

  // A statement of one's own: too long first; what was typed is kept.
  const form = page.locator('#add-statement');
  const long = 'Bike lanes on every street that leads to a school, so that children can ride safely. '.repeat(2);
  await form.getByLabel('Statement').fill(long);
  await form.getByRole('button', { name: 'Add the statement' }).click();
  await expectErrorSummary(page, ['The statement is longer than 140 characters. Shorten it to one thought.']);
  await expect(page.locator('#add-statement').getByLabel('Statement')).toHaveValue(long);
  await check(page);
  await page.locator('#add-statement').getByLabel('Statement').fill('Bike lanes on every street that leads to a school.');
  await page.locator('#add-statement').getByRole('button', { name: 'Add the statement' }).click();
  await expectBanner(page, 'Your statement is published.');
  // The answers so far stay answered: the new statement adds one to the total.
  await expect(progress).toHaveText(`Statement 4 of ${total + 1}`);

  // The opinion groups formed by the conversation's real participants (the worker computes
  // them within seconds of the start).
  await page.getByRole('link', { name: 'Results and opinion groups' }).click();
  const groups = page.locator('section.opinion-groups');
  await expect(groups.getByRole('heading', { level: 2, name: 'Opinion groups' })).toBeVisible();
  await expect(groups.locator('.group-map svg')).toBeVisible();
  await check(page);

  await page.goto(`${statementsConsultation}?sort=common-ground`);
  await expect(page.getByRole('link', { name: 'Common ground' })).toHaveAttribute('aria-current', 'true');
  await expect(page.locator('.idea-card').first()).toBeVisible();
  await check(page);
  await page.close();
}
