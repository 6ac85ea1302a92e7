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

/** A probable next unit checked before its cut is confirmed. */
type Speculation = {
  index: number;
  text: string;
  /** confirmed: the unit at `index` is exactly `text`; discarded: it grew or changed. */
  state: "open" | "confirmed" | "discarded";
  safe: boolean;
};

/**
 * The safety gate between the model and the client. Completed units are moderated with the unit
 * before them as context (a phrase can be harmless alone and harmful across a boundary); units
 * that complete while `maxInFlight` calls are busy go together in the next call. Units are
 * released strictly in order. The first flag, or a failed check, calls `onFlag` once and nothing
 * is released after it: the caller aborts the model. Aborting `signal` ends the gate quietly.
 *
 * Holding, a unit that probably ends where the text stops ("… a map." before the next token's
 * space confirms it) is checked at once, so its verdict does not wait a token interval. It is
 * released only once the cut is confirmed with exactly that text, and on that verdict only; a
 * unit that grew is checked anew. A flag on the guess stops the story even if the unit grows: the
 * model wrote that text. A speculative call counts against `maxInFlight` and is only made when a
 * slot is free.
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
  let speculation: Speculation | undefined;
  const splitter = createUnitSplitter({
    language,
    limits,
    onUnit(unit) {
      const index = units.length;
      units.push(unit);
      const guess = speculation;
      if (!guess || guess.state !== "open") return;
      if (guess.index === index && guess.text === unit) {
        guess.state = "confirmed";
        // The speculative call already carries this unit: no second check.
        sent = index + 1;
        if (guess.safe) checked[index] = true;
      } else {
        guess.state = "discarded";
      }
      speculation = undefined;
    },
    onTentative: holding ? speculate : undefined,
  });

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

  function onVerdicts(from: number, verdicts: UnitVerdict[], guess: Speculation | undefined) {
    if (ended) return;
    inFlight--;
    for (let k = 0; k < verdicts.length; k++) {
      const verdict = verdicts[k];
      if (!verdict || verdict.flagged) {
        if (holding) releaseInOrder();
        stop(verdict?.flagged ? { kind: "unsafe", categories: verdict.categories } : { kind: "unavailable", cause: new Error("no verdict") });
        return;
      }
      if (guess && k === verdicts.length - 1) {
        guess.safe = true;
        if (guess.state === "confirmed") checked[guess.index] = true;
      } else {
        checked[from + k] = true;
      }
    }
    if (holding) releaseInOrder();
    dispatch();
    endIfDone();
  }

  /** Checks the units not yet sent and, if given, the guess at the next one after them. */
  function dispatch(guess?: Speculation) {
    if (ended || (sent === units.length && !guess) || inFlight >= maxInFlight) return;
    const from = sent;
    const texts: string[] = [];
    for (let i = from; i < units.length; i++) texts.push((units[i - 1] ?? "") + (units[i] ?? ""));
    if (guess) {
      texts.push((units[guess.index - 1] ?? "") + guess.text);
      speculation = guess;
    }
    sent = units.length;
    inFlight++;
    calls++;
    check(texts, signal).then(
      (verdicts) =>
        verdicts.length === texts.length
          ? onVerdicts(from, verdicts, guess)
          : stop({ kind: "unavailable", cause: new Error(`${verdicts.length} verdicts for ${texts.length} texts`) }),
      (cause: unknown) => stop({ kind: "unavailable", cause }),
    );
  }

  function speculate(text: string) {
    if (speculation) speculation.state = "discarded";
    speculation = undefined;
    if (ended || inFlight >= maxInFlight) return;
    dispatch({ index: units.length, text, state: "open", safe: false });
  }

  if (signal.aborted) ended = { kind: "aborted" };
  else signal.addEventListener("abort", onAbort, { once: true });

  return {
    push(text) {
      if (ended) return;
      if (!holding) onRelease(text);
      splitter.push(text);
      // A confirmed guess whose verdict is already here releases its unit now.
      if (holding) releaseInOrder();
      dispatch();
    },
    finish() {
      if (!ended) {
        splitter.flush();
        if (holding) releaseInOrder();
        finishing = true;
        dispatch();
        endIfDone();
      }
      return ended ? Promise.resolve(ended) : new Promise((resolve) => (settle = resolve));
    },
    moderationCalls: () => calls,
  };
}
