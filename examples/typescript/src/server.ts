// src/server.ts
// The course's app on node:http: `npx tsx src/server.ts` serves it on BASE_URL
// (http://localhost:3000 by default). README.md says how to run it against the mock providers.
import { BASE_URL } from "./config.js";
import { serve } from "./http.js";
import { authRoutes } from "./routes/auth.js";
import { disconnectRoutes } from "./routes/disconnect.js";
import { meRoutes } from "./routes/me.js";

serve([...meRoutes, ...authRoutes, ...disconnectRoutes], BASE_URL);
