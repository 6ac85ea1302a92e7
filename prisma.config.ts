import { defineConfig } from "prisma/config";

// Used by the stock CLI (`prisma generate`, and `prisma migrate deploy` where it can download
// its engine). Offline migrations go through `npm run db:migrate` instead.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
