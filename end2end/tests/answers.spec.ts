import { test } from '@playwright/test';
import { expectAccessibleAtBothWidths } from './helpers';
import { answerReachesResidents } from './answer-flow';

// Every new page of the flow is checked by axe-core, at a phone's width too.
test('an official answer reaches everyone who took part; the pages are accessible', async ({ browser }) => {
  await answerReachesResidents(browser, true, expectAccessibleAtBothWidths);
});
