import { Browser, expect, Page } from '@playwright/test';
import { email, openFirstConsultation, pageUrl, people, register } from './helpers';

export async function logIn(page: Page, address: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(address);
  await page.getByLabel('Password').fill('posvet-demo-2023');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.locator('.user-name')).toBeVisible();
}

/**
 * A resident reports an idea → the moderator hides it with a reason → the author sees the
 * reason and appeals → the moderator restores it. Three people, three browser contexts;
 * `check` runs on each moderation page the flow visits (axe-core in the js project).
 */
export async function reportHideAppealRestore(
  browser: Browser,
  javaScriptEnabled: boolean,
  check: (page: Page) => Promise<void> = async () => {},
) {
  // Four people, each from an address of their own (registration and login are rate-limited
  // per address; the test server trusts 127.0.0.1 as a proxy).
  const context = people(browser, javaScriptEnabled, 0);
  const author = await (await context()).newPage();
  const title = `Bike racks ${Date.now()}`;
  await register(author, 'Author Ana', email('ana'));
  await openFirstConsultation(author);
  await author.getByRole('link', { name: 'Post an idea' }).click();
  await author.getByLabel('Title').fill(title);
  await author.getByLabel('Description').fill('Covered racks at every school.');
  await author.getByRole('button', { name: 'Publish' }).click();
  await expect(author.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const ideaUrl = pageUrl(author);

  const reader = await (await context()).newPage();
  await register(reader, 'Reader Rok', email('rok'));
  await reader.goto(ideaUrl);
  await reader.locator('article.idea > .item-actions').getByRole('link', { name: /Report/ }).click();
  await check(reader);
  await reader.getByRole('button', { name: 'Send the report' }).click();
  await expect(reader.getByText('Choose a reason.').first()).toBeVisible();
  await reader.getByLabel('Spam or advertising').check();
  await reader.getByRole('button', { name: 'Send the report' }).click();
  await expect(reader.getByRole('status')).toContainText('Your report was received');

  const moderator = await (await context()).newPage();
  await logIn(moderator, 'moderator@posvet.example');
  // The header tells a moderator that reports are waiting, and leads to them.
  await expect(moderator.locator('header .queue-link')).toContainText(/Moderation queue \d+/);
  await moderator.goto('/communities/digitalna-ljubljana');
  await moderator.getByRole('main').getByRole('link', { name: 'Moderation queue' }).click();
  await check(moderator);
  const item = moderator.locator('.queue-item', { hasText: title });
  await expect(item).toContainText('Spam or advertising');
  await expect(item).not.toContainText('Reader Rok');
  await item.getByRole('checkbox').check();
  await moderator.getByLabel('Decision').selectOption('hide');
  await moderator.getByLabel('Rule broken (when hiding)').selectOption('off_topic');
  await moderator.getByLabel('Message to the author').fill('Please post this under mobility.');
  await moderator.getByRole('button', { name: 'Apply to the selected items' }).click();
  await expect(moderator.locator('#notice')).toHaveText('1 item hidden.');
  await expect(moderator.locator('.queue-item', { hasText: title })).toHaveCount(0);

  await reader.goto(ideaUrl);
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText('Hidden idea');
  await expect(reader.getByText('Covered racks at every school.')).toHaveCount(0);

  await author.goto(ideaUrl);
  await expect(author.getByText('Hidden by a moderator: Off topic.')).toBeVisible();
  await expect(author.getByText('Please post this under mobility.')).toBeVisible();
  await author.getByRole('link', { name: 'Appeal this decision' }).click();
  await check(author);
  await author.getByLabel('Your appeal').fill('It is about schools, not mobility.');
  await author.getByRole('button', { name: 'Send the appeal' }).click();
  await expect(author.getByRole('status')).toContainText('Your appeal was received');
  await expect(author.getByText('Your appeal is waiting for a moderator.')).toBeVisible();

  await moderator.reload();
  const appealed = moderator.locator('.queue-item', { hasText: title });
  await expect(appealed).toContainText('It is about schools, not mobility.');
  await appealed.getByRole('button', { name: /^Restore/ }).click();
  await expect(moderator.locator('#notice')).toHaveText('1 item shown again.');
  await expect(moderator.locator('.queue-item', { hasText: title })).toHaveCount(0);

  await reader.goto(ideaUrl);
  await expect(reader.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await reader.goto('/communities/digitalna-ljubljana/moderation/log');
  await check(reader);
  await expect(reader.locator('table.log')).toContainText('Appeal granted, restored');
  // The log names what was decided, linked now that the idea can be read again.
  await expect(reader.locator('table.log').getByRole('link', { name: `Idea “${title}”` }).first()).toBeVisible();
  await expect(reader.locator('table.log')).not.toContainText('Moderator (demo)');

  const admin = await (await context()).newPage();
  await logIn(admin, 'admin@posvet.example');
  await admin.goto('/communities/digitalna-ljubljana/audit');
  await check(admin);
  await expect(admin.locator('table.log')).toContainText('Moderator (demo)');
  await admin.goto('/communities/digitalna-ljubljana/members?q=Author');
  await check(admin);
  await expect(admin.locator('.person', { hasText: 'Author Ana' }).first()).toBeVisible();
  await admin.locator('.person', { hasText: 'Author Ana' }).first().getByRole('link', { name: /^Ban/ }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toContainText('Ban Author Ana');
  await check(admin);
  await admin.goto(ideaUrl.replace('/ideas/', '/moderate/idea/'));
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Moderate an item');
  await check(admin);
}
