// src/sessions.ts
// The app's own layer: a random session id, valid 24 hours, kept in memory.
import { randomBytes } from "node:crypto";
import { getSessionId } from "./cookies.js";
import { getUser, type User } from "./users.js";

const SESSION_MS = 24 * 60 * 60 * 1000;
const sessions = new Map<string, { userId: string; expiresAt: number }>();

export function createSession(userId: string): string {
  const sessionId = randomBytes(32).toString("hex");
  sessions.set(sessionId, { userId, expiresAt: Date.now() + SESSION_MS });
  return sessionId;
}

export function getSessionUserId(sessionId: string | null): string | null {
  const session = sessionId ? sessions.get(sessionId) : undefined;
  if (!session) return null;
  if (session.expiresAt <= Date.now()) {
    sessions.delete(sessionId!);
    return null;
  }
  return session.userId;
}

export function deleteSession(sessionId: string): void {
  sessions.delete(sessionId);
}

// The user of the request's session, if it has a live one.
export function getSessionUser(request: Request): User | null {
  return getUser(getSessionUserId(getSessionId(request)));
}
