import { test } from '@playwright/test';
import { expectAccessibleAtBothWidths } from './helpers';
import { statementsFlow } from './statements-flow';

test('statements one at a time: agree, pass, disagree in place, a statement added, the opinion groups and common ground; accessible', async ({ browser }) => {
  await statementsFlow(browser, true, expectAccessibleAtBothWidths);
});
