import { z } from "zod";

/** GET /api/health: 200 when the database answers, 503 when it does not. */
export const healthBodySchema = z.object({
  status: z.enum(["ok", "error"]),
  database: z.enum(["ok", "unavailable"]),
  moderation: z
    .enum(["hold", "async", "off"])
    .meta({ description: "How story text reaches readers: held back until checked (the default), checked after release, or unchecked." }),
  limits: z.enum(["on", "off"]).meta({ description: "Whether the per-user rate and concurrency limits apply." }),
  warnings: z
    .array(z.string())
    .optional()
    .meta({ description: "Present when moderation or the limits are off: one sentence for each." }),
});

export type HealthBody = z.infer<typeof healthBodySchema>;
