import { test } from '@playwright/test';
import { expectAccessibleAtBothWidths } from './helpers';
import { reportHideAppealRestore } from './moderation-flow';

// Every moderation page the flow visits is checked by axe-core, at a phone's width too.
test('a report is hidden with a reason, appealed and restored; the pages are accessible', async ({ browser }) => {
  await reportHideAppealRestore(browser, true, expectAccessibleAtBothWidths);
});
