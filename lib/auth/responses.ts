import { z } from "zod";

export const accessTokenSchema = z.object({
  access_token: z.string().meta({ description: "A JWT to send as `Authorization: Bearer <access_token>`." }),
  token_type: z.literal("Bearer"),
  expires_in: z.int().positive().meta({ description: "Seconds until the token expires." }),
});

export const registeredUserSchema = z.object({
  id: z.uuid(),
  email: z.email(),
  name: z.string().nullable(),
});
