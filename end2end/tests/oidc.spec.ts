import { test } from '@playwright/test';
import { expectAccessibleAtBothWidths } from './helpers';
import { oidcFlow } from './oidc-flow';

test('OpenID Connect against a real provider: a new account, linking, cancel, wrong state, forged code; accessible', async ({ browser }) => {
  await oidcFlow(browser, true, expectAccessibleAtBothWidths);
});
