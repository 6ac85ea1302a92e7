import { ApiError, errorResponse } from "@/lib/errors";

// HEAD and OPTIONS are Next's own: HEAD runs GET, OPTIONS answers 204 with Allow.
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

type FixedAnswer = (req: Request) => Response;

/**
 * JSON 405 answers with `Allow` for the methods a route does not implement (Next's own 405 has
 * neither). In a route file, after its handlers:
 * `export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);`
 */
export function methodsNotAllowed(allowed: readonly HttpMethod[]): Record<HttpMethod, FixedAnswer> {
  const allow = [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"].sort().join(", ");
  const answer: FixedAnswer = (req) =>
    errorResponse(new ApiError(405, `${req.method} is not allowed here; use ${allowed.join(" or ")}`, { headers: { Allow: allow } }));
  return { GET: answer, POST: answer, PUT: answer, PATCH: answer, DELETE: answer };
}

/** What a path under /api that no route serves answers, whatever the method. */
export const noSuchApiRoute: FixedAnswer = (req) => errorResponse(new ApiError(404, `No API route at ${new URL(req.url).pathname}`));
