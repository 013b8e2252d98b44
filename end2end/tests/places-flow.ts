import { Browser, expect, Page } from '@playwright/test';
import { deflateSync } from 'node:zlib';
import { email, expectBanner, expectErrorSummary, people, register } from './helpers';

/** The first strategic goal's consultation, in the community whose districts the demo draws. */
const consultation = '/consultations/1';

/** A small PNG (a gradient), made here: what a resident's photo is to the upload form. */
export function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rows.set([(x * 5) % 256, (y * 7) % 256, 140], y * (1 + width * 3) + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A resident posts an idea in Šiška (with JavaScript by clicking on the district on the map,
 * without it by choosing it from the list), adds a picture (a missing description refused
 * first), and a neighbour and she reply to each other under a comment (two levels); the
 * consultation filtered by Šiška shows the idea with its picture. `check` runs on each new
 * page.
 */
export async function placesFlow(
  browser: Browser,
  javaScriptEnabled: boolean,
  check: (page: Page) => Promise<void> = async () => {},
) {
  const context = people(browser, javaScriptEnabled, 130);
  const page = await (await context()).newPage();
  await register(page, 'Sara Šiška', email('places'));
  await page.goto(`${consultation}/new`);
  const title = `Klopi pred knjižnico ${javaScriptEnabled ? 'js' : 'plain'} ${Date.now() % 100000}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Description').fill('Pred knjižnico v Šiški ni nobene klopi.');
  const area = page.getByLabel('Area (optional)');
  const siska = await area.locator('option', { hasText: 'Šiška' }).getAttribute('value');
  if (javaScriptEnabled) {
    // The map: a click inside Šiška marks the spot and chooses the district in the list.
    const district = page.locator(`.point-picker path[data-area="${siska}"]`);
    await expect(district).toBeVisible();
    await district.click();
    await expect(area).toHaveValue(siska!);
    await expect(page.locator('.point-picker input[name=point]')).toHaveValue(/^14\.\d+,46\.\d+$/);
  } else {
    await expect(page.locator('.point-picker')).toBeHidden();
    await area.selectOption({ label: 'Šiška' });
  }
  await check(page);
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expectBanner(page, 'Your idea is published.');
  const place = page.getByRole('region', { name: 'Place' });
  await expect(place).toContainText('Šiška');
  await expect(place.locator('svg a[aria-current="true"]')).toHaveAttribute('aria-label', 'Šiška');
  if (javaScriptEnabled) await expect(place.locator('circle.map-point')).toHaveCount(1);
  const ideaUrl = new URL(page.url()).pathname;

  // A picture: its description is required; then it is shown with it.
  await page.getByText('Add a picture', { exact: true }).first().click();
  const file = { name: 'klop.png', mimeType: 'image/png', buffer: png(96, 64) };
  await page.getByLabel('Picture', { exact: true }).setInputFiles(file);
  await page.getByRole('button', { name: 'Add a picture' }).click();
  await expectErrorSummary(page, ['Describe what the picture shows, for people who cannot see it.']);
  await check(page);
  await page.getByLabel('Picture', { exact: true }).setInputFiles(file);
  await page.getByLabel('What does the picture show?').fill('Pločnik pred knjižnico brez klopi');
  await page.getByRole('button', { name: 'Add a picture' }).click();
  await expectBanner(page, 'The picture is added.');
  const picture = page.getByRole('img', { name: 'Pločnik pred knjižnico brez klopi' });
  await expect(picture).toBeVisible();
  expect(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(96);
  await check(page);

  // A neighbour comments; she replies; he replies to her reply: two levels.
  const neighbour = await (await context()).newPage();
  await register(neighbour, 'Nejc Sosed', email('places-n'));
  await neighbour.goto(ideaUrl);
  await neighbour.getByLabel('Your comment').fill('Kje točno pred knjižnico?');
  await neighbour.getByRole('button', { name: 'Publish comment' }).click();
  await expectBanner(neighbour, 'Your comment is published.');
  await page.goto(ideaUrl);
  const comment = page.locator('.comment', { hasText: 'Kje točno pred knjižnico?' }).first();
  await comment.getByRole('link', { name: 'Reply' }).click();
  // The form opens at the comment, in place (`#reply-N`).
  const reply = comment.locator('form.reply-form');
  await expect(reply).toBeVisible();
  await check(page);
  await reply.getByLabel('Your reply').fill('Ob vhodu, kjer je senca.');
  await reply.getByRole('button', { name: 'Publish reply' }).click();
  await expectBanner(page, 'Your reply is published.');
  await neighbour.goto(ideaUrl);
  const answer = neighbour.locator('.replies .comment', { hasText: 'Ob vhodu, kjer je senca.' });
  await answer.getByRole('link', { name: 'Reply' }).click();
  // Empty: refused, the reply form open again at its comment with the error.
  await answer.locator('form.reply-form').getByRole('button', { name: 'Publish reply' }).click();
  await expectErrorSummary(neighbour, ['This field is required.']);
  await check(neighbour);
  await neighbour.locator('form.reply-form.is-open').getByLabel('Your reply').fill('Odlično, podpiram.');
  await neighbour.locator('form.reply-form.is-open').getByRole('button', { name: 'Publish reply' }).click();
  await expectBanner(neighbour, 'Your reply is published.');
  await expect(neighbour.locator('.replies .replies .comment-body')).toContainText(['Odlično, podpiram.']);

  // The consultation filtered by Šiška: her idea, with its picture on the card.
  await page.goto(consultation);
  await page.getByRole('region', { name: 'Ideas by area' }).locator('.area-links').getByRole('link', { name: 'Šiška' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Residents’ ideas: Šiška' })).toBeVisible();
  const card = page.locator('.idea-card', { hasText: title });
  await expect(card.getByRole('img', { name: 'Pločnik pred knjižnico brez klopi' })).toBeVisible();
  await expect(page.locator('.idea-card .area').first()).toHaveText('Šiška');
  await check(page);
}
