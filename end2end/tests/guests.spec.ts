import { test } from '@playwright/test';
import { expectAccessibleAtBothWidths } from './helpers';
import { guestFlow } from './guest-flow';

test('taking part without an account: a question, a pseudonym, an idea, a full account, the summed-up answers; accessible', async ({ browser }) => {
  await guestFlow(browser, true, expectAccessibleAtBothWidths);
});
