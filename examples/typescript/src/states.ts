// src/states.ts
// The OAuth state parameter: random, kept server-side for 10 minutes, deleted at its first use.
import { randomBytes } from "node:crypto";

const STATE_MS = 10 * 60 * 1000;
const states = new Map<string, { provider: string; expiresAt: number }>();

export function createState(provider: string): string {
  for (const [old, pending] of states) {
    if (pending.expiresAt <= Date.now()) states.delete(old);
  }
  const state = randomBytes(32).toString("hex");
  states.set(state, { provider, expiresAt: Date.now() + STATE_MS });
  return state;
}

// Whether `state` is a live one of `provider`; it works once.
export function consumeState(state: string | null, provider: string): boolean {
  const pending = state ? states.get(state) : undefined;
  if (state) states.delete(state);
  return pending !== undefined && pending.provider === provider && pending.expiresAt > Date.now();
}
