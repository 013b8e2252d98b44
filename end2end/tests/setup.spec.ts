import { test } from '@playwright/test';
import { expectAccessible } from './helpers';
import { setUpToAnswer } from './setup-flow';

test('an administrator sets up a consultation; the answer reaches the resident by mail; accessible', async ({ browser }) => {
  await setUpToAnswer(browser, true, async (page) => {
    await expectAccessible(page);
    const size = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    await expectAccessible(page);
    if (size) await page.setViewportSize(size);
  });
});
