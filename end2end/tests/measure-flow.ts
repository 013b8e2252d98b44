import { Browser, expect, Page } from '@playwright/test';
import { email, expectBanner, expectErrorSummary, people, register } from './helpers';
import { confirmAddress, mailsTo } from './mail';
import { logIn } from './moderation-flow';

const GOAL = 'Digital City Administration and the Extended MOL Family';
const IDEA_A = 'Načrt kibernetske varnosti z letnim poročilom';
const IDEA_B = 'Katalog digitalnih rešitev mesta, posodobljen vsako leto';

/**
 * The loop from residents' ideas to the city's measure: a resident supports an idea → the
 * administrator publishes a measure from two ideas, gives it an indicator and two readings,
 * and posts a progress update → the resident finds the notification, and the measure's page
 * shows the progress chart, its table and the update. `check` runs on each new page.
 */
export async function measureLoop(
  browser: Browser,
  javaScriptEnabled: boolean,
  check: (page: Page) => Promise<void> = async () => {},
) {
  const context = people(browser, javaScriptEnabled, 40);
  const stamp = String(Date.now()).slice(-6);
  const title = `Varnostne vaje ${stamp}`;

  const voter = await (await context()).newPage();
  const voterAddress = email('voter');
  await register(voter, `Voter ${stamp}`, voterAddress);
  // Notifications are mailed only to a confirmed address.
  await confirmAddress(voter, voterAddress);
  await voter.goto('/communities/digitalna-ljubljana');
  await voter.getByRole('link', { name: GOAL }).click();
  await voter.getByRole('link', { name: IDEA_A }).click();
  await voter.locator('.idea-votes').getByRole('button', { name: 'Endorse' }).click();
  await expect(voter.locator('.idea-votes').getByText('You endorse this idea.')).toBeVisible();

  const admin = await (await context()).newPage();
  await logIn(admin, 'admin@posvet.example');
  await admin.goto('/communities/digitalna-ljubljana');
  await admin.getByRole('link', { name: GOAL }).click();
  await admin.getByRole('link', { name: 'New measure' }).click();
  await check(admin);
  await admin.getByLabel('Title of the measure').fill(title);
  await admin.getByLabel('Description').fill('Vsako leto **vaja** odziva na kibernetski napad.');
  await admin.getByLabel('Planned start').fill('2026-01-01');
  await admin.getByLabel('Planned end').fill('2027-12-31');
  await admin.getByLabel('Status').selectOption('in_progress');
  await admin.getByLabel(IDEA_A).check();
  await admin.getByLabel(IDEA_B).check();
  // A mistake: no responsible unit. Everything typed and ticked stays.
  await admin.getByRole('button', { name: 'Publish measure' }).click();
  await expectErrorSummary(admin, ['This field is required.']);
  await expect(admin.getByLabel('Title of the measure')).toHaveValue(title);
  await expect(admin.getByLabel(IDEA_B)).toBeChecked();
  await admin.getByLabel('Responsible unit').fill('Služba za digitalizacijo');
  await admin.getByRole('button', { name: 'Publish measure' }).click();
  await expectBanner(admin, 'The measure is saved.');
  await check(admin);

  const addIndicator = admin.locator('form', { has: admin.getByRole('button', { name: 'Add indicator' }) });
  await addIndicator.getByLabel('Indicator name').fill('Izvedene vaje');
  await addIndicator.getByLabel('Unit').fill('vaj');
  await addIndicator.getByLabel('Baseline').fill('0');
  await addIndicator.getByLabel('Target').fill('4');
  await addIndicator.getByLabel('Due date').fill('2027-12-31');
  await addIndicator.getByRole('button', { name: 'Add indicator' }).click();
  const indicator = admin.locator('article.indicator-admin', { hasText: 'Izvedene vaje' });
  await expect(indicator).toBeVisible();
  for (const [date, value] of [['2026-06-30', '1'], ['2026-10-31', 'three']]) {
    const add = admin.locator('article.indicator-admin', { hasText: 'Izvedene vaje' })
      .locator('form', { has: admin.getByRole('button', { name: 'Add reading' }) });
    if (!(await add.isVisible())) {
      await admin.locator('article.indicator-admin', { hasText: 'Izvedene vaje' })
        .locator('summary', { hasText: 'Add reading' }).click();
    }
    await add.getByLabel('Date of the reading').fill(date);
    await add.getByLabel('Value').fill(value);
    await add.getByLabel('Source').fill('Poročilo o vaji');
    await add.getByRole('button', { name: 'Add reading' }).click();
  }
  // "three" is not a number: the form comes back open, with the date kept.
  await expectErrorSummary(admin, ['Enter a number, e.g. 12 or 12.5.']);
  const retry = admin.locator('article.indicator-admin', { hasText: 'Izvedene vaje' })
    .locator('form', { has: admin.getByRole('button', { name: 'Add reading' }) });
  await expect(retry.getByLabel('Date of the reading')).toHaveValue('2026-10-31');
  await retry.getByLabel('Value').fill('3');
  await retry.getByRole('button', { name: 'Add reading' }).click();
  await expect(admin.locator('.readings-admin li')).toHaveCount(2);

  await admin.getByLabel('Text of the update').fill(`Tretja vaja ${stamp} je izvedena.`);
  await admin.getByRole('button', { name: 'Publish update' }).click();
  await expect(admin.getByRole('status')).toContainText('The update is published; people told:');

  await voter.goto('/notifications');
  await check(voter);
  const note = voter.getByRole('link', { name: `New progress update on the measure “${title}”.` });
  await expect(note).toBeVisible();
  await note.click();
  await expect(voter.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(voter.getByText('City measure')).toBeVisible();
  const chart = voter.locator('figure.indicator', { hasText: 'Izvedene vaje' });
  await expect(chart.locator('svg[role="img"]')).toHaveAttribute('aria-label', /Latest reading 3\svaj on 31 Oct 2026; baseline 0\svaj, target 4\svaj; 75% of the way\./);
  await expect(chart.getByRole('row', { name: /30 Jun 2026 1\svaj/ })).toBeVisible();
  await expect(voter.locator('.measure-facts')).toContainText('75% done');
  await expect(voter.locator('.updates')).toContainText(`Tretja vaja ${stamp} je izvedena.`);
  await expect(voter.locator('.sources')).toContainText(IDEA_A);
  await check(voter);

  // The mail (sent at once, the default) through the outbox, with the link to the update.
  const mails = await mailsTo(voterAddress, (m) => m.body.includes(title));
  expect(mails).toHaveLength(1);
  expect(mails[0].body).toMatch(/\/ideas\/\d+#update-\d+/);

  // The idea leads to the measure; the community's implementation page and feed show it.
  await voter.getByRole('link', { name: IDEA_A }).click();
  await expect(voter.locator('.led-to')).toContainText(title);
  await voter.goto('/communities/digitalna-ljubljana/implementation');
  await expect(voter.getByRole('link', { name: title })).toBeVisible();
  await voter.getByLabel('Status').selectOption('planned');
  await voter.getByRole('button', { name: 'Filter' }).click();
  await expect(voter.getByRole('link', { name: title })).toHaveCount(0);
  await check(voter);
  const feed = await voter.request.get('/communities/digitalna-ljubljana/updates.atom');
  expect(feed.headers()['content-type']).toContain('application/atom+xml');
  expect(await feed.text()).toContain(`Tretja vaja ${stamp} je izvedena.`);
  // Opened in the browser, the feed explains itself and leads back to the page.
  // (Playwright's roles know HTML documents only; this one is XML with XHTML inside.)
  await voter.goto('/communities/digitalna-ljubljana/updates.atom');
  await expect(voter.locator('h1')).toContainText('Implementation: Digital Ljubljana');
  await expect(voter.getByText(/This is a feed/)).toBeVisible();
  // Each update as plain text; its HTML (for feed readers) is not shown as markup.
  await expect(voter.locator('summary', { hasText: `Tretja vaja ${stamp} je izvedena.` })).toBeVisible();
  await expect(voter.locator('content').first()).toBeHidden();
  await voter.getByText('Open the implementation page').click();
  await expect(voter).toHaveURL(/\/communities\/digitalna-ljubljana\/implementation$/);

  // The version history shows the measure as published and the indicator added.
  await admin.getByRole('link', { name: 'Versions of the measure' }).click();
  await expect(admin.getByRole('heading', { name: /Version 2: Skrbnik \(demo\)/ })).toBeVisible();
  await expect(admin.locator('.versions ins', { hasText: 'Izvedene vaje (vaj): 0 → 4' })).toBeVisible();
  await check(admin);
}
