import { RELEASE_UNITS } from "./policy.ts";

/**
 * Cuts a growing text into release units: sentences (Intl.Segmenter in the story's language), a
 * short first clause, and run-ons capped by words. Units concatenate to exactly the text pushed.
 *
 * A cut is only made where it is final whatever text comes next: before white space that follows
 * a visible character (a sentence ends there as soon as the space arrives), after white space
 * before a visible character already here, or after a full stop of a script without spaces. No
 * grapheme or word (as Intl.Segmenter sees the whole text) can continue across such a cut.
 */
export type UnitSplitter = {
  push(text: string): void;
  /** The end of the text: whatever is pending becomes the last unit. */
  flush(): void;
};

export type UnitLimits = { maxWords: number; firstUnitMinWords: number; firstUnitMaxWords: number; maxCodeUnits: number };

/** Unicode White_Space, as code units (all are in the BMP). */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0x85) return false;
  return (
    code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000
  );
}

/** Punctuation after which a sentence may end with no space: CJK full stops and their closing marks. */
const UNSPACED_TERMINALS = new Set([0x3002, 0xff01, 0xff1f, 0xff61, 0x300d, 0x300f, 0x3011, 0xff09, 0x201d]);

/** Characters that can end a sentence: worth asking the segmenter about. */
function isSentenceHint(code: number): boolean {
  return code === 0x2e || code === 0x21 || code === 0x3f || code === 0x0a || code === 0x2026 || UNSPACED_TERMINALS.has(code);
}

/** ...or, in the first unit, a clause. */
function isClauseHint(code: number): boolean {
  return code === 0x2c || code === 0x3b || code === 0x3a || code === 0x2014 || code === 0x2013;
}

/** Marks, format characters (ZWJ), emoji modifiers, Thai and Lao AM, halfwidth sound marks attach to what precedes them. */
const ATTACHES_BACKWARDS = /^[\p{M}\p{Cf}\p{Emoji_Modifier}\u0E33\u0EB3\uFF9E\uFF9F]/u;

/** The character at `at` joins the grapheme before it, or may still (its surrogate pair is not here yet). */
function startsAttached(text: string, at: number): boolean {
  const next = text.charCodeAt(at);
  if (next >= 0xd800 && next <= 0xdbff && at + 1 >= text.length) return true;
  return next >= 0x80 && ATTACHES_BACKWARDS.test(text.slice(at, at + 2));
}

/** Arabic and other "prepended concatenation marks" join the grapheme after them, even a space. */
function isPrepend(code: number): boolean {
  return (code >= 0x0600 && code <= 0x0605) || code === 0x06dd || code === 0x070f || code === 0x0890 || code === 0x0891 || code === 0x08e2 || code === 0x0d4e;
}

/**
 * The cut before index `at` can never split a grapheme or a word, whatever follows: before white
 * space that follows a visible character, after white space before a visible character that does
 * not attach backwards, or after a full stop of a script without spaces.
 */
function isFinalCut(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return false;
  const previous = text.charCodeAt(at - 1);
  const next = text.charCodeAt(at);
  if (isSpace(next)) {
    // An astral character before the space might be a prepended mark of a historic script: wait.
    return !isSpace(previous) && !isPrepend(previous) && !(previous >= 0xdc00 && previous <= 0xdfff);
  }
  if (startsAttached(text, at)) return false;
  return isSpace(previous) || UNSPACED_TERMINALS.has(previous);
}

/** Where the run of white space that ends at `end` begins. */
function spaceRunStart(text: string, end: number): number {
  let start = end;
  while (start > 0 && isSpace(text.charCodeAt(start - 1))) start--;
  return start;
}

const CLAUSE_END = /[,;:\u2014\u2013]$/u;

export function createUnitSplitter({
  language,
  onUnit,
  limits = RELEASE_UNITS,
}: {
  language: string;
  onUnit: (unit: string) => void;
  limits?: UnitLimits;
}): UnitSplitter {
  const sentences = new Intl.Segmenter(language, { granularity: "sentence" });
  const wordSegments = new Intl.Segmenter(language, { granularity: "word" });
  let pending = "";
  let first = true;
  // Scan state of `pending`, kept across pushes so each character is looked at once.
  let scanned = 0;
  let words = 0;
  let inWord = false;
  /** Index in `pending` of the first break hint not yet settled by the segmenter, or -1. */
  let hintAt = -1;
  /** Index in `pending` where the word after the cap starts, or -1. */
  let capAt = -1;

  function resetScan() {
    scanned = 0;
    words = 0;
    inWord = false;
    hintAt = -1;
    capAt = -1;
  }

  function emit(end: number) {
    onUnit(pending.slice(0, end));
    pending = pending.slice(end);
    first = false;
    resetScan();
  }

  function scan() {
    const maxWords = first ? limits.firstUnitMaxWords : limits.maxWords;
    for (let i = scanned; i < pending.length; i++) {
      const code = pending.charCodeAt(i);
      if (isSpace(code)) {
        inWord = false;
        continue;
      }
      if (!inWord) {
        inWord = true;
        words++;
        if (words === maxWords + 1 && capAt < 0) capAt = i;
      }
      if (hintAt < 0 && (isSentenceHint(code) || (first && isClauseHint(code)))) hintAt = i;
    }
    scanned = pending.length;
  }

  /**
   * Sentence ends the segmenter sees in `pending`, cut before the white space that ends the
   * sentence (final as soon as that space is here); the first unit may also end at a clause.
   */
  function cutAtBreaks(): boolean {
    let cut = false;
    let start = 0;
    for (const { index } of sentences.segment(pending)) {
      if (index === 0) continue;
      const at = cutBefore(index - start);
      if (at > 0) {
        start += at;
        emit(at);
        cut = true;
      }
    }
    // "… end. " with nothing after it yet: would a sentence begin next? Then the end is known now.
    if (isSpace(pending.charCodeAt(pending.length - 1)) && breaksBeforeNextSentence()) {
      const at = cutBefore(pending.length);
      if (at > 0) {
        emit(at);
        cut = true;
      }
    }
    if (!cut && first) {
      const clause = firstClauseEnd();
      if (clause > 0) {
        emit(clause);
        cut = true;
      }
    }
    return cut;
  }

  /** The final cut for a sentence break at `index`: before its trailing spaces, else at it; 0 for none. */
  function cutBefore(index: number): number {
    const spaces = spaceRunStart(pending, index);
    if (spaces === 0) return 0; // nothing but white space: it joins the next unit
    if (spaces < index && isFinalCut(pending, spaces)) return spaces;
    return index < pending.length && isFinalCut(pending, index) ? index : 0;
  }

  function breaksBeforeNextSentence(): boolean {
    const probe = `${pending}A`;
    for (const { index } of sentences.segment(probe)) if (index === pending.length) return true;
    return false;
  }

  function firstClauseEnd(): number {
    let seenWords = 0;
    let wordStart = true;
    for (let i = 0; i < pending.length; i++) {
      const code = pending.charCodeAt(i);
      if (isSpace(code)) {
        if (!wordStart && seenWords >= limits.firstUnitMinWords && CLAUSE_END.test(pending.slice(i - 1, i)) && isFinalCut(pending, i)) return i;
        wordStart = true;
      } else if (wordStart) {
        wordStart = false;
        seenWords++;
      }
    }
    return -1;
  }

  /**
   * Text without spaces has no word count: cut it at the last final position within the length
   * cap or, failing that, at the segmenter's last word boundary there (a dictionary may later
   * have drawn that boundary elsewhere, a risk only for a run-on of this length).
   */
  function cutByLength(): boolean {
    const limit = Math.min(limits.maxCodeUnits, pending.length - 1);
    for (let at = limit; at > 0; at--) {
      if (isFinalCut(pending, at)) {
        emit(at);
        return true;
      }
    }
    let best = -1;
    for (const { index } of wordSegments.segment(pending)) {
      if (index > limit) break;
      if (index > 0 && !startsAttached(pending, index)) best = index;
    }
    if (best > 0) emit(best);
    return best > 0;
  }

  function split() {
    for (;;) {
      scan();
      // The hint is settled once a visible character follows it: the segmenter then knows.
      if (hintAt >= 0 && hintAt + 1 < pending.length) {
        const settled = hasVisibleAfter(hintAt);
        if (cutAtBreaks()) continue;
        if (settled) hintAt = nextHint(hintAt + 1);
      }
      if (capAt >= 0 && isFinalCut(pending, capAt)) {
        emit(capAt);
        continue;
      }
      // Far fewer spaces than a spaced script's words would have: Chinese, Japanese, Thai.
      if (pending.length > limits.maxCodeUnits && words * 20 < pending.length && cutByLength()) continue;
      return;
    }
  }

  function nextHint(from: number): number {
    for (let i = from; i < pending.length; i++) {
      const code = pending.charCodeAt(i);
      if (isSentenceHint(code) || (first && isClauseHint(code))) return i;
    }
    return -1;
  }

  function hasVisibleAfter(index: number): boolean {
    let sawSpace = false;
    for (let i = index + 1; i < pending.length; i++) {
      if (isSpace(pending.charCodeAt(i))) sawSpace = true;
      else if (sawSpace || UNSPACED_TERMINALS.has(pending.charCodeAt(index))) return true;
    }
    return false;
  }

  return {
    push(text) {
      if (text === "") return;
      pending += text;
      split();
    },
    flush() {
      if (pending !== "") emit(pending.length);
    },
  };
}
