// src/routes/me.ts
// Who is signed in: GET /me for programs, GET / for people.
import type { Route } from "../http.js";
import { getSessionUser } from "../sessions.js";

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function providerLine(name: string, slug: string, linked: boolean): string {
  const disconnect = `<button>Disconnect ${name}</button>`;
  return linked
    ? `<form method="post" action="/disconnect/${slug}">${name}: linked. ${disconnect}</form>`
    : `<p>${name}: not linked. <a href="/auth/${slug}">Link ${name}</a></p>`;
}

function home(request: Request): Response {
  const user = getSessionUser(request);
  const body = user
    ? `<p>Signed in as ${escape(user.name ?? user.email ?? "you")}.</p>
       <form method="post" action="/logout"><button>Log out</button></form>
       ${providerLine("GitHub", "github", user.githubId !== null)}
       ${providerLine("Google", "google", user.googleId !== null)}`
    : `<p><a href="/auth/github">Log in with GitHub</a> or <a href="/auth/google">with Google</a></p>`;
  const page = `<!doctype html><html lang="en"><title>OAuth course</title><body>${body}</body></html>`;
  return new Response(page, { headers: { "content-type": "text/html; charset=utf-8" } });
}

// The signed-in user; never a token.
function me(request: Request): Response {
  const user = getSessionUser(request);
  if (!user) {
    return Response.json({ error: "Unauthorized" }, { status: 401 });
  }
  const { id, email, name, avatarUrl, githubId, googleId } = user;
  return Response.json({ id, email, name, avatarUrl, githubId, googleId });
}

export const meRoutes: Route[] = [
  { method: "GET", path: "/", handle: home },
  { method: "GET", path: "/me", handle: me },
];
