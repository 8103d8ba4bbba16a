// src/users.ts
// Users, and the providers linked to them with the access token each issued, in memory.
// The app keeps a provider's token for ongoing API calls on the user's behalf; it revokes it
// when the user disconnects that provider, never at logout.
import type { Profile, ProviderName } from "./providers/provider.js";

export interface User {
  id: string;
  email: string | null;
  name: string | null;
  avatarUrl: string | null;
  githubId: string | null;
  googleId: string | null;
}

const users = new Map<string, User>();
const tokens = new Map<string, string>();
const tokenKey = (userId: string, provider: ProviderName) => `${userId}:${provider}`;

export function getUser(userId: string | null): User | null {
  return (userId && users.get(userId)) || null;
}

// The user already linked to this identity; else, for a verified email, the user with that
// email and no account of this provider yet (linking); else a new user. Then the provider's
// token is kept with the link.
export function logIn(provider: ProviderName, profile: Profile, token: string): User {
  const idField = provider === "github" ? "githubId" : "googleId";
  const all = [...users.values()];
  let user =
    all.find((u) => u[idField] === profile.providerId) ??
    (profile.emailVerified
      ? all.find((u) => u.email === profile.email && u[idField] === null)
      : undefined);
  if (!user) {
    user = {
      id: String(users.size + 1),
      // Only a verified email is kept: only a verified one may link accounts.
      email: profile.emailVerified ? profile.email : null,
      name: profile.name,
      avatarUrl: profile.avatarUrl,
      githubId: null,
      googleId: null,
    };
    users.set(user.id, user);
  }
  user[idField] = profile.providerId;
  tokens.set(tokenKey(user.id, provider), token);
  return user;
}

export function getToken(userId: string, provider: ProviderName): string | null {
  return tokens.get(tokenKey(userId, provider)) ?? null;
}

// Forgets the provider's token and its link.
export function unlink(user: User, provider: ProviderName): void {
  tokens.delete(tokenKey(user.id, provider));
  user[provider === "github" ? "githubId" : "googleId"] = null;
}
