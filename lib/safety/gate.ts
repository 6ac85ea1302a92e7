import { MAX_MODERATION_CALLS_IN_FLIGHT } from "./policy.ts";
import { createUnitSplitter, type UnitLimits } from "./release-units.ts";

export type UnitVerdict = { flagged: false } | { flagged: true; categories: string[] };
/** Moderates texts (one verdict each, in order); rejects when no verdict can be had. */
export type CheckTexts = (texts: string[], signal: AbortSignal) => Promise<UnitVerdict[]>;

/**
 * hold: text is released a unit at a time, each only after its own verdict (for children).
 * async: text is released as it arrives and checked alongside; a flag withdraws it.
 * off: the identity, no checks.
 */
export type GateMode = "hold" | "async" | "off";

export type GateStop = { kind: "unsafe"; categories: string[] } | { kind: "unavailable"; cause: unknown };
export type GateVerdict = { kind: "safe" } | GateStop | { kind: "aborted" };

export type SafetyGate = {
  /** The model's next text delta. */
  push(text: string): void;
  /** The model finished: resolves once every unit has its verdict (and, holding, is released). */
  finish(): Promise<GateVerdict>;
  moderationCalls(): number;
};

const SAFE: GateVerdict = { kind: "safe" };

function passThrough(onRelease: (text: string) => void): SafetyGate {
  return { push: onRelease, finish: () => Promise.resolve(SAFE), moderationCalls: () => 0 };
}

/**
 * The safety gate between the model and the client. Completed units are moderated with the unit
 * before them as context (a phrase can be harmless alone and harmful across a boundary); units
 * that complete while `maxInFlight` calls are busy go together in the next call. Units are
 * released strictly in order. The first flag, or a failed check, calls `onFlag` once and nothing
 * is released after it: the caller aborts the model. Aborting `signal` ends the gate quietly.
 */
export function createSafetyGate({
  mode,
  language,
  signal,
  check,
  onRelease,
  onFlag,
  maxInFlight = MAX_MODERATION_CALLS_IN_FLIGHT,
  limits,
}: {
  mode: GateMode;
  language: string;
  signal: AbortSignal;
  check: CheckTexts;
  onRelease: (text: string) => void;
  onFlag: (stop: GateStop) => void;
  maxInFlight?: number;
  limits?: UnitLimits;
}): SafetyGate {
  if (mode === "off") return passThrough(onRelease);
  const holding = mode === "hold";
  const units: string[] = [];
  const checked: boolean[] = [];
  let sent = 0;
  let released = 0;
  let inFlight = 0;
  let calls = 0;
  let finishing = false;
  let ended: GateVerdict | undefined;
  let settle: ((verdict: GateVerdict) => void) | undefined;
  const splitter = createUnitSplitter({ language, limits, onUnit: (unit) => units.push(unit) });

  function end(verdict: GateVerdict) {
    if (ended) return;
    ended = verdict;
    signal.removeEventListener("abort", onAbort);
    settle?.(verdict);
  }
  function onAbort() {
    end({ kind: "aborted" });
  }
  function stop(verdict: GateStop) {
    if (ended) return;
    end(verdict);
    onFlag(verdict);
  }

  function releaseInOrder() {
    while (released < units.length && checked[released]) onRelease(units[released++] ?? "");
  }

  function endIfDone() {
    if (finishing && inFlight === 0 && sent === units.length && (!holding || released === units.length)) end(SAFE);
  }

  function onVerdicts(from: number, verdicts: UnitVerdict[]) {
    if (ended) return;
    inFlight--;
    for (let k = 0; k < verdicts.length; k++) {
      const verdict = verdicts[k];
      if (!verdict || verdict.flagged) {
        if (holding) releaseInOrder();
        stop(verdict?.flagged ? { kind: "unsafe", categories: verdict.categories } : { kind: "unavailable", cause: new Error("no verdict") });
        return;
      }
      checked[from + k] = true;
    }
    if (holding) releaseInOrder();
    dispatch();
    endIfDone();
  }

  function dispatch() {
    if (ended || sent === units.length || inFlight >= maxInFlight) return;
    const from = sent;
    const texts: string[] = [];
    for (let i = from; i < units.length; i++) texts.push((units[i - 1] ?? "") + (units[i] ?? ""));
    sent = units.length;
    inFlight++;
    calls++;
    check(texts, signal).then(
      (verdicts) =>
        verdicts.length === texts.length
          ? onVerdicts(from, verdicts)
          : stop({ kind: "unavailable", cause: new Error(`${verdicts.length} verdicts for ${texts.length} texts`) }),
      (cause: unknown) => stop({ kind: "unavailable", cause }),
    );
  }

  if (signal.aborted) ended = { kind: "aborted" };
  else signal.addEventListener("abort", onAbort, { once: true });

  return {
    push(text) {
      if (ended) return;
      if (!holding) onRelease(text);
      splitter.push(text);
      dispatch();
    },
    finish() {
      if (!ended) {
        splitter.flush();
        finishing = true;
        dispatch();
        endIfDone();
      }
      return ended ? Promise.resolve(ended) : new Promise((resolve) => (settle = resolve));
    },
    moderationCalls: () => calls,
  };
}
