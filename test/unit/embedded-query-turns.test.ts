import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { yieldBetweenQueries } from "@/lib/db/adapter";

let raw: PGlite;
let turned: PGlite;
beforeAll(async () => {
  raw = new PGlite();
  turned = yieldBetweenQueries(new PGlite());
  await Promise.all([raw.waitReady, turned.waitReady]);
}, 60_000);
afterAll(async () => {
  await Promise.all([raw.close(), turned.close()]);
});

/** Queues `count` queries at once; counts the turns the event loop made while they ran. */
async function loopTurnsDuring(database: PGlite, count: number): Promise<number> {
  let done = false;
  let turns = 0;
  const tick = () => {
    if (done) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  await Promise.all(Array.from({ length: count }, (_, i) => database.query("SELECT $1::int AS n, repeat('x', 200) AS pad", [i])));
  done = true;
  return turns;
}

describe("the embedded database's queries under a burst", () => {
  it("let the event loop turn while a long queue of them runs, instead of holding it to the end", async () => {
    // Unwrapped, PGlite runs a queue of queries back to back in microtasks: the loop waits for all of them.
    expect(await loopTurnsDuring(raw, 2000)).toBe(0);
    expect(await loopTurnsDuring(turned, 2000)).toBeGreaterThan(2);
  }, 30_000);

  it("keeps every query's result and order, and a failed one fails alone", async () => {
    const results = await Promise.allSettled([
      turned.query<{ n: number }>("SELECT 1 AS n"),
      turned.query("SELECT * FROM no_such_table"),
      turned.transaction(async (tx) => (await tx.query<{ n: number }>("SELECT 3 AS n")).rows[0]?.n),
      turned.query<{ n: number }>("SELECT 4 AS n"),
    ]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect(results[2]).toEqual({ status: "fulfilled", value: 3 });
    expect(results[3]).toMatchObject({ status: "fulfilled", value: { rows: [{ n: 4 }] } });
  }, 30_000);
});
