// src/routes/auth.ts
// Logging in with GitHub or Google, and the lesson's logout.
import {
  clearSessionCookie,
  createSessionCookie,
  createStateCookie,
  getSessionId,
  getStateCookie,
} from "../cookies.js";
import type { Route } from "../http.js";
import { githubProvider } from "../providers/github.js";
import { googleProvider } from "../providers/google.js";
import { type Provider, ProviderError, type ProviderName } from "../providers/provider.js";
import { createSession, deleteSession } from "../sessions.js";
import { consumeState, createState } from "../states.js";
import { logIn } from "../users.js";

// GET /auth/{provider}: to the provider's authorize page with a fresh state. The state also
// goes into a short-lived cookie, so that only the browser that started the login can finish
// it: a state from a global map alone would let an attacker finish their own login in a
// victim's browser (login CSRF).
function start(name: ProviderName, provider: Provider): Route["handle"] {
  return () => {
    const state = createState(name);
    return new Response(null, {
      status: 302,
      headers: { location: provider.authorizeUrl(state), "set-cookie": createStateCookie(state) },
    });
  };
}

// GET /auth/{provider}/callback: the state, then the provider's error, then the code; the
// code exchanged for a token, the profile fetched, the user found or created; a new session.
function callback(name: ProviderName, provider: Provider): Route["handle"] {
  return async (request) => {
    const params = new URL(request.url).searchParams;
    const state = params.get("state");
    if (!consumeState(state, name) || getStateCookie(request) !== state) {
      return Response.json({ error: "Invalid state" }, { status: 403 });
    }
    const error = params.get("error");
    if (error) {
      const message = `${provider.name} authorization failed: ${error}`;
      return Response.json({ error: message }, { status: 400 });
    }
    const code = params.get("code");
    if (!code) {
      return Response.json({ error: "Missing authorization code" }, { status: 400 });
    }
    try {
      const token = await provider.exchangeCode(code);
      const user = logIn(name, await provider.fetchProfile(token), token);
      // A new session id at every login; the one the browser had, if any, ends.
      const oldSessionId = getSessionId(request);
      if (oldSessionId) deleteSession(oldSessionId);
      const sessionId = createSession(user.id);
      return new Response(null, {
        status: 302,
        headers: { location: "/", "set-cookie": createSessionCookie(sessionId) },
      });
    } catch (err) {
      if (err instanceof ProviderError) {
        return Response.json({ error: err.message }, { status: err.status });
      }
      console.error(err);
      const message = `${provider.name} could not be reached`;
      return Response.json({ error: message }, { status: 502 });
    }
  };
}

export const authRoutes: Route[] = [
  { method: "GET", path: "/auth/github", handle: start("github", githubProvider) },
  { method: "GET", path: "/auth/github/callback", handle: callback("github", githubProvider) },
  { method: "GET", path: "/auth/google", handle: start("google", googleProvider) },
  { method: "GET", path: "/auth/google/callback", handle: callback("google", googleProvider) },
  // The lesson: logging out ends this app's session, and nothing at the provider.
  {
    method: "POST",
    path: "/logout",
    handle: (request) => {
      const sessionId = getSessionId(request);
      if (sessionId) {
        deleteSession(sessionId);
      }
      return Response.json(
        { message: "Logged out" },
        {
          status: 200,
          headers: { "set-cookie": clearSessionCookie() },
        },
      );
    },
  },
];
