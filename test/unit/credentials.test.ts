import { describe, expect, it } from "vitest";
import {
  CredentialsDecryptError,
  CredentialsKeyError,
  decryptForKitchen,
  encryptForKitchen,
  importCredentialsKey,
} from "../../src/crypto/credentials";
import { base64ToBytes, bytesToBase64 } from "../../src/crypto/encoding";

const KEY = bytesToBase64(new Uint8Array(32).map((_, i) => i * 7));

describe("stored credentials (AES-256-GCM)", () => {
  it("round-trips a secret for the same kitchen", async () => {
    const key = await importCredentialsKey(KEY);
    const stored = await encryptForKitchen(key, 7, '{"password":"s3cr3t é"}');
    expect(stored).not.toContain("s3cr3t");
    expect(await decryptForKitchen(key, 7, stored)).toBe('{"password":"s3cr3t é"}');
  });

  it("uses a fresh 12-byte IV for every encryption", async () => {
    const key = await importCredentialsKey(KEY);
    const a = await encryptForKitchen(key, 1, "same");
    const b = await encryptForKitchen(key, 1, "same");
    expect(base64ToBytes(a.split(".")[1]!)).toHaveLength(12);
    expect(a.split(".")[1]).not.toBe(b.split(".")[1]);
  });

  it("rejects a tampered ciphertext", async () => {
    const key = await importCredentialsKey(KEY);
    const [version, iv, ciphertext] = (await encryptForKitchen(key, 3, "api-key")).split(".");
    const bytes = base64ToBytes(ciphertext!);
    bytes[0]! ^= 0x01;
    await expect(decryptForKitchen(key, 3, [version, iv, bytesToBase64(bytes)].join("."))).rejects.toThrow(CredentialsDecryptError);
  });

  it("rejects a ciphertext moved to another kitchen", async () => {
    const key = await importCredentialsKey(KEY);
    const stored = await encryptForKitchen(key, 3, "api-key");
    await expect(decryptForKitchen(key, 4, stored)).rejects.toThrow(CredentialsDecryptError);
  });

  it("rejects a ciphertext made under another key", async () => {
    const other = await importCredentialsKey(bytesToBase64(new Uint8Array(32).fill(9)));
    const stored = await encryptForKitchen(other, 3, "api-key");
    await expect(decryptForKitchen(await importCredentialsKey(KEY), 3, stored)).rejects.toThrow(CredentialsDecryptError);
  });

  it("refuses a missing, non-base64 or wrong-length key with a clear reason", async () => {
    expect(() => importCredentialsKey(undefined)).toThrow(CredentialsKeyError);
    expect(() => importCredentialsKey("not base64 !!")).toThrow(/base64/);
    expect(() => importCredentialsKey(bytesToBase64(new Uint8Array(16)))).toThrow(/32 bytes, not 16/);
  });
});
