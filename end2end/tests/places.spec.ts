import { test } from '@playwright/test';
import { expectAccessibleAtBothWidths } from './helpers';
import { placesFlow } from './places-flow';

test('an idea posted in a district with a picture, replies two deep, the consultation filtered by area; accessible', async ({ browser }) => {
  await placesFlow(browser, true, expectAccessibleAtBothWidths);
});
