// src/http.ts
// node:http with web-standard Request and Response: each route takes a Request and answers a
// Response, as in the course's lessons.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export interface Route {
  method: "GET" | "POST";
  path: string;
  handle(request: Request): Response | Promise<Response>;
}

export function serve(routes: Route[], baseUrl: string): void {
  const { origin, port, hostname } = new URL(baseUrl);
  const server = createServer(async (req, res) => {
    req.resume(); // No route reads a body: forms post one, and it is drained.
    try {
      await send(res, await answer(routes, req, origin));
    } catch (error) {
      console.error(error);
      if (res.headersSent) return void res.end();
      await send(res, Response.json({ error: "Internal Server Error" }, { status: 500 }));
    }
  });
  // An app on localhost is served to this machine only.
  const host = hostname === "localhost" ? "127.0.0.1" : "0.0.0.0";
  server.on("error", (error) => {
    console.error(`Cannot serve ${baseUrl}: ${error.message}`);
    process.exit(1);
  });
  server.listen(Number(port) || 80, host, () => console.log(`The app is on ${baseUrl}`));
}

async function answer(routes: Route[], req: IncomingMessage, origin: string): Promise<Response> {
  if (req.method !== "GET" && req.method !== "POST") {
    return Response.json({ error: "Method Not Allowed" }, { status: 405 });
  }
  const request = toRequest(req, origin);
  const { pathname } = new URL(request.url);
  // A POST from another site's page must not log the user out or disconnect a provider.
  const from = request.headers.get("origin");
  const crossSite =
    (from !== null && from !== origin) || request.headers.get("sec-fetch-site") === "cross-site";
  if (request.method === "POST" && crossSite) {
    return Response.json({ error: "Cross-site request refused" }, { status: 403 });
  }
  const route = routes.find((r) => r.method === request.method && r.path === pathname);
  if (route) return route.handle(request);
  if (routes.some((r) => r.path === pathname)) {
    return Response.json({ error: "Method Not Allowed" }, { status: 405 });
  }
  return Response.json({ error: "Not Found" }, { status: 404 });
}

function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    for (const value of values ?? []) headers.append(name, value);
  }
  return new Request(new URL(req.url ?? "/", origin), { method: req.method, headers });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  res.writeHead(response.status);
  res.end(Buffer.from(await response.arrayBuffer()));
}
