import { z } from "zod";

/** GET /api/health: 200 when the database answers, 503 when it does not. */
export const healthBodySchema = z.object({
  status: z.enum(["ok", "error"]),
  database: z.enum(["ok", "unavailable"]),
});

export type HealthBody = z.infer<typeof healthBodySchema>;
