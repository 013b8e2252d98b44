import { Browser, expect, Page } from '@playwright/test';
import { email, openFirstConsultation, pageUrl, people, register } from './helpers';
import { logIn } from './moderation-flow';

/**
 * A resident posts an idea and another votes on it → the administrator answers it with a
 * status and a public message → both residents find it in their notification centre (the
 * unread count in the header), the idea page shows the status history. `check` runs on each
 * new page the flow visits (axe-core in the js project).
 */
export async function answerReachesResidents(
  browser: Browser,
  javaScriptEnabled: boolean,
  check: (page: Page) => Promise<void> = async () => {},
) {
  const context = people(browser, javaScriptEnabled, 50);
  const author = await (await context()).newPage();
  const title = `Benches ${Date.now()}`;
  await register(author, 'Author Alja', email('alja'));
  await openFirstConsultation(author);
  await expect(author.locator('.phase')).toContainText('Proposals open.');
  await author.getByRole('link', { name: 'Post an idea' }).click();
  await author.getByLabel('Title').fill(title);
  await author.getByLabel('Description').fill('Benches along the river, every 200 metres.');
  await author.getByRole('button', { name: 'Publish' }).click();
  await expect(author.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const ideaUrl = pageUrl(author);
  await expect(author.locator('#follow')).toContainText('You will hear of official answers');

  const voter = await (await context()).newPage();
  await register(voter, 'Voter Vid', email('vid'));
  await voter.goto(ideaUrl);
  await voter.locator('.idea-votes').getByRole('button', { name: /Endorse/ }).click();
  await expect(voter.locator('.idea-votes')).toContainText('You endorse this idea');

  const admin = await (await context()).newPage();
  await logIn(admin, 'admin@posvet.example');
  await admin.goto(ideaUrl);
  await admin.getByText('Answer this idea').click();
  // A message is required; what was chosen stays.
  await admin.getByLabel('Status').selectOption('under_consideration');
  await admin.getByRole('button', { name: 'Publish the answer' }).click();
  await expect(admin.getByText('This field is required.').first()).toBeVisible();
  await expect(admin.getByLabel('Status')).toHaveValue('under_consideration');
  await admin.getByLabel('Public message').fill('The parks department is costing it.');
  await admin.getByRole('button', { name: 'Publish the answer' }).click();
  const answers = admin.locator('#answers');
  await expect(answers).toContainText('Under consideration');
  await expect(answers).toContainText('The parks department is costing it.');
  await check(admin);

  // The bulk page: the same idea, now adopted.
  await openFirstConsultation(admin);
  await admin.getByRole('link', { name: 'Official answers' }).click();
  await check(admin);
  await admin.getByLabel(title).check();
  await admin.getByLabel('Status').selectOption('adopted');
  await admin.getByLabel('Public message').fill('Adopted in measure 2.3.');
  await admin.getByRole('button', { name: 'Publish the answer' }).click();
  await expect(admin.getByRole('status')).toContainText('Ideas answered: 1.');

  for (const page of [author, voter]) {
    await page.goto('/');
    const link = page.locator('.notifications-link');
    await expect(link).toContainText('2');
    await link.click();
    await check(page);
    const list = page.locator('.notification-list');
    await expect(list).toContainText(`“${title}” is now Adopted: Adopted in measure 2.3.`);
    await expect(list).toContainText(`“${title}” is now Under consideration`);
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await expect(page.locator('.notifications-link')).not.toContainText('2');
  }
  await voter.goto(ideaUrl);
  const history = voter.locator('#answers li');
  await expect(history).toHaveCount(2);
  await expect(history.first()).toContainText('Adopted');
}
