// Google's own Node library, google-auth-library, against the mock Google: a code from the
// mock's sign-in and consent pages, then the library's getToken, verifyIdToken, a userinfo
// call, getTokenInfo and revokeToken, and the token dead afterwards. One line per step; the
// first failure stops it with exit status 1.
//
//   node google-auth.mjs http://127.0.0.1:3002   (run.sh starts the mocks and runs this)
//
// The library is pointed at the mock through its own options only (`endpoints`, `issuers`).

import { OAuth2Client } from 'google-auth-library';

const base = process.argv[2]?.replace(/\/$/, '');
if (!base) {
  console.error('usage: node google-auth.mjs MOCK_GOOGLE_URL');
  process.exit(2);
}

// The mock's default client and seeded user (mock-providers/README.md).
const CLIENT_ID = 'logout-lab.apps.googleusercontent.com';
const CLIENT_SECRET = 'logout-lab-google-secret';
const REDIRECT_URI = 'http://localhost:3000/auth/google/callback';
const EMAIL = 'ada@example.com';

const client = new OAuth2Client({
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  redirectUri: REDIRECT_URI,
  endpoints: {
    oauth2AuthBaseUrl: `${base}/o/oauth2/v2/auth`,
    oauth2TokenUrl: `${base}/token`,
    oauth2RevokeUrl: `${base}/revoke`,
    tokenInfoUrl: `${base}/tokeninfo`,
    oauth2FederatedSignonPemCertsUrl: `${base}/oauth2/v1/certs`,
    oauth2FederatedSignonJwkCertsUrl: `${base}/oauth2/v3/certs`,
  },
  // The mock's ID tokens name the mock as their issuer (Google's name accounts.google.com).
  issuers: [base],
});

let passed = 0;

/** Runs one step, which returns what it saw: prints `ok   NAME: DETAIL`, or `FAIL NAME: WHY`
 * and exits 1. */
async function step(name, run) {
  try {
    const detail = await run();
    passed += 1;
    console.log(`ok   ${name}: ${detail}`);
  } catch (error) {
    console.log(`FAIL ${name}: ${error.message}`);
    console.log(`${passed} passed, 1 failed`);
    process.exit(1);
  }
}

function expect(condition, why) {
  if (!condition) throw new Error(why);
}

// --- a browser, as far as the mock's pages need one: one cookie jar, redirects one by one.

const cookies = new Map();

async function browse(url, init = {}) {
  const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const headers = { ...init.headers, cookie };
  const response = await fetch(new URL(url, base), { ...init, headers, redirect: 'manual' });
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair.indexOf('=');
    cookies.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return response;
}

function post(url, fields) {
  const body = new URLSearchParams(fields);
  return browse(url, { method: 'POST', body });
}

const ENTITIES = { amp: '&', quot: '"', '#39': "'", '#x27': "'", lt: '<', gt: '>' };

/** The page's `<input type="hidden" name=".." value="..">` fields, as the mock renders them. */
function hiddenInputs(html) {
  const decode = (text) =>
    text.replace(/&(amp|quot|#39|#x27|lt|gt);/g, (_, name) => ENTITIES[name]);
  const found = html.matchAll(/type="hidden" name="([^"]*)" value="([^"]*)"/g);
  return [...found].map(([, name, value]) => [name, decode(value)]);
}

/** Authorize: signs in on the sign-in page it is sent to, allows on the consent page if
 * shown, and returns the code of the redirect back to the app. */
async function code() {
  const scope = ['openid', 'email', 'profile'];
  let response = await browse(client.generateAuthUrl({ scope, state: 'node-check' }));
  if (response.status === 302 && response.headers.get('location').includes('/ServiceLogin')) {
    const target = new URL(response.headers.get('location'), base).searchParams.get('continue');
    const signedIn = await post('/ServiceLogin', { email: EMAIL, continue: target });
    expect(signedIn.status === 302, `sign-in answered ${signedIn.status}`);
    response = await browse(signedIn.headers.get('location'));
  }
  if (response.status === 200) {
    const fields = [...hiddenInputs(await response.text()), ['authorize', '1']];
    response = await post('/o/oauth2/v2/auth', fields);
  }
  const back = response.headers.get('location') ?? '';
  const toApp = response.status === 302 && back.startsWith(REDIRECT_URI);
  expect(toApp, `no redirect to the app (${response.status} ${back})`);
  const params = new URL(back).searchParams;
  expect(params.get('state') === 'node-check', `state ${params.get('state')}`);
  expect(params.get('code'), `no code in ${back}`);
  return params.get('code');
}

/** The HTTP status of a failed library call (gaxios puts the answer on the error). */
async function statusOfFailure(call) {
  try {
    await call();
  } catch (error) {
    return error.response?.status ?? error.status;
  }
  throw new Error('the call succeeded');
}

// --- the steps.

let authCode;
let tokens;
let sub;

await step('sign in and consent through the mock pages (fetch)', async () => {
  authCode = await code();
  return `code ${authCode.slice(0, 12)}...`;
});

await step('OAuth2Client.getToken', async () => {
  ({ tokens } = await client.getToken(authCode));
  expect(tokens.access_token?.startsWith('ya29.'), `access_token ${tokens.access_token}`);
  expect(tokens.id_token, 'no id_token');
  client.setCredentials(tokens);
  return `access_token ${tokens.access_token.slice(0, 12)}..., id_token, scope ${tokens.scope}`;
});

await step('OAuth2Client.verifyIdToken (certificates from /oauth2/v1/certs)', async () => {
  const ticket = await client.verifyIdToken({ idToken: tokens.id_token, audience: CLIENT_ID });
  const payload = ticket.getPayload();
  expect(payload.email === EMAIL, `email ${payload.email}`);
  expect(payload.email_verified === true, `email_verified ${payload.email_verified}`);
  sub = payload.sub;
  return `sub ${sub}, email ${payload.email}, iss ${payload.iss}`;
});

await step('OAuth2Client.request GET /oauth2/v2/userinfo', async () => {
  const { data } = await client.request({ url: `${base}/oauth2/v2/userinfo` });
  expect(data.id === sub, `id ${data.id}, sub ${sub}`);
  expect(data.verified_email === true && data.email === EMAIL, JSON.stringify(data));
  return `id ${data.id}, ${data.name} <${data.email}>`;
});

await step('OAuth2Client.getTokenInfo (POST /tokeninfo, Authorization: Bearer)', async () => {
  const info = await client.getTokenInfo(tokens.access_token);
  expect(info.aud === CLIENT_ID, `aud ${info.aud}`);
  expect(info.sub === sub, `sub ${info.sub}`);
  expect(info.scopes.includes('openid'), `scopes ${info.scopes}`);
  expect(info.expiry_date > Date.now(), `expiry_date ${info.expiry_date}`);
  const left = Math.round((info.expiry_date - Date.now()) / 1000);
  return `aud ${info.aud}, ${info.scopes.length} scopes, expires in ${left} s`;
});

await step('OAuth2Client.revokeToken', async () => {
  const response = await client.revokeToken(tokens.access_token);
  expect(response.status === 200, `status ${response.status}`);
  return `${response.status} ${JSON.stringify(response.data)}`;
});

await step('the token is dead: getTokenInfo 400, userinfo 401', async () => {
  const info = await statusOfFailure(() => client.getTokenInfo(tokens.access_token));
  expect(info === 400, `tokeninfo answered ${info}`);
  const userinfo = await fetch(`${base}/oauth2/v2/userinfo`, {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  expect(userinfo.status === 401, `userinfo answered ${userinfo.status}`);
  return `tokeninfo ${info}, userinfo ${userinfo.status}`;
});

console.log(`${passed} passed, 0 failed`);
