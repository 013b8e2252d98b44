import { Browser, expect, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { email, expectErrorSummary, people, register } from './helpers';
import { linkIn, mailsTo } from './mail';

/**
 * A resident's account from start to end, through the real SMTP server: registers → confirms
 * the address from the mail → forgets the password and sets a new one from the mail (an
 * unknown address gets the same answer; a common password is refused; the link works once)
 * → downloads their data → deletes the account, keeping what they wrote without their name.
 * `check` runs on each account page.
 */
export async function accountLoop(
  browser: Browser,
  javaScriptEnabled: boolean,
  check: (page: Page) => Promise<void> = async () => {},
) {
  const context = people(browser, javaScriptEnabled, 60);
  const stamp = String(Date.now()).slice(-6);
  const page = await (await context()).newPage();
  const address = email('account');
  const name = `Account ${stamp}`;
  await register(page, name, address);

  const [confirmation] = await mailsTo(address, (m) => m.body.includes('/account/confirm?token='));
  await page.goto(linkIn(confirmation.body, '/account/confirm'));
  await check(page);
  await page.getByRole('button', { name: 'Confirm the e-mail address' }).click();
  await expect(page.getByRole('status')).toHaveText('Your e-mail address is confirmed.');

  await page.getByRole('link', { name: `${name}: your account` }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await expect(page.getByText(`Your e-mail address is ${address}. It is confirmed.`)).toBeVisible();
  await check(page);

  await page.getByRole('button', { name: 'Log out' }).click();
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await check(page);
  const sent = 'If this address has an account on Posvet, we have sent it a link';
  // An address without an account gets the same answer as one with.
  await page.getByLabel('Email').fill(`nobody-${address}`);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('status')).toContainText(sent);
  await page.getByLabel('Email').fill(address);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('status')).toContainText(sent);

  const [reset] = await mailsTo(address, (m) => m.body.includes('/password/reset?token='));
  expect(reset.headers['subject']).toContain('A new password for Posvet');
  const resetLink = linkIn(reset.body, '/password/reset');
  await page.goto(resetLink);
  await check(page);
  await page.getByLabel('New password').fill('Password2024!');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expectErrorSummary(page, ['Many people use this password']);
  const password = `a long new passphrase ${stamp}`;
  await page.getByLabel('New password').fill(password);
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password has been changed and you are signed in.');
  await expect(page.locator('.user-name')).toHaveText(name);

  // The link works once.
  await page.goto(resetLink);
  await expect(page.getByRole('alert')).toContainText('This link has expired or has already been used. Ask for a new one.');

  await page.goto('/account');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download my data' }).click(),
  ]);
  const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(data.account[0].email).toBe(address);
  expect(data.account[0].display_name).toBe(name);
  expect(data.notifications).toEqual([]);

  const deletion = page.locator('form', { has: page.getByRole('button', { name: 'Delete my account' }) });
  await deletion.getByLabel('Keep them, without my name').check();
  await deletion.getByLabel('Current password').fill('not my password');
  await deletion.getByRole('button', { name: 'Delete my account' }).click();
  await expect(deletion.getByText('The current password is not correct.').first()).toBeVisible();
  // The choice is kept; the password is asked again.
  await expect(deletion.getByLabel('Keep them, without my name')).toBeChecked();
  await deletion.getByLabel('Current password').fill(password);
  await deletion.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByRole('status')).toHaveText('Your account has been deleted.');
  await expect(page.locator('.user-name')).toHaveCount(0);

  await page.goto('/login');
  await page.getByLabel('Email').fill(address);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert').first()).toContainText('The email or password is not correct.');
}
