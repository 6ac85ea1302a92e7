import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSafetyGate, type GateMode, type GateStop, type UnitVerdict } from "@/lib/safety/gate";

type Call = { texts: string[]; answer: (verdicts: UnitVerdict[]) => void; fail: (error: unknown) => void };

/** A gate whose moderation calls wait until the test answers them. */
function gateUnderTest({ mode = "hold", maxInFlight = 3 }: { mode?: GateMode; maxInFlight?: number } = {}) {
  const calls: Call[] = [];
  const released: string[] = [];
  const flags: GateStop[] = [];
  const controller = new AbortController();
  const gate = createSafetyGate({
    mode,
    language: "en",
    signal: controller.signal,
    maxInFlight,
    check: (texts) => new Promise((resolve, reject) => calls.push({ texts, answer: resolve, fail: reject })),
    onRelease: (text) => released.push(text),
    onFlag: (stop) => flags.push(stop),
  });
  return { gate, calls, released, flags, controller };
}

const safe = (n: number): UnitVerdict[] => Array.from({ length: n }, () => ({ flagged: false }));
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the safety gate, holding text back", () => {
  it("releases a unit only after its verdict, checked with the unit before it as context, in order whatever order verdicts come in", async () => {
    const { gate, calls, released } = gateUnderTest();
    gate.push("Once upon a time, a fox ");
    expect(calls.map((call) => call.texts)).toEqual([["Once upon a time,"]]);
    gate.push("found a map. She ");
    expect(calls.map((call) => call.texts)).toEqual([["Once upon a time,"], ["Once upon a time, a fox found a map."]]);
    gate.push("ran.");
    const finished = gate.finish();
    expect(calls[2]?.texts).toEqual([" a fox found a map. She ran."]);
    calls[2]?.answer(safe(1));
    calls[1]?.answer(safe(1));
    await tick();
    expect(released).toEqual([]); // the first unit's verdict is still out: nothing after it may pass
    calls[0]?.answer(safe(1));
    expect(await finished).toEqual({ kind: "safe" });
    expect(released).toEqual(["Once upon a time,", " a fox found a map.", " She ran."]);
  });

  it("puts units that complete while every call is busy into one call", async () => {
    const { gate, calls } = gateUnderTest({ maxInFlight: 1 });
    gate.push("Once upon a time, a fox ");
    gate.push("ran. She hid. ");
    gate.push("It rained. The end.");
    expect(calls.map((call) => call.texts)).toEqual([["Once upon a time,"]]);
    calls[0]?.answer(safe(1));
    await tick();
    expect(calls[1]?.texts).toEqual(["Once upon a time, a fox ran.", " a fox ran. She hid.", " She hid. It rained."]);
    expect(gate.moderationCalls()).toBe(2);
  });

  it("on a flag: releases the checked units before it, nothing from it on, and says so once", async () => {
    const { gate, calls, released, flags } = gateUnderTest();
    gate.push("Safe start, then more. Bad part. After that. And ");
    const finished = gate.finish();
    expect(calls[0]?.texts).toEqual(["Safe start, then more.", "Safe start, then more. Bad part.", " Bad part. After that."]);
    calls[0]?.answer([{ flagged: false }, { flagged: true, categories: ["violence"] }, { flagged: false }]);
    expect(await finished).toEqual({ kind: "unsafe", categories: ["violence"] });
    gate.push("more text. Later. ");
    await tick();
    expect(released).toEqual(["Safe start, then more."]);
    expect(flags).toEqual([{ kind: "unsafe", categories: ["violence"] }]);
  });

  it("fails closed when a check fails or answers with the wrong number of verdicts", async () => {
    for (const breakIt of [(call: Call) => call.fail(new Error("HTTP 500")), (call: Call) => call.answer(safe(0))]) {
      const { gate, calls, released, flags } = gateUnderTest();
      gate.push("First, a clause. Then a sentence. ");
      const finished = gate.finish();
      const call = calls[0];
      if (call) breakIt(call);
      expect((await finished).kind).toBe("unavailable");
      expect(released).toEqual([]);
      expect(flags.map((flag) => flag.kind)).toEqual(["unavailable"]);
    }
  });

  it("ends quietly when the generation is aborted, releasing nothing more", async () => {
    const { gate, calls, released, flags, controller } = gateUnderTest();
    gate.push("A first clause, and then the rest. ");
    const finished = gate.finish();
    controller.abort(new Error("client gone"));
    calls[0]?.answer(safe(calls[0].texts.length));
    expect(await finished).toEqual({ kind: "aborted" });
    expect(released).toEqual([]);
    expect(flags).toEqual([]);
  });

  it("property: whatever order verdicts come back in, every unit is released once, in order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom("Once ", "upon a time, ", "a fox. ", "She ran! ", "Why? ", "The end.", "\n\n", "你好。"), { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
        fc.integer({ min: 1, max: 4 }),
        async (chunks, order, maxInFlight) => {
          const { gate, calls, released } = gateUnderTest({ maxInFlight });
          const answered = new Set<Call>();
          let step = 0;
          const answerSomeCall = () => {
            const open = calls.filter((call) => !answered.has(call));
            const call = open[(order[step++ % order.length] ?? 0) % Math.max(1, open.length)];
            if (!call) return;
            answered.add(call);
            call.answer(safe(call.texts.length));
          };
          for (const chunk of chunks) {
            gate.push(chunk);
            if ((order[step] ?? 0) % 2 === 0) answerSomeCall();
            await tick();
          }
          const finished = gate.finish();
          while (calls.some((call) => !answered.has(call))) {
            answerSomeCall();
            await tick();
          }
          expect(await finished).toEqual({ kind: "safe" });
          expect(released.join("")).toBe(chunks.join(""));
          expect(released.every((unit) => unit !== "")).toBe(true);
          expect(calls.flatMap((call) => call.texts)).toHaveLength(released.length);
        },
      ),
      { numRuns: 100 },
    );
  }, 30_000);
});

describe("the safety gate in the other modes", () => {
  it("async: releases text as it arrives and still checks every unit before finishing", async () => {
    const { gate, calls, released } = gateUnderTest({ mode: "async" });
    gate.push("Once upon a time, ");
    gate.push("a fox. The end.");
    expect(released).toEqual(["Once upon a time, ", "a fox. The end."]);
    const finished = gate.finish();
    let settled = false;
    void finished.then(() => (settled = true));
    await tick();
    expect(settled).toBe(false);
    for (const call of [...calls]) call.answer(safe(call.texts.length));
    await tick();
    for (const call of calls.slice(-1)) call.answer(safe(call.texts.length));
    expect(await finished).toEqual({ kind: "safe" });
  });

  it("off: the identity, with no checks", async () => {
    const { gate, calls, released } = gateUnderTest({ mode: "off" });
    gate.push("Anything ");
    gate.push("at all");
    expect(await gate.finish()).toEqual({ kind: "safe" });
    expect(released).toEqual(["Anything ", "at all"]);
    expect(calls).toEqual([]);
  });
});
