import { expect, Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Where the test SMTP server (aiosmtpd, see playwright.config.ts) keeps what it received.
const maildir = join(__dirname, '..', '..', 'target', 'e2e-mail', 'Maildir', 'new');

export type Mail = { headers: Record<string, string>; body: string };

function parse(raw: string): Mail {
  const text = raw.replace(/\r\n/g, '\n');
  const split = text.indexOf('\n\n');
  const head = text.slice(0, split).replace(/\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = text.slice(split + 2);
  const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  if (encoding === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    body = Buffer.from(
      body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  }
  return { headers, body };
}

/** Every mail the SMTP server received so far. */
export function received(): Mail[] {
  if (!existsSync(maildir)) return [];
  return readdirSync(maildir).map((f) => parse(readFileSync(join(maildir, f), 'utf8')));
}

/** Waits for the mails to `address` that `match` accepts, and returns them. */
export async function mailsTo(address: string, match: (m: Mail) => boolean): Promise<Mail[]> {
  let found: Mail[] = [];
  await expect
    .poll(() => {
      found = received().filter((m) => (m.headers['to'] ?? '').includes(address) && match(m));
      return found.length;
    }, { timeout: 20_000 })
    .toBeGreaterThan(0);
  return found;
}

/** The address of a `path` link (`/account/confirm`, `/password/reset`) in a mail's text. */
export function linkIn(body: string, path: string): string {
  const found = body.match(new RegExp(`https?://\\S+${path.replace(/\//g, '\\/')}\\?token=[0-9a-f]+`));
  expect(found, `a link to ${path}`).not.toBeNull();
  return found![0];
}

/**
 * Confirms `address` as its owner does: opens the link of the confirmation mail. Only a
 * confirmed address gets notification mail.
 */
export async function confirmAddress(page: Page, address: string) {
  const [confirmation] = await mailsTo(address, (m) => m.body.includes('/account/confirm?token='));
  const back = page.url();
  await page.goto(linkIn(confirmation.body, '/account/confirm'));
  await page.getByRole('button', { name: 'Confirm the e-mail address' }).click();
  await expect(page.getByRole('status')).toHaveText('Your e-mail address is confirmed.');
  await page.goto(back);
}
