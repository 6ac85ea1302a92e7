import { z } from "zod";
import { ApiError } from "@/lib/errors";

export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7E]+$/, "printable ASCII without spaces");

/** The optional Idempotency-Key header; 400 when present but malformed. */
export function readIdempotencyKey(headers: Headers): string | undefined {
  const value = headers.get("idempotency-key");
  if (value === null) return undefined;
  const parsed = idempotencyKeySchema.safeParse(value);
  if (!parsed.success) {
    throw new ApiError(400, "Invalid Idempotency-Key header", {
      details: [{ field: "Idempotency-Key", message: "1 to 255 printable ASCII characters without spaces" }],
    });
  }
  return parsed.data;
}
