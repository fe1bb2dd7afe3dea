// Password hashing: PBKDF2-SHA256 through WebCrypto with a per-user salt. 100,000
// iterations is the most the Workers runtime allows. Stored as
// `pbkdf2_sha256$<iterations>$<salt base64>$<hash base64>` so the count can change later.
import { base64ToBytes, bytesToBase64, constantTimeEqual, randomBytes } from "../crypto/encoding";

export const PBKDF2_ITERATIONS = 100_000;
const SCHEME = "pbkdf2_sha256";
const SALT_BYTES = 16;
const HASH_BYTES = 32;

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, material, HASH_BYTES * 8);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, PBKDF2_ITERATIONS);
  return [SCHEME, PBKDF2_ITERATIONS, bytesToBase64(salt), bytesToBase64(hash)].join("$");
}

/** False for a wrong password and for a stored value it cannot parse; never throws. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterationsText, saltText, hashText, ...rest] = stored.split("$");
  const iterations = Number(iterationsText);
  if (scheme !== SCHEME || !saltText || !hashText || rest.length > 0) return false;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > PBKDF2_ITERATIONS) return false;
  try {
    const expected = base64ToBytes(hashText);
    const actual = await derive(password, base64ToBytes(saltText), iterations);
    return constantTimeEqual(actual, expected);
  } catch {
    return false;
  }
}

// Checked against when the email is unknown, so a wrong email costs as long as a wrong password.
export const UNKNOWN_USER_HASH = `${SCHEME}$${PBKDF2_ITERATIONS}$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`;
