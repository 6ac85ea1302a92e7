import { dictionary } from "@zxcvbn-ts/language-common";

let common: Set<string> | undefined;

/**
 * True for a password on the bundled list of the most used ones (zxcvbn-ts's common list, about
 * 49,000 passwords taken from breaches), compared without case.
 */
export function isCommonPassword(password: string): boolean {
  common ??= new Set((dictionary["passwords-common"]).map((entry) => entry.toLowerCase()));
  return common.has(password.normalize("NFKC").toLowerCase());
}
