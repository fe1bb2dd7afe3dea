import { describe, expect, it } from "vitest";
import { hashPassword, PBKDF2_ITERATIONS, UNKNOWN_USER_HASH, verifyPassword } from "../../src/auth/password";

describe("password hashing", () => {
  it("verifies the password it hashed and rejects another", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", stored)).toBe(false);
  });

  it("uses PBKDF2-SHA256 at 100,000 iterations with a fresh salt each time", async () => {
    const a = await hashPassword("same");
    const b = await hashPassword("same");
    expect(a.split("$").slice(0, 2)).toEqual(["pbkdf2_sha256", String(PBKDF2_ITERATIONS)]);
    expect(a.split("$")[2]).not.toBe(b.split("$")[2]);
    expect(a).not.toBe(b);
  });

  it("treats malformed stored values as a mismatch instead of throwing", async () => {
    for (const stored of ["", "plain", "pbkdf2_sha256$abc$x$y", "md5$1$a$b", "pbkdf2_sha256$100000$!!!$???", "pbkdf2_sha256$999999999$AA==$AA=="]) {
      expect(await verifyPassword("anything", stored)).toBe(false);
    }
  });

  it("never matches the placeholder used for unknown emails", async () => {
    expect(await verifyPassword("", UNKNOWN_USER_HASH)).toBe(false);
    expect(await verifyPassword("password", UNKNOWN_USER_HASH)).toBe(false);
  });
});
