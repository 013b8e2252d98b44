import { test } from '@playwright/test';
import { expectAccessibleAtBothWidths } from './helpers';
import { measureLoop } from './measure-flow';

test('a measure from two ideas: readings, an update, and the voter is told; accessible', async ({ browser }) => {
  await measureLoop(browser, true, expectAccessibleAtBothWidths);
});
