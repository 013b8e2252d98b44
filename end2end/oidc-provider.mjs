// A real OpenID provider for the browser tests (the npm package `oidc-provider`, with its
// development sign-in pages): Posvet's OpenID Connect sign-in runs against it exactly as against
// a city's Keycloak. Whatever name is typed at its sign-in page is the account; a name with an
// `@` is also its e-mail address, verified by the provider.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT ?? 3190);
const posvet = process.env.POSVET_URL ?? 'http://127.0.0.1:3100';

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: 'posvet',
    client_secret: 'posvet-test-secret',
    redirect_uris: [`${posvet}/auth/test/callback`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // The claims asked for by scope go into the ID token, which is what Posvet reads.
  conformIdTokenClaims: false,
  cookies: { keys: ['posvet-test-provider'] },
  findAccount: (_ctx, id) => ({
    accountId: id,
    claims: () => ({
      sub: id,
      name: id.split('@')[0],
      ...(id.includes('@') ? { email: id, email_verified: true } : {}),
    }),
  }),
});
provider.listen(port, '127.0.0.1');
console.log(`test OpenID provider on http://127.0.0.1:${port}`);
