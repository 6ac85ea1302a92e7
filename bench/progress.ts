// The progress bar on stderr (cli-progress); on a non-terminal, one line per finished step.
import { Presets, SingleBar } from "cli-progress";

export type Progress = { tick(): void };

export function progress(label: string, total: number): Progress {
  const bar = new SingleBar(
    { format: `${label.padEnd(40)} [{bar}] {value}/{total}`, stream: process.stderr, hideCursor: true, barsize: 30, fps: 10 },
    Presets.legacy,
  );
  const tty = Boolean(process.stderr.isTTY);
  let done = 0;
  if (tty) bar.start(total, 0);
  return {
    tick() {
      done++;
      if (tty) bar.increment();
      if (done === total) {
        if (tty) bar.stop();
        else process.stderr.write(`${label} ${done}/${total}\n`);
      }
    },
  };
}
