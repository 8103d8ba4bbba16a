// src/providers/github.ts
// GitHub (an OAuth App): sign-in on github.com, the REST API on api.github.com. Every API call
// needs a User-Agent: GitHub refuses one without it.
import { github } from "../config.js";
import { type Profile, type Provider, ProviderError, timeout } from "./provider.js";

const USER_AGENT = "oauth-course";

function authorizeUrl(state: string): string {
  const params = new URLSearchParams({
    client_id: github.clientId,
    redirect_uri: github.redirectUri,
    scope: "read:user user:email",
    state,
  });
  return `${github.authorizeUrl}?${params}`;
}

// GitHub answers a refused code with HTTP 200 and an `error` field: the body says which.
async function exchangeCode(code: string): Promise<string> {
  const response = await fetch(github.tokenUrl, {
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      client_id: github.clientId,
      client_secret: github.clientSecret,
      code,
      redirect_uri: github.redirectUri,
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
    throw new ProviderError(`GitHub code exchange failed: ${why}`, 400);
  }
  if (!response.ok || !data.access_token) {
    throw new ProviderError(`GitHub code exchange failed: HTTP ${response.status}`);
  }
  return data.access_token;
}

function api(path: string, token: string): Promise<Response> {
  return fetch(`${github.apiUrl}${path}`, {
    headers: {
      authorization: `Bearer ${token}`,
      accept: "application/vnd.github+json",
      "user-agent": USER_AGENT,
    },
    signal: timeout(),
  });
}

async function json<T>(path: string, token: string): Promise<T> {
  const response = await api(path, token);
  if (!response.ok) throw new ProviderError(`GitHub ${path} answered HTTP ${response.status}`);
  return (await response.json()) as T;
}

// `/user` for who it is, `/user/emails` for the email: the primary one, if verified.
async function fetchProfile(token: string): Promise<Profile> {
  type User = { id: number; login: string; name: string | null; avatar_url: string | null };
  type Email = { email: string; primary: boolean; verified: boolean };
  const user = await json<User>("/user", token);
  const emails = await json<Email[]>("/user/emails", token);
  const primary = emails.find((e) => e.primary && e.verified);
  return {
    providerId: String(user.id),
    email: primary?.email ?? null,
    emailVerified: primary !== undefined,
    name: user.name ?? user.login,
    avatarUrl: user.avatar_url,
  };
}

// The lesson's "Revoking a GitHub token".
function revokeToken(token: string): Promise<Response> {
  return fetch(`${github.apiUrl}/applications/${github.clientId}/token`, {
    method: "DELETE",
    headers: {
      authorization: `Basic ${btoa(`${github.clientId}:${github.clientSecret}`)}`,
      "content-type": "application/json",
      "user-agent": USER_AGENT,
    },
    body: JSON.stringify({ access_token: token }),
    signal: timeout(),
  });
}

// A revoked (or otherwise dead) token gets 401 Bad credentials.
async function tokenStillWorks(token: string): Promise<boolean> {
  return (await api("/user", token)).status !== 401;
}

export const githubProvider: Provider = {
  name: "GitHub",
  authorizeUrl,
  exchangeCode,
  fetchProfile,
  revokeToken,
  tokenStillWorks,
};
