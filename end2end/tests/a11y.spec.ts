import { expect, test } from '@playwright/test';
import { email, expectAccessible, expectAccessibleAtBothWidths, hydrated, openFirstConsultation, register } from './helpers';

test('home page has no axe violations', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
  await expectAccessible(page);
});

test('consultation page has no axe violations', async ({ page }) => {
  await openFirstConsultation(page);
  await hydrated(page);
  await expect(page.locator('.idea-card').first()).toBeVisible();
  await expectAccessible(page);
});

test('idea page has no axe violations', async ({ page }) => {
  await openFirstConsultation(page);
  await page.locator('.idea-card h3 a').first().click();
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Arguments for' })).toBeVisible();
  await expectAccessible(page);
});

test('login page has no axe violations and shows errors accessibly', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('Email').fill('nobody@example.org');
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toContainText('The email or password is not correct.');
  await expect(page.getByLabel('Email')).toHaveValue('nobody@example.org');
  await expectAccessible(page);
});

test('the skip link moves focus to the main content', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
});

test('no page loads anything from another origin, and the strict CSP blocks nothing of ours', async ({ page }) => {
  const foreign: string[] = [];
  const cspErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.origin !== new URL(page.url() === 'about:blank' ? r.url() : page.url()).origin && !url.protocol.startsWith('data')) {
      foreign.push(r.url());
    }
  });
  // Signed in, so that the islands bundle loads under the policy too.
  await register(page, 'Origin Olga', email('olga'));
  await openFirstConsultation(page);
  await page.locator('.idea-card h3 a').first().click();
  await hydrated(page);
  expect(foreign).toEqual([]);
  expect(cspErrors).toEqual([]);
});

test('a visitor is offered only what a visitor may do, and told how to do more', async ({ page }) => {
  await page.goto('/consultations/1');
  await expect(page.getByRole('link', { name: 'Post an idea', exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Log in or register to post an idea' })).toBeVisible();
  await expect(page.locator('.vote-form')).toHaveCount(0);
  await page.goto('/ideas/1');
  await expect(page.locator('.vote-form, .rating-form, .argument-form')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Publish/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: /^Report/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Log in or register to vote, argue and comment.' })).toBeVisible();
  await expectAccessibleAtBothWidths(page);
});
