// `npm run db:migrate`: applies pending migrations to the configured database (DATABASE_URL, or
// the embedded PGlite in STORYSTREAM_DATA_DIR). `--verbose` prints the schema engine's log.
import { EmbeddedDatabaseLockedError } from "../lib/db/embedded-lock.ts";
import { adapterFactoryFor, applyPendingMigrations } from "../lib/db/migrations.ts";

const verbose = process.argv.includes("--verbose");

async function main(): Promise<void> {
  const target = await adapterFactoryFor({ holder: "db:migrate" });
  try {
    const applied = await applyPendingMigrations({
      adapterFactory: target.adapterFactory,
      log: verbose ? (line) => console.error(line) : undefined,
    });
    if (applied.length === 0) console.log(`Database is up to date (${target.description}).`);
    else console.log(`Applied ${applied.length} migration(s) to ${target.description}: ${applied.join(", ")}`);
  } finally {
    await target.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof EmbeddedDatabaseLockedError) console.error(error.message);
  else console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
