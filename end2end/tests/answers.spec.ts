import { test } from '@playwright/test';
import { expectAccessible } from './helpers';
import { answerReachesResidents } from './answer-flow';

// Every new page of the flow is checked by axe-core, at a phone's width too.
test('an official answer reaches everyone who took part; the pages are accessible', async ({ browser }) => {
  await answerReachesResidents(browser, true, async (page) => {
    await expectAccessible(page);
    const size = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    await expectAccessible(page);
    if (size) await page.setViewportSize(size);
  });
});
