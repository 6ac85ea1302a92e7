// Markdown for the results file and the terminal: tables of distributions, and each measure of
// StoryStream beside a reference (the relay, the route relay) as a difference and a ratio.
import { distribution, ms, table, type Distribution } from "./stats.ts";

export class Report {
  readonly lines: string[] = [];
  print(text = ""): void {
    console.log(text);
    this.lines.push(text);
  }
  table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
    this.print(table(headers, rows));
    this.print();
  }
}

export const DIST_HEADERS = ["measure", "server", "n", "p50", "p90", "p99", "max"];
export const distRow = (label: string, name: string, values: readonly number[]) => {
  const d = distribution(values);
  return [label, name, String(d.count), ms(d.p50), ms(d.p90), ms(d.p99), ms(d.max)];
};

export const COMPARE_HEADERS = ["measure", "StoryStream p50", "ref p50", "diff", "ratio", "StoryStream p99", "ref p99", "diff", "ratio"];
export function compareRow(label: string, app: Distribution, reference: Distribution): string[] {
  return [label, ms(app.p50), ms(reference.p50), ms(app.p50 - reference.p50), `${(app.p50 / reference.p50).toFixed(2)}x`, ms(app.p99), ms(reference.p99), ms(app.p99 - reference.p99), `${(app.p99 / reference.p99).toFixed(2)}x`];
}

/** A target line: what was measured, the bound, and whether it holds. */
export type Verdict = { target: string; measured: string; bound: string; met: boolean };
export const verdictRow = (v: Verdict) => [v.target, v.measured, v.bound, v.met ? "yes" : "**no**"];
