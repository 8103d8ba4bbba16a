// src/cookies.ts
// The session cookie, and the short-lived cookie that ties a login's state to the browser
// that started it.
import { BASE_URL } from "./config.js";

const SESSION_COOKIE = "session";
const STATE_COOKIE = "oauth_state";
// Over https the browser must never send the cookies in clear.
const SECURE = BASE_URL.startsWith("https://") ? "; Secure" : "";

export function getCookie(request: Request, name: string): string | null {
  for (const pair of (request.headers.get("cookie") ?? "").split(";")) {
    const [key, ...value] = pair.trim().split("=");
    if (key === name) return value.join("=");
  }
  return null;
}

export function getSessionId(request: Request): string | null {
  return getCookie(request, SESSION_COOKIE) || null;
}

export function createSessionCookie(sessionId: string): string {
  return `${SESSION_COOKIE}=${sessionId}; HttpOnly; SameSite=Lax; Path=/; Max-Age=86400${SECURE}`;
}

export function clearSessionCookie(): string {
  return `${SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0${SECURE}`;
}

export function getStateCookie(request: Request): string | null {
  return getCookie(request, STATE_COOKIE);
}

export function createStateCookie(state: string): string {
  return `${STATE_COOKIE}=${state}; HttpOnly; SameSite=Lax; Path=/auth; Max-Age=600${SECURE}`;
}
