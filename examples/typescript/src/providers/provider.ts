// src/providers/provider.ts
// What GitHub and Google have in common: the same five calls (providers/github.ts,
// providers/google.ts), the profile they give, and how a call fails.

export type ProviderName = "github" | "google";

// Who signed in, as the provider says.
export interface Profile {
  providerId: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  avatarUrl: string | null;
}

export interface Provider {
  name: string;
  authorizeUrl(state: string): string;
  exchangeCode(code: string): Promise<string>;
  fetchProfile(token: string): Promise<Profile>;
  revokeToken(token: string): Promise<Response>;
  tokenStillWorks(token: string): Promise<boolean>;
}

// A provider call that failed, with the status the app answers it with.
export class ProviderError extends Error {
  constructor(
    message: string,
    public status = 502,
  ) {
    super(message);
  }
}

// How long any provider call may take.
export const timeout = () => AbortSignal.timeout(10_000);
