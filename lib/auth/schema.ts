import { z } from "zod";
import "../zod-jitless.ts";

const email = z
  .string({ error: "Email is required" })
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address").max(254, "Email must be at most 254 characters"));

export const registerSchema = z.object({
  email,
  password: z
    .string({ error: "Password is required" })
    .min(8, "Password must be at least 8 characters")
    .max(200, "Password must be at most 200 characters"),
  name: z
    .string()
    .trim()
    .max(80, "Name must be at most 80 characters")
    // U+0000 cannot be stored: refuse every control character at validation, not as a failed save.
    .refine((value) => !/\p{Cc}/u.test(value), "Name must not contain control characters or line breaks")
    .optional(),
});

export const credentialsSchema = z.object({
  email,
  password: z.string({ error: "Password is required" }).min(1, "Password is required").max(200),
});

export type Credentials = z.infer<typeof credentialsSchema>;
