import { z } from "zod";

export const purgeResultSchema = z.object({
  stories: z.int().min(0).meta({ description: "Stories older than STORY_RETENTION_DAYS." }),
  limit_counters: z.int().min(0),
  idempotency_keys: z.int().min(0),
  revoked_tokens: z.int().min(0),
  stream_slots: z.int().min(0),
});

export const purgeResponseSchema = z.object({ purged: purgeResultSchema });

export type PurgeResult = z.infer<typeof purgeResultSchema>;
