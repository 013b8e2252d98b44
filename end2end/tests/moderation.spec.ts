import { test } from '@playwright/test';
import { expectAccessible } from './helpers';
import { reportHideAppealRestore } from './moderation-flow';

// Every moderation page the flow visits is checked by axe-core, at a phone's width too.
test('a report is hidden with a reason, appealed and restored; the pages are accessible', async ({ browser }) => {
  await reportHideAppealRestore(browser, true, async (page) => {
    await expectAccessible(page);
    const size = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    await expectAccessible(page);
    if (size) await page.setViewportSize(size);
  });
});
