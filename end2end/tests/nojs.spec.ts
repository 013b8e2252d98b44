import { expect, test } from '@playwright/test';
import { email, expectBanner, expectErrorSummary, openFirstConsultation, register } from './helpers';
import { reportHideAppealRestore } from './moderation-flow';
import { answerReachesResidents } from './answer-flow';
import { setUpToAnswer } from './setup-flow';
import { measureLoop } from './measure-flow';
import { accountLoop } from './account-flow';
import { oidcFlow } from './oidc-flow';
import { guestFlow } from './guest-flow';
import { statementsFlow } from './statements-flow';
import { surveysFlow } from './surveys-flow';
import { placesFlow } from './places-flow';

// The same flows with JavaScript disabled: plain form posts, server redirects.
// (axe-core needs JavaScript in the page, so the accessibility checks run in the js project.)
test('without JavaScript a resident registers, votes and argues', async ({ page }) => {
  await register(page, 'Plain Petra', email('petra'));
  await openFirstConsultation(page);
  await page.getByRole('link', { name: 'Top' }).click();
  await page.locator('.idea-card h3 a').first().click();
  const votes = page.locator('.idea-votes');
  const down = votes.locator('.count.down');
  const before = Number((await down.textContent())!.split(' ')[0]);
  await votes.getByRole('button', { name: 'Oppose' }).click();
  await expect(down).toHaveText(before + 1 === 1 ? '1 vote against' : `${before + 1} votes against`);
  await expect(votes.getByText('You oppose this idea.')).toBeVisible();
  await votes.getByRole('button', { name: 'Oppose' }).click();
  await expect(down).toHaveText(before === 1 ? '1 vote against' : `${before} votes against`);

  const pro = page.locator('section.arguments.for');
  await pro.getByLabel('Your argument').fill('x'.repeat(501));
  await pro.getByRole('button', { name: 'Publish argument' }).click();
  // The summary is where the page opens, though the form is far down the idea's page; a second
  // failure leaves one error in the address, not two.
  await expectErrorSummary(page, ['An argument can be at most 500 characters long.']);
  await page.locator('section.arguments.for').getByRole('button', { name: 'Publish argument' }).click();
  await expectErrorSummary(page, ['An argument can be at most 500 characters long.']);
  await expect(page.locator('section.arguments.for').getByLabel('Your argument')).toHaveValue('x'.repeat(501));
  await page.locator('section.arguments.for').getByLabel('Your argument').fill('Works on every phone.');
  await page.locator('section.arguments.for').getByRole('button', { name: 'Publish argument' }).click();
  await expectBanner(page, 'Your argument is published.');
  expect(new URL(page.url()).searchParams.get('__err')).toBeNull();
  await expect(page.locator('section.arguments.for .argument-body', { hasText: 'Works on every phone.' })).toBeVisible();
});

test('without JavaScript a failed idea keeps what was typed', async ({ page }) => {
  await register(page, 'Plain Pavel', email('pavel'));
  await openFirstConsultation(page);
  await page.getByRole('link', { name: 'Post an idea' }).click();
  await page.getByLabel('Title').fill('');
  await page.getByLabel('Description').fill('Kept after the error.');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expectErrorSummary(page, ['This field is required.']);
  await expect(page.getByLabel('Description')).toHaveValue('Kept after the error.');
  await page.getByLabel('Title').fill('Quiet zones in libraries');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Quiet zones in libraries' })).toBeVisible();
  await expectBanner(page, 'Your idea is published.');
});

test('without JavaScript a report is hidden with a reason, appealed and restored', async ({ browser }) => {
  await reportHideAppealRestore(browser, false);
});

test('without JavaScript an official answer reaches everyone who took part', async ({ browser }) => {
  await answerReachesResidents(browser, false);
});

test('without JavaScript an administrator sets up a consultation and the answer is mailed', async ({ browser }) => {
  await setUpToAnswer(browser, false);
});

test('without JavaScript the measure loop works: ideas → measure → readings → update → notified voter', async ({ browser }) => {
  await measureLoop(browser, false);
});

test('without JavaScript a resident confirms the address, resets the password from the mail, downloads and deletes the account', async ({ browser }) => {
  await accountLoop(browser, false);
});

test('without JavaScript OpenID Connect signs in, links an account and refuses a cancelled or forged sign-in', async ({ browser }) => {
  await oidcFlow(browser, false);
});

test('without JavaScript someone takes part without an account and makes it a full account', async ({ browser }) => {
  await guestFlow(browser, false);
});

test('without JavaScript statements are answered one at a time and added', async ({ browser }) => {
  await statementsFlow(browser, false);
});

test('without JavaScript a survey is built, answered page by page and counted', async ({ browser }) => {
  await surveysFlow(browser, false);
});

test('without JavaScript an idea gets a district and a picture, replies thread, ideas filter by area', async ({ browser }) => {
  await placesFlow(browser, false);
});
