import { randomUUID } from "node:crypto";
import type { FieldMessage } from "@/lib/http/error-body";
import { logEvent } from "@/lib/log";

/** An error the client caused or may see; anything else becomes a generic 500. */
export class ApiError extends Error {
  readonly status: number;
  readonly details?: FieldMessage[];
  readonly headers?: Record<string, string>;
  /** More fields for the JSON body, e.g. the moderation categories of a 422. */
  readonly extra?: Record<string, unknown>;

  constructor(
    status: number,
    message: string,
    options: { details?: FieldMessage[]; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.details = options.details;
    this.headers = options.headers;
    this.extra = options.extra;
  }
}

/** No route takes a body larger than this; routes that read one set a smaller limit (parseJson). */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;

export function errorResponse(error: ApiError): Response {
  const body = { error: error.message, ...(error.details && { details: error.details }), ...error.extra };
  return Response.json(body, { status: error.status, headers: error.headers });
}

type RouteContext<Params> = { params: Promise<Params> };
type Handler<Req extends Request, Params> = (req: Req, context: RouteContext<Params>) => Promise<Response>;

/**
 * Wraps a route handler: every ApiError is answered as JSON, nothing else leaks, and each request
 * is logged once (for a stream, when its headers go out).
 */
export function withApi<Req extends Request, Params = Record<string, never>>(
  handler: Handler<Req, Params>,
): Handler<Req, Params> {
  return async (req, context) => {
    const startedAt = performance.now();
    const response = await answer(handler, req, context);
    logRequest(req, response.status, startedAt);
    return response;
  };
}

/** The one log line of an API request. */
export function logRequest(req: Request, status: number, startedAt: number, fields: Record<string, unknown> = {}): void {
  logEvent(status >= 500 ? "error" : "info", "http_request", {
    method: req.method,
    path: new URL(req.url).pathname,
    status,
    duration_ms: Math.round((performance.now() - startedAt) * 10) / 10,
    ...fields,
  });
}

async function answer<Req extends Request, Params>(
  handler: Handler<Req, Params>,
  req: Req,
  context: RouteContext<Params>,
): Promise<Response> {
  try {
    assertBodyWithinLimit(req);
    return await handler(req, context);
  } catch (error) {
    return responseForError(error, req);
  }
}

/** 413 before anything reads a body that declares itself too large. */
export function assertBodyWithinLimit(req: Request): void {
  if (Number(req.headers.get("content-length")) > MAX_REQUEST_BODY_BYTES) {
    throw new ApiError(413, `Request body is larger than ${MAX_REQUEST_BODY_BYTES / 1024} KB`);
  }
}

/** An ApiError as its JSON answer; anything else as a 500 with a request id, logged with its details. */
export function responseForError(error: unknown, req: Request): Response {
  if (error instanceof ApiError) return errorResponse(error);
  const requestId = randomUUID();
  logEvent("error", "unhandled_route_error", {
    request_id: requestId,
    method: req.method,
    path: new URL(req.url).pathname,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  });
  return Response.json({ error: "Internal server error", request_id: requestId }, { status: 500 });
}
