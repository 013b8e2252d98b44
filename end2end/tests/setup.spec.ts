import { test } from '@playwright/test';
import { expectAccessibleAtBothWidths } from './helpers';
import { setUpToAnswer } from './setup-flow';

test('an administrator sets up a consultation; the answer reaches the resident by mail; accessible', async ({ browser }) => {
  await setUpToAnswer(browser, true, expectAccessibleAtBothWidths);
});
