// Bearer secrets (session cookies and API tokens): 256 random bits; only their SHA-256 is
// stored, so a leaked database cannot be replayed as a login.
import { bytesToBase64Url, bytesToHex, randomBytes } from "../crypto/encoding";

export const API_TOKEN_PREFIX = "kr_";

export function newSessionToken(): string {
  return bytesToBase64Url(randomBytes(32));
}

/** The prefix lets secret scanners recognise a leaked token. */
export function newApiToken(): string {
  return API_TOKEN_PREFIX + bytesToBase64Url(randomBytes(32));
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return bytesToHex(new Uint8Array(digest));
}
