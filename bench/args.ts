// The benchmark scripts' command line: `--name value` options and `--name` flags.
export const args = process.argv.slice(2);

export function option(name: string): string | undefined {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
}

export const flag = (name: string): boolean => args.includes(name);
