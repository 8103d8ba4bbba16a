// src/config.ts
// The configuration, from the environment and a `.env` file in the folder the app runs from
// (a variable set in the environment wins). The provider URLs default to the real GitHub and
// Google; `cargo run -p mock-providers -- --print-env` prints the block that points them at
// the mock providers instead.
try {
  process.loadEnvFile();
} catch {
  // No .env file: the environment alone.
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`Missing required environment variable: ${name}`);
    process.exit(1);
  }
  return value;
}

function optional(name: string, fallback: string): string {
  return (process.env[name] || fallback).replace(/\/$/, "");
}

export const BASE_URL = optional("BASE_URL", "http://localhost:3000");

export const github = {
  clientId: required("GITHUB_CLIENT_ID"),
  clientSecret: required("GITHUB_CLIENT_SECRET"),
  authorizeUrl: optional("GITHUB_AUTHORIZE_URL", "https://github.com/login/oauth/authorize"),
  tokenUrl: optional("GITHUB_TOKEN_URL", "https://github.com/login/oauth/access_token"),
  apiUrl: optional("GITHUB_API_URL", "https://api.github.com"),
  redirectUri: `${BASE_URL}/auth/github/callback`,
};

export const google = {
  clientId: required("GOOGLE_CLIENT_ID"),
  clientSecret: required("GOOGLE_CLIENT_SECRET"),
  authorizeUrl: optional("GOOGLE_AUTHORIZE_URL", "https://accounts.google.com/o/oauth2/v2/auth"),
  tokenUrl: optional("GOOGLE_TOKEN_URL", "https://oauth2.googleapis.com/token"),
  userinfoUrl: optional("GOOGLE_USERINFO_URL", "https://openidconnect.googleapis.com/v1/userinfo"),
  revokeUrl: optional("GOOGLE_REVOKE_URL", "https://oauth2.googleapis.com/revoke"),
  redirectUri: `${BASE_URL}/auth/google/callback`,
};
