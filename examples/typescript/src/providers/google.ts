// src/providers/google.ts
// Google: sign-in on accounts.google.com, the token and revocation endpoints on
// oauth2.googleapis.com, who signed in from the OpenID Connect userinfo endpoint.
import { google } from "../config.js";
import { type Profile, type Provider, ProviderError, timeout } from "./provider.js";

function authorizeUrl(state: string): string {
  const params = new URLSearchParams({
    client_id: google.clientId,
    redirect_uri: google.redirectUri,
    response_type: "code",
    scope: "openid email profile",
    state,
  });
  return `${google.authorizeUrl}?${params}`;
}

async function exchangeCode(code: string): Promise<string> {
  const response = await fetch(google.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      client_id: google.clientId,
      client_secret: google.clientSecret,
      redirect_uri: google.redirectUri,
    }),
    signal: timeout(),
  });
  const data = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    error?: string;
    error_description?: string;
  };
  if (data.error) {
    const why = [data.error, data.error_description].filter(Boolean).join(": ");
    throw new ProviderError(`Google code exchange failed: ${why}`, 400);
  }
  if (!response.ok || !data.access_token) {
    throw new ProviderError(`Google code exchange failed: HTTP ${response.status}`);
  }
  return data.access_token;
}

function userinfo(token: string): Promise<Response> {
  return fetch(google.userinfoUrl, {
    headers: { authorization: `Bearer ${token}` },
    signal: timeout(),
  });
}

// `sub` is the stable id; the email links accounts only if `email_verified`.
async function fetchProfile(token: string): Promise<Profile> {
  const response = await userinfo(token);
  if (!response.ok) throw new ProviderError(`Google userinfo answered HTTP ${response.status}`);
  const info = (await response.json()) as {
    sub: string;
    email?: string;
    email_verified?: boolean;
    name?: string;
    picture?: string;
  };
  return {
    providerId: info.sub,
    email: info.email ?? null,
    emailVerified: info.email_verified === true && info.email !== undefined,
    name: info.name ?? null,
    avatarUrl: info.picture ?? null,
  };
}

// The lesson's "Revoking a Google token". Google then ends the whole grant.
function revokeToken(accessToken: string): Promise<Response> {
  return fetch(`${google.revokeUrl}?token=${encodeURIComponent(accessToken)}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    signal: timeout(),
  });
}

// A revoked (or expired) token gets 401 Invalid Credentials.
async function tokenStillWorks(token: string): Promise<boolean> {
  return (await userinfo(token)).status !== 401;
}

export const googleProvider: Provider = {
  name: "Google",
  authorizeUrl,
  exchangeCode,
  fetchProfile,
  revokeToken,
  tokenStillWorks,
};
