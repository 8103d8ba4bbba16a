// src/routes/disconnect.ts
// "Disconnect GitHub" is not "Log out": it revokes the token the app holds at the provider,
// then forgets it and unlinks the provider. The session stays.
import type { Route } from "../http.js";
import { githubProvider } from "../providers/github.js";
import { googleProvider } from "../providers/google.js";
import type { Provider, ProviderName } from "../providers/provider.js";
import { getSessionUser } from "../sessions.js";
import { getToken, unlink } from "../users.js";

function disconnect(name: ProviderName, provider: Provider): Route["handle"] {
  return async (request) => {
    const user = getSessionUser(request);
    if (!user) {
      return Response.json({ error: "Unauthorized" }, { status: 401 });
    }
    const token = getToken(user.id, name);
    if (!token) {
      const error = `${provider.name} is not linked to your account`;
      return Response.json({ error }, { status: 404 });
    }
    if (user.githubId === null || user.googleId === null) {
      const error = `${provider.name} is the only way you log in here: link another one first`;
      return Response.json({ error }, { status: 409 });
    }
    try {
      const revoked = await provider.revokeToken(token);
      // A token already dead (revoked elsewhere, expired) cannot be revoked again: unlink it.
      if (!revoked.ok && (await provider.tokenStillWorks(token))) {
        const error = `${provider.name} did not revoke the token (HTTP ${revoked.status}): try again`;
        return Response.json({ error }, { status: 502 });
      }
    } catch (err) {
      console.error(err);
      const error = `${provider.name} could not be reached: try again`;
      return Response.json({ error }, { status: 502 });
    }
    unlink(user, name);
    return Response.json({ message: `${provider.name} disconnected` });
  };
}

export const disconnectRoutes: Route[] = [
  { method: "POST", path: "/disconnect/github", handle: disconnect("github", githubProvider) },
  { method: "POST", path: "/disconnect/google", handle: disconnect("google", googleProvider) },
];
