import { describe, expect, it } from "vitest";
import { batchPerTurn } from "@/lib/batch-per-turn";

describe("batchPerTurn", () => {
  it("answers the calls of one turn with one run, each with its own result, in call order", async () => {
    const runs: number[][] = [];
    const double = batchPerTurn(async (keys: number[]) => {
      runs.push(keys);
      return keys.map((key) => key * 2);
    });
    const together = await Promise.all([double(1), double(2), double(3)]);
    const later = await double(4);
    expect(together).toEqual([2, 4, 6]);
    expect(later).toBe(8);
    expect(runs).toEqual([[1, 2, 3], [4]]);
  });

  it("splits a turn's calls at the batch size", async () => {
    const runs: number[][] = [];
    const same = batchPerTurn(async (keys: number[]) => {
      runs.push(keys);
      return keys;
    }, 2);
    expect(await Promise.all([1, 2, 3, 4, 5].map(same))).toEqual([1, 2, 3, 4, 5]);
    expect(runs).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("fails every call of a batch whose run fails or answers the wrong number of results", async () => {
    const failing = batchPerTurn(async (): Promise<number[]> => {
      throw new Error("database down");
    });
    const results = await Promise.allSettled([failing(1), failing(2)]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    const short = batchPerTurn(async (keys: number[]) => keys.slice(1));
    await expect(Promise.all([short(1), short(2)])).rejects.toThrow("a batch of 2 got 1 results");
    // A failed batch does not stop the next one.
    const recovering = batchPerTurn(async (keys: number[]) => {
      if (keys.includes(0)) throw new Error("bad batch");
      return keys;
    });
    await expect(recovering(0)).rejects.toThrow("bad batch");
    expect(await recovering(7)).toBe(7);
  });
});
