import { defineConfig } from '@playwright/test';

// The server under test (`make test-e2e` names the one the Rust tests built), on a fresh SQLite file with
// the demo consultation, on a port of its own.
const port = Number(process.env.POSVET_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const binary = process.env.POSVET_E2E_BIN ?? 'target/release/posvet';
// A real SMTP server (Python's aiosmtpd) that keeps what it receives in a Maildir the tests
// read (see tests/mail.ts).
const smtpPort = Number(process.env.POSVET_E2E_SMTP_PORT ?? 3125);
// A real OpenID provider (npm `oidc-provider`, see oidc-provider.mjs) on a port of its own.
const oidcPort = Number(process.env.POSVET_E2E_OIDC_PORT ?? 3190);

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run',
  ],
};

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'en-GB',
    launchOptions: chromium,
    trace: 'off',
  },
  projects: [
    { name: 'js', testIgnore: /nojs\.spec\.ts/ },
    { name: 'nojs', testMatch: /nojs\.spec\.ts/, use: { javaScriptEnabled: false } },
  ],
  webServer: [{
    cwd: '..',
    command: `rm -rf target/e2e-mail && mkdir -p target/e2e-mail && exec python3 -m aiosmtpd -n -l 127.0.0.1:${smtpPort} -c aiosmtpd.handlers.Mailbox target/e2e-mail/Maildir`,
    port: smtpPort,
    timeout: 30_000,
    reuseExistingServer: false,
  }, {
    command: 'exec node oidc-provider.mjs',
    port: oidcPort,
    timeout: 30_000,
    reuseExistingServer: false,
    env: { OIDC_PORT: String(oidcPort), POSVET_URL: baseURL },
  }, {
    cwd: '..',
    command: `rm -rf target/e2e && mkdir -p target/e2e && exec ${binary}`,
    url: `${baseURL}/healthz`,
    timeout: 60_000,
    reuseExistingServer: false,
    env: {
      DATABASE_URL: 'sqlite://target/e2e/posvet.db',
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: 'target/site',
      POSVET_DEMO: '1',
      // Tests that act as several people give each its own address (X-Forwarded-For), as
      // people behind a city's proxy would have; the per-address rate limits stay on.
      POSVET_TRUSTED_PROXIES: '127.0.0.1',
      POSVET_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      POSVET_MAIL_FROM: 'Posvet <posvet@posvet.test>',
      POSVET_PUBLIC_URL: baseURL,
      POSVET_MAIL_POLL_MS: '200',
      POSVET_OIDC_PROVIDERS: 'test',
      POSVET_OIDC_TEST_NAME: 'Test city ID',
      POSVET_OIDC_TEST_ISSUER: `http://127.0.0.1:${oidcPort}`,
      POSVET_OIDC_TEST_CLIENT_ID: 'posvet',
      POSVET_OIDC_TEST_CLIENT_SECRET: 'posvet-test-secret',
      RUST_LOG: 'warn',
    },
  }],
});
