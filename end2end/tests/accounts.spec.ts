import { test } from '@playwright/test';
import { expectAccessibleAtBothWidths } from './helpers';
import { accountLoop } from './account-flow';

test('an account: confirm the address, reset the password from the mail, download and delete my data; accessible', async ({ browser }) => {
  await accountLoop(browser, true, expectAccessibleAtBothWidths);
});
