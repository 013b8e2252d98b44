import { Browser, expect, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { email, expectBanner, expectErrorSummary, pageUrl, people, register } from './helpers';
import { confirmAddress, mailsTo } from './mail';
import { logIn } from './moderation-flow';

/** A workbook's sheets and cells as openpyxl (a spreadsheet library, from PyPI) reads them. */
export function workbookText(path: string): string {
  const script =
    'import sys, openpyxl\n' +
    'wb = openpyxl.load_workbook(open(sys.argv[1], "rb"), read_only=True)\n' +
    'for ws in wb.worksheets:\n' +
    '    print("sheet", ws.title)\n' +
    '    for row in ws.iter_rows(values_only=True):\n' +
    '        print("\\t".join("" if v is None else str(v) for v in row))\n';
  return execFileSync('python3', ['-c', script, path]).toString('utf-8');
}

const ONE_GREEN_PIXEL_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNg+M8AAAICAQB7CYF4AAAAAElFTkSuQmCC';

/**
 * The administrator sets up a consultation with dates and a category → a resident posts an
 * idea in it and votes → the administrator answers with a status → the resident finds the
 * notification, and the mail reaches the SMTP server with the right link. `check` runs on each
 * new page (axe-core in the js project).
 */
export async function setUpToAnswer(
  browser: Browser,
  javaScriptEnabled: boolean,
  check: (page: Page) => Promise<void> = async () => {},
) {
  const context = people(browser, javaScriptEnabled, 20);
  const stamp = Date.now();
  const name = `Zelene strehe ${stamp}`;
  const category = `Zelenje ${stamp}`;

  const admin = await (await context()).newPage();
  await logIn(admin, 'admin@posvet.example');
  await admin.goto('/communities/digitalna-ljubljana');
  await admin.getByRole('link', { name: 'Community settings' }).click();
  await check(admin);
  const newCategory = admin.locator('form.category-form', { hasText: 'New category' });
  await newCategory.getByLabel('Name (Slovenian)').fill(category);
  await newCategory.getByLabel('Name (English)').fill(`Greenery ${stamp}`);
  await newCategory.getByRole('button', { name: 'Add the category' }).click();
  await expectBanner(admin, 'The category is saved.');
  await expect(admin.locator('form.category-form legend', { hasText: category })).toBeVisible();

  await admin.getByRole('link', { name: 'New consultation' }).click();
  await check(admin);
  await admin.getByLabel('Name (Slovenian)').fill(name);
  await admin.getByLabel('Description (Slovenian)').fill('Strehe mestnih stavb **ozelenimo**.');
  await admin.getByLabel('Opens (proposals)').fill('2026-01-01T08:00');
  // A mistake: proposals end before they open. Everything typed stays.
  await admin.getByLabel('End of proposals').fill('2025-12-31T08:00');
  await admin.getByRole('button', { name: 'Create the consultation' }).click();
  await expectErrorSummary(admin, ['The end of proposals must come after the opening.']);
  await expect(admin.getByLabel('Name (Slovenian)')).toHaveValue(name);
  await admin.getByLabel('End of proposals').fill('2099-06-30T23:59');
  await admin.getByLabel('End of voting').fill('2099-07-31T23:59');
  await admin.getByRole('button', { name: 'Create the consultation' }).click();
  await expect(admin.getByRole('heading', { level: 1, name })).toBeVisible();
  await expectBanner(admin, 'The consultation is created.');
  await expect(admin.locator('.phase')).toContainText('until 30 Jun 2099, 23:59');
  await expect(admin.locator('.intro .prose strong')).toHaveText('ozelenimo');
  const consultationUrl = pageUrl(admin);

  // A cover picture: uploaded as a plain form (a file), shown on the consultation's page.
  await admin.getByRole('link', { name: 'Consultation settings' }).click();
  await admin.getByLabel('Picture', { exact: true }).setInputFiles({
    name: 'roof.png',
    mimeType: 'image/png',
    buffer: Buffer.from(ONE_GREEN_PIXEL_PNG, 'base64'),
  });
  await admin.getByRole('button', { name: 'Upload picture' }).click();
  await expect(admin.getByRole('status')).toContainText('Your settings were saved.');
  await expect(admin.getByRole('img', { name: 'The current cover picture' })).toBeVisible();
  await check(admin);
  await admin.goto(consultationUrl);
  await expect(admin.locator('.intro img.cover')).toHaveAttribute('src', /^\/covers\/\d+\.jpg$/);

  const resident = await (await context()).newPage();
  const address = email('rozi');
  await register(resident, 'Resident Rozi', address);
  // Notifications are mailed only to a confirmed address.
  await confirmAddress(resident, address);
  await resident.goto(consultationUrl);
  await resident.getByRole('link', { name: 'Post an idea' }).click();
  await resident.getByLabel('Title').fill(`Green roof on the library ${stamp}`);
  await resident.getByLabel('Description').fill('Start with the central library.');
  await resident.getByLabel('Category').selectOption({ label: `Greenery ${stamp}` });
  // The form's first step: similar ideas (none yet in a new consultation); nothing typed lost.
  await resident.getByRole('button', { name: 'Look for similar ideas first' }).click();
  await expect(resident.locator('#similar')).toContainText('No similar ideas');
  await expect(resident.getByLabel('Description')).toHaveValue('Start with the central library.');
  await check(resident);
  await resident.getByRole('button', { name: 'Publish' }).click();
  await expect(resident.locator('.category')).toHaveText(`Greenery ${stamp}`);
  const ideaUrl = pageUrl(resident);
  await resident.locator('.idea-votes').getByRole('button', { name: /Endorse/ }).click();
  await expect(resident.locator('.idea-votes')).toContainText('You endorse this idea');

  await admin.goto(ideaUrl);
  await admin.getByText('Answer this idea').click();
  await admin.getByLabel('Status').selectOption('adopted');
  await admin.getByLabel('Public message').fill('Planned for 2027. Šiška, Črnuče and Žale first.');
  await admin.getByRole('button', { name: 'Publish the answer' }).click();
  await expect(admin.locator('#answers')).toContainText('Planned for 2027.');

  // The results as a workbook: downloaded from the community's settings (a plain form post)
  // and read back: the idea, its answer, and no e-mail address anywhere.
  await admin.goto('/communities/digitalna-ljubljana/settings');
  await admin.getByLabel('Content', { exact: true }).selectOption({ label: name });
  await admin.getByLabel('File', { exact: true }).selectOption('xlsx');
  const [download] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByRole('button', { name: 'Download' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^posvet-digitalna-ljubljana-\d+-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = workbookText(await download.path());
  expect(workbook).toContain('sheet ideas');
  expect(workbook).toContain('sheet comments');
  expect(workbook).toContain(`Green roof on the library ${stamp}`);
  expect(workbook).toContain('Planned for 2027. Šiška, Črnuče and Žale first.');
  expect(workbook).not.toContain(address);
  if (javaScriptEnabled) {
    // The form showed how it went (fetched and saved by its script).
    await expect(admin.locator('#export-status')).toContainText('Done: posvet-digitalna-ljubljana-');
  }

  // The public results, from the consultation's page: the answered idea ranked with its
  // status, charts drawn on the server with their numbers as tables.
  await resident.goto(consultationUrl);
  await resident.getByRole('link', { name: 'Results in figures' }).click();
  await expect(resident.getByRole('heading', { level: 1 })).toHaveText(`Results: ${name}`);
  const ranking = resident.getByRole('table', { name: 'Ideas by net support' });
  await expect(ranking.locator('tr', { hasText: `Green roof on the library ${stamp}` })).toContainText('Adopted');
  await expect(resident.getByRole('img', { name: /busiest: / }).first()).toBeVisible();
  await expect(resident.getByRole('table', { name: 'Ideas per category' })).toContainText(`Greenery ${stamp}`);
  await resident.getByText('The numbers as a table').first().click();
  await expect(resident.getByRole('table', { name: 'Votes over time' })).toBeVisible();
  await check(resident);

  // The community's dashboard, for its administrators.
  await admin.goto('/communities/digitalna-ljubljana');
  await admin.getByRole('link', { name: 'Dashboard' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toContainText('Dashboard');
  await expect(admin.getByRole('heading', { name: 'Moderation load' })).toBeVisible();
  await check(admin);

  // Search finds it whatever the case, ranked and marked.
  await resident.goto('/search');
  await resident.getByLabel('Words to look for').fill(`LIBRARY ${stamp}`);
  await resident.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(resident.locator('.search-hit mark').first()).toBeVisible();
  await expect(resident.locator('.search-hit h2')).toContainText(`Green roof on the library ${stamp}`);
  await check(resident);

  await resident.goto('/notifications');
  await expect(resident.locator('.notification-list')).toContainText('is now Adopted: Planned for 2027.');
  const ideaPath = new URL(ideaUrl).pathname;
  // Registered from an English browser: the mail is in English.
  const mails = await mailsTo(address, (m) => m.body.includes('Planned for 2027.'));
  expect(mails).toHaveLength(1);
  expect(mails[0].body).toContain(`${ideaPath}#answers`);
  expect(mails[0].headers['subject']).toContain('News from Posvet');
}
