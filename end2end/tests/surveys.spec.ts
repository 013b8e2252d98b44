import { test } from '@playwright/test';
import { expectAccessibleAtBothWidths } from './helpers';
import { surveysFlow } from './surveys-flow';

test('a survey built, answered page by page, submitted and counted, a text answer published; accessible', async ({ browser }) => {
  await surveysFlow(browser, true, expectAccessibleAtBothWidths);
});
