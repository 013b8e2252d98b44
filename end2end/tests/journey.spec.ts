import { expect, test } from '@playwright/test';
import { email, expectAccessible, expectBanner, expectErrorSummary, hydrated, openFirstConsultation, pageUrl, register } from './helpers';

// One resident posts an idea, another argues against it and votes, the first sees the result.
test('an idea is posted, debated and voted on by two residents', async ({ browser }) => {
  const author = await (await browser.newContext()).newPage();
  await register(author, 'Author Ana', email('ana'));
  await hydrated(author);
  await openFirstConsultation(author);
  await author.getByRole('link', { name: 'Post an idea' }).click();
  await expect(author.getByRole('heading', { name: 'Post an idea' })).toBeVisible();
  await expectAccessible(author);

  // A mistake is explained next to the field and nothing typed is lost.
  const title = `Bike racks at every library ${Date.now() % 100000}`;
  await author.getByLabel('Title').fill('x'.repeat(61));
  await author.getByLabel('Description').fill('Secure **bike racks** next to each branch.');
  await author.getByRole('button', { name: 'Publish' }).click();
  // "There is a problem" at the top of the form, in view, each error a link to its field.
  await expectErrorSummary(author, ['The title can be at most 60 characters long.']);
  await author.getByRole('link', { name: 'The title can be at most 60 characters long.' }).click();
  await expect(author.getByLabel('Title')).toBeInViewport();
  await expect(author.getByLabel('Description')).toHaveValue('Secure **bike racks** next to each branch.');
  await expect(author.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');

  await author.getByLabel('Title').fill(title);
  await author.getByRole('button', { name: 'Publish' }).click();
  await expect(author.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expectBanner(author, 'Your idea is published.');
  await expect(author.locator('.prose strong')).toHaveText('bike racks');
  const ideaUrl = pageUrl(author);

  const critic = await (await browser.newContext()).newPage();
  await register(critic, 'Critic Bojan', email('bojan'));
  await critic.goto(ideaUrl);
  await hydrated(critic);
  await expectAccessible(critic);
  const against = critic.locator('section.arguments.against');
  await against.getByLabel('Your argument').fill('Racks take space from the pavement.');
  await against.getByRole('button', { name: 'Publish argument' }).click();
  await expectBanner(critic, 'Your argument is published.');
  await critic.getByRole('link', { name: 'Show it on the page' }).click();
  await expect(against.locator('.argument-body')).toHaveText('Racks take space from the pavement.');
  await expect(against.locator('.argument-body')).toBeInViewport();

  // With JavaScript, the vote updates in place: no navigation happens.
  await critic.evaluate(() => ((window as any).__noReload = true));
  await critic.locator('.idea-votes').getByRole('button', { name: 'Oppose' }).click();
  await expect(critic.locator('.idea-votes .count.down')).toHaveText('1 vote against');
  await expect(critic.locator('.idea-votes').getByRole('button', { name: 'Oppose' })).toHaveAttribute('aria-pressed', 'true');
  expect(await critic.evaluate(() => (window as any).__noReload)).toBe(true);

  // The author sees the argument and the vote.
  await author.reload();
  await expect(author.locator('section.arguments.against .argument-body')).toHaveText('Racks take space from the pavement.');
  await expect(author.locator('.idea-votes .count.down')).toHaveText('1 vote against');
  await expect(author.locator('.idea-votes .count.up')).toHaveText('0 votes for');
});

test('a vote can be flipped and withdrawn', async ({ page }) => {
  await register(page, 'Voter Vida', email('vida'));
  await openFirstConsultation(page);
  await page.getByRole('link', { name: 'Top' }).click();
  await page.locator('.idea-card h3 a').first().click();
  await hydrated(page);
  const votes = page.locator('.idea-votes');
  const up = votes.locator('.count.up');
  const before = Number((await up.textContent())!.split(' ')[0]);
  await votes.getByRole('button', { name: 'Endorse' }).click();
  await expect(up).toHaveText(`${before + 1} votes for`);
  await votes.getByRole('button', { name: 'Oppose' }).click();
  await expect(up).toHaveText(before === 1 ? '1 vote for' : `${before} votes for`);
  await expect(votes.getByText('You oppose this idea.')).toBeVisible();
  await votes.getByRole('button', { name: 'Oppose' }).click();
  await expect(votes.getByRole('button', { name: 'Oppose' })).toHaveAttribute('aria-pressed', 'false');
});

test('the language switch changes every text and is remembered', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Public consultations');
  await page.getByRole('link', { name: 'Slovenščina' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Javni posveti');
  await expect(page.locator('html')).toHaveAttribute('lang', 'sl');
  await page.goto('/login');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Prijava');
});
