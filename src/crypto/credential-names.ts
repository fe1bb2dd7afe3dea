// A name for a third-party credential where one is needed outside the encrypted row: the
// shared call limiter is one Durable Object per credential, found by name. The name is
// HMAC-SHA256 of the credential under a key derived from CREDENTIALS_KEY (HKDF, its own
// purpose, so the encryption key is never used for anything else): the same credential gets
// the same name in every isolate, and without CREDENTIALS_KEY the name says nothing of the
// credential and cannot be tested against guesses (a plain SHA-256 could, for a short key).
import { credentialsKeyBytes } from "./credentials";
import { bytesToHex } from "./encoding";

const PURPOSE = new TextEncoder().encode("kitchen-residents: credential names");
const namingKeys = new Map<string, Promise<CryptoKey>>();

function namingKey(base64Key: string | undefined): Promise<CryptoKey> {
  let key = base64Key === undefined ? undefined : namingKeys.get(base64Key);
  if (!key) {
    key = crypto.subtle
      .importKey("raw", credentialsKeyBytes(base64Key), "HKDF", false, ["deriveKey"])
      .then((master) =>
        crypto.subtle.deriveKey({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: PURPOSE }, master, { name: "HMAC", hash: "SHA-256", length: 256 }, false, ["sign"]),
      );
    namingKeys.set(base64Key!, key);
  }
  return key;
}

/** 64 hex digits naming `credential` (e.g. "newbook\0<username>\0<api key>"); throws CredentialsKeyError for a bad key. */
export async function credentialName(base64Key: string | undefined, credential: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await namingKey(base64Key), new TextEncoder().encode(credential));
  return bytesToHex(new Uint8Array(mac));
}
