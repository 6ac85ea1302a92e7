import type { z } from "zod";
import { ApiError } from "@/lib/errors";
import type { FieldMessage } from "@/lib/http/error-body";

export const MAX_JSON_BODY_BYTES = 16 * 1024;

/** The body as text, or 413 as soon as it grows past `limit` (declared or streamed). */
export async function readBodyText(req: Request, limit: number): Promise<string> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw bodyTooLarge(limit);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw bodyTooLarge(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function bodyTooLarge(limit: number): ApiError {
  return new ApiError(413, `Request body is larger than ${limit / 1024} KB`);
}

export function zodIssuesToDetails(issues: z.core.$ZodIssue[]): FieldMessage[] {
  return issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join(".") : "body",
    message: issue.message,
  }));
}

/** Reads a size-limited JSON body and validates it: 400 / 413 as ApiError. */
export async function parseJson<Schema extends z.ZodType>(
  req: Request,
  schema: Schema,
  limit = MAX_JSON_BODY_BYTES,
): Promise<z.infer<Schema>> {
  const text = await readBodyText(req, limit);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError(400, "Request body must be valid JSON");
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new ApiError(400, "Invalid request body", { details: zodIssuesToDetails(result.error.issues) });
  }
  return result.data;
}
