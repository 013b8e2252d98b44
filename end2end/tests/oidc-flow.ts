import { Browser, expect, Page } from '@playwright/test';
import { people, register } from './helpers';

const PROVIDER = 'Sign in with Test city ID';

/** At the test OpenID provider's own pages: signs in as `account`, then agrees. */
async function atProvider(page: Page, account: string) {
  await page.locator('input[name="login"]').fill(account);
  await page.locator('input[name="password"]').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  const consent = page.getByRole('button', { name: 'Continue' });
  if (await consent.isVisible()) await consent.click();
}

/**
 * OpenID Connect against a real provider (npm `oidc-provider`, started by the test set-up):
 * a first sign-in makes an account; a provider account with the address of an existing account
 * is linked only after that account's password; cancelling at the provider, a wrong state and
 * a forged code each end on the login page with a clear message and no one signed in.
 * `check` runs on each Posvet page.
 */
export async function oidcFlow(
  browser: Browser,
  javaScriptEnabled: boolean,
  check: (page: Page) => Promise<void> = async () => {},
) {
  const context = people(browser, javaScriptEnabled, 80);
  const stamp = String(Date.now()).slice(-6);

  // A first sign-in makes an account from the provider's verified address and name.
  const newcomer = await (await context()).newPage();
  await newcomer.goto('/login');
  await check(newcomer);
  await newcomer.getByRole('link', { name: PROVIDER }).click();
  const nika = `nika-${stamp}-${javaScriptEnabled ? 'js' : 'nojs'}`;
  await atProvider(newcomer, `${nika}@example.org`);
  await expect(newcomer.locator('.user-name')).toHaveText(nika);
  await newcomer.goto('/account');
  await expect(newcomer.getByRole('heading', { name: 'Signing in with other accounts' })).toBeVisible();
  // The only way in of an account without a password stays.
  await newcomer.getByRole('button', { name: 'Remove Test city ID' }).click();
  await expect(newcomer.getByRole('alert')).toContainText('This is the only way you sign in.');
  await expect(newcomer.getByRole('button', { name: 'Remove Test city ID' })).toBeVisible();
  // No password to confirm changes with: the account has none yet.
  await expect(newcomer.getByLabel('Current password')).toHaveCount(0);
  await check(newcomer);

  // An existing account's address: linked only once its password is given.
  const resident = await (await context()).newPage();
  const address = `linda-${stamp}-${javaScriptEnabled ? 'js' : 'nojs'}@example.org`;
  await register(resident, `Linda ${stamp}`, address);
  await resident.getByRole('button', { name: 'Log out' }).click();
  await resident.goto('/login');
  await resident.getByRole('link', { name: PROVIDER }).click();
  await atProvider(resident, address);
  await expect(resident.getByRole('status')).toContainText('already has an account on Posvet');
  await expect(resident.locator('.user-name')).toHaveCount(0);
  await expect(resident.getByLabel('Email')).toHaveValue(address);
  await check(resident);
  await resident.getByLabel('Password').fill('correct horse battery');
  await resident.getByRole('button', { name: 'Log in' }).click();
  await expect(resident.getByRole('status')).toContainText('The accounts are linked');
  await expect(resident.getByRole('button', { name: 'Remove Test city ID' })).toBeVisible();
  await resident.getByRole('button', { name: 'Log out' }).click();
  await resident.goto('/login');
  await resident.getByRole('link', { name: PROVIDER }).click();
  // The provider remembers its own sign-in; it may only ask to agree again.
  const consent = resident.getByRole('button', { name: 'Continue' });
  const signIn = resident.locator('input[name="login"]');
  await expect(consent.or(signIn).or(resident.locator('.user-name'))).toBeVisible();
  if (await signIn.isVisible()) await atProvider(resident, address);
  else if (await consent.isVisible()) await consent.click();
  await expect(resident.locator('.user-name')).toHaveText(`Linda ${stamp}`);
  // A provider one no longer uses is removed on the account page.
  await resident.goto('/account');
  await resident.getByRole('button', { name: 'Remove Test city ID' }).click();
  await expect(resident.getByRole('status')).toContainText('that account can no longer sign you in');
  await expect(resident.getByRole('button', { name: 'Remove Test city ID' })).toHaveCount(0);

  // Cancelled at the provider.
  const canceller = await (await context()).newPage();
  await canceller.goto('/login');
  await canceller.getByRole('link', { name: PROVIDER }).click();
  await canceller.getByRole('link', { name: '[ Cancel ]' }).click();
  await expect(canceller.getByRole('alert')).toContainText('You cancelled the sign-in. You are not signed in.');
  await expect(canceller.locator('.user-name')).toHaveCount(0);

  // A callback whose state is not this browser's, and a code the provider never issued.
  const forger = await (await context()).newPage();
  await forger.goto('/login');
  const toProvider = forger.waitForRequest((r) => r.url().startsWith('http://127.0.0.1:3190/auth?'));
  await forger.getByRole('link', { name: PROVIDER }).click();
  const state = new URL((await toProvider).url()).searchParams.get('state')!;
  expect(state.length).toBeGreaterThan(10);
  await forger.goto(`/auth/test/callback?code=made-up&state=${encodeURIComponent(state)}x`);
  await expect(forger.getByRole('alert')).toContainText('Signing in through the provider did not work');
  await forger.goto('/login');
  const again = forger.waitForRequest((r) => r.url().startsWith('http://127.0.0.1:3190/auth?'));
  await forger.getByRole('link', { name: PROVIDER }).click();
  const fresh = new URL((await again).url()).searchParams.get('state')!;
  await forger.goto(`/auth/test/callback?code=made-up&state=${encodeURIComponent(fresh)}`);
  await expect(forger.getByRole('alert')).toContainText('Signing in through the provider did not work');
  await forger.goto('/account');
  await expect(forger.locator('.user-name')).toHaveCount(0);
}
