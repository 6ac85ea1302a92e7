// `npm run db:migration -- <name>`: writes the next migration from what prisma/schema.prisma adds
// to prisma/migrations. Works offline and without opening the real database.
import path from "node:path";
import { createMigration } from "../lib/db/migrations.ts";

async function main(): Promise<void> {
  const name = process.argv.slice(2).filter((arg) => !arg.startsWith("-")).join(" ");
  if (!name) {
    console.error("Usage: npm run db:migration -- <name>   (e.g. npm run db:migration -- add story tags)");
    process.exitCode = 2;
    return;
  }
  const directory = await createMigration({ name });
  if (directory === null) console.log("No schema changes: prisma/schema.prisma matches the migrations.");
  else console.log(`Created ${path.relative(process.cwd(), path.join(directory, "migration.sql"))}`);
}

main().catch((error: unknown) => {
  console.error(`Creating the migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
