import { z } from "zod";
import { storySchema } from "@/lib/stories/responses";

export const accountSchema = z.object({
  id: z.uuid(),
  email: z.email(),
  name: z.string().nullable(),
  created_at: z.iso.datetime(),
  story_count: z.int().min(0),
});

export const deleteAccountSchema = z.object({
  password: z.string({ error: "Password is required" }).min(1, "Password is required").max(200),
});

export const changePasswordSchema = z.object({
  current_password: z.string({ error: "Current password is required" }).min(1, "Current password is required").max(200),
  new_password: z
    .string({ error: "New password is required" })
    .min(8, "New password must be at least 8 characters")
    .max(200, "New password must be at most 200 characters"),
});

export const apiKeySummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().meta({ description: "The key's first characters, to recognise it; the key itself is never shown again." }),
  created_at: z.iso.datetime(),
  last_used_at: z.iso.datetime().nullable().meta({ description: "Updated at most once a minute." }),
});

export const createdApiKeySchema = apiKeySummarySchema.extend({
  key: z.string().meta({ description: "The API key, shown only in this response. Send it as `Authorization: Bearer <key>`." }),
});

export const apiKeyListSchema = z.object({ api_keys: z.array(apiKeySummarySchema).meta({ description: "Newest first." }) });

export const createApiKeySchema = z.object({
  name: z.string({ error: "Name is required" }).trim().min(1, "Name is required").max(80, "Name must be at most 80 characters"),
});

export const accountExportSchema = z.object({
  exported_at: z.iso.datetime(),
  account: accountSchema,
  stories: z.array(storySchema).meta({ description: "Every story, newest first, with its text." }),
  api_keys: z.array(apiKeySummarySchema),
});

export type AccountResponse = z.infer<typeof accountSchema>;
export type AccountExport = z.infer<typeof accountExportSchema>;
export type ApiKeySummary = z.infer<typeof apiKeySummarySchema>;
