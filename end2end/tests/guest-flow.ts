import { Browser, expect, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { email, pageUrl, people } from './helpers';
import { logIn } from './moderation-flow';

/**
 * Taking part without an account, through the browser: the administrator opens a new
 * consultation to guests and asks a statistics question (a mistake first keeps what was
 * typed) → someone with no account answers it and takes part at once under a pseudonym, posts
 * an idea → makes the guest account a full one (a common password refused first) and keeps the
 * idea → the administrator downloads the answers, summed up. A guest is never offered a
 * consultation that takes full accounts only. `check` runs on each new page.
 */
export async function guestFlow(
  browser: Browser,
  javaScriptEnabled: boolean,
  check: (page: Page) => Promise<void> = async () => {},
) {
  const context = people(browser, javaScriptEnabled, 90);
  const stamp = `${Date.now()}`.slice(-7);
  const name = `Open to guests ${stamp}`;

  const admin = await (await context()).newPage();
  await logIn(admin, 'admin@posvet.example');
  await admin.goto('/communities/digitalna-ljubljana/consultations/new');
  await admin.getByLabel('Name (Slovenian)').fill(name);
  await admin.getByLabel('People may also take part without an account').check();
  await admin.getByRole('button', { name: 'Create the consultation' }).click();
  await expect(admin.getByRole('heading', { level: 1, name })).toBeVisible();
  const consultationUrl = pageUrl(admin);

  await admin.getByRole('link', { name: 'Consultation settings' }).click();
  await expect(admin.getByLabel('People may also take part without an account')).toBeChecked();
  const questions = admin.locator('#questions');
  await questions.getByLabel('Question (Slovenian)').fill('Četrtna skupnost');
  await questions.getByLabel('Question (English)').fill('District');
  await questions.getByLabel('Answers (Slovenian)').fill('Center\nŠiška\nVič');
  await questions.getByLabel('Answers (English)').fill('Centre\nŠiška');
  await questions.getByRole('button', { name: 'Add the question' }).click();
  await expect(admin.getByText('Give one English answer for each Slovenian answer').first()).toBeVisible();
  await expect(admin.locator('#questions').getByLabel('Answers (Slovenian)')).toHaveValue('Center\nŠiška\nVič');
  await admin.locator('#questions').getByLabel('Answers (English)').fill('Centre\nŠiška\nVič');
  await admin.locator('#questions').getByRole('button', { name: 'Add the question' }).click();
  await expect(admin.getByRole('status')).toContainText('Your settings were saved.');
  // The administrator reads in English: the question's English text.
  await expect(admin.locator('#questions .person-name')).toHaveText(['District']);
  await check(admin);

  // Someone without an account: a pseudonym at once, with the optional answer.
  const visitor = await (await context()).newPage();
  await visitor.goto(consultationUrl);
  const takePart = visitor.locator('#take-part');
  await expect(takePart.getByRole('heading', { name: 'Take part without an account' })).toBeVisible();
  await check(visitor);
  await takePart.getByLabel('District').selectOption({ label: 'Šiška' });
  await takePart.getByRole('button', { name: 'Take part without an account' }).click();
  await expect(visitor.getByRole('status')).toContainText('You are taking part as a guest.');
  await expect(visitor.locator('.user-name')).toHaveText(/^Participant \d{4}$/);
  await expect(visitor.locator('#take-part')).toHaveCount(0);
  await visitor.getByRole('link', { name: 'Post an idea' }).click();
  await visitor.getByLabel('Title').fill(`Benches on the embankment ${stamp}`);
  await visitor.getByLabel('Description').fill('Every hundred metres.');
  await visitor.getByRole('button', { name: 'Publish' }).click();
  await expect(visitor.getByRole('heading', { level: 1, name: `Benches on the embankment ${stamp}` })).toBeVisible();
  const ideaUrl = pageUrl(visitor);

  // A full account from the guest's: the same account, so the idea stays theirs.
  await visitor.locator('.user-name').click();
  await expect(visitor.getByText('You take part as a guest')).toBeVisible();
  await expect(visitor.getByRole('link', { name: 'E-mail notification settings' })).toHaveCount(0);
  await check(visitor);
  const full = visitor.locator('#full-account');
  const address = email('guest');
  await full.getByLabel('Email').fill(address);
  await full.getByLabel('Public name').fill(`Guest Gaja ${stamp}`);
  await full.getByLabel('Password').fill('Password2024!');
  await full.getByRole('button', { name: 'Make it a full account' }).click();
  await expect(visitor.getByText('Many people use this password').first()).toBeVisible();
  await expect(visitor.locator('#full-account').getByLabel('Email')).toHaveValue(address);
  await visitor.locator('#full-account').getByLabel('Password').fill('a bench every hundred metres');
  await visitor.locator('#full-account').getByRole('button', { name: 'Make it a full account' }).click();
  await expect(visitor.getByRole('status')).toContainText('Your account is now a full account.');
  await expect(visitor.locator('.user-name')).toHaveText(`Guest Gaja ${stamp}`);
  await expect(visitor.getByText(`Your e-mail address is ${address}.`)).toBeVisible();
  await expect(visitor.getByRole('link', { name: 'E-mail notification settings' })).toBeVisible();
  await visitor.goto(ideaUrl);
  await expect(visitor.getByRole('main')).toContainText(`Guest Gaja ${stamp}`);

  // The administrator's export: how many gave each answer, nobody's name or address.
  await admin.goto('/communities/digitalna-ljubljana/settings');
  await admin.getByLabel('Content', { exact: true }).selectOption({ label: name });
  await admin.getByLabel('File', { exact: true }).selectOption('csv-participants');
  const [download] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByRole('button', { name: 'Download' }).click(),
  ]);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv).toContain('District,Šiška,1');
  expect(csv).toContain('District,Vič,0');
  expect(csv).toContain('District,I would rather not say,0');
  expect(csv).not.toContain('Gaja');
  expect(csv).not.toContain('@');

  // A consultation that takes accounts only offers no way in without one.
  const reader = await (await context()).newPage();
  await reader.goto('/communities/digitalna-ljubljana');
  await reader.getByRole('link', { name: 'Digital City and Community' }).click();
  await expect(reader.getByRole('heading', { level: 1, name: 'Digital City and Community' })).toBeVisible();
  await expect(reader.locator('#take-part')).toHaveCount(0);
}
