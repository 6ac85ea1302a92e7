import { describe, expect, it } from "vitest";
import { isCommonPassword } from "@/lib/auth/common-passwords";
import { checkPassword, hashPassword, legacyScryptHash, verifyPassword } from "@/lib/auth/password";

describe("password hashing", () => {
  it("stores a salted Argon2id hash with OWASP's parameters, never the password", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(hash).not.toContain("correct horse battery");
    expect(await hashPassword("correct horse battery")).not.toBe(hash);
  });

  it("verifies the right password and rejects a wrong one", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
    expect(await verifyPassword("anything", "plain-text")).toBe(false);
  });

  it("still accepts a legacy scrypt hash and asks for it to be upgraded, only when the password is right", async () => {
    const legacy = await legacyScryptHash("correct horse battery");
    expect(legacy).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await checkPassword("correct horse battery", legacy)).toEqual({ valid: true, needsRehash: true });
    expect(await checkPassword("wrong horse battery", legacy)).toEqual({ valid: false, needsRehash: false });
    expect(await checkPassword("correct horse battery", await hashPassword("correct horse battery"))).toEqual({ valid: true, needsRehash: false });
  });

  it("knows the most common passwords, whatever their case, and not a long passphrase", () => {
    for (const common of ["password", "12345678", "iloveyou", "Sunshine", "PASSWORD1", "qwertyuiop"]) expect(isCommonPassword(common), common).toBe(true);
    expect(isCommonPassword("correct horse battery")).toBe(false);
  });
});
