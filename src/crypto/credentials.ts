// Third-party credentials at rest: AES-256-GCM under CREDENTIALS_KEY, a fresh 12-byte IV
// per encryption, and the kitchen id as additional authenticated data, so a ciphertext
// copied to another kitchen's row fails to decrypt instead of leaking across tenants.
import { base64ToBytes, bytesToBase64, randomBytes } from "./encoding";

const FORMAT_VERSION = "v1";
const IV_BYTES = 12;

export class CredentialsKeyError extends Error {
  override name = "CredentialsKeyError";
}

export class CredentialsDecryptError extends Error {
  override name = "CredentialsDecryptError";
}

const importedKeys = new Map<string, Promise<CryptoKey>>();

/** Imports CREDENTIALS_KEY (32 random bytes, base64) once per isolate. */
export function importCredentialsKey(base64Key: string | undefined): Promise<CryptoKey> {
  if (!base64Key) {
    throw new CredentialsKeyError("CREDENTIALS_KEY is not set: it must be 32 random bytes in base64.");
  }
  let imported = importedKeys.get(base64Key);
  if (!imported) {
    imported = crypto.subtle.importKey("raw", credentialsKeyBytes(base64Key), { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
    importedKeys.set(base64Key, imported);
  }
  return imported;
}

/** CREDENTIALS_KEY's 32 bytes; a CredentialsKeyError when it is missing, not base64 or not 32 bytes. */
export function credentialsKeyBytes(base64Key: string | undefined): Uint8Array<ArrayBuffer> {
  if (!base64Key) {
    throw new CredentialsKeyError("CREDENTIALS_KEY is not set: it must be 32 random bytes in base64.");
  }
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = base64ToBytes(base64Key.trim());
  } catch {
    throw new CredentialsKeyError("CREDENTIALS_KEY is not valid base64.");
  }
  if (raw.length !== 32) {
    throw new CredentialsKeyError(`CREDENTIALS_KEY must decode to 32 bytes, not ${raw.length}.`);
  }
  return raw;
}

function associatedData(kitchenId: number): BufferSource {
  return new TextEncoder().encode(`kitchen:${kitchenId}`);
}

/** Returns `v1.<iv base64>.<ciphertext+tag base64>`. */
export async function encryptForKitchen(key: CryptoKey, kitchenId: number, plaintext: string): Promise<string> {
  const iv = randomBytes(IV_BYTES);
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: associatedData(kitchenId) },
    key,
    new TextEncoder().encode(plaintext),
  );
  return [FORMAT_VERSION, bytesToBase64(iv), bytesToBase64(new Uint8Array(ciphertext))].join(".");
}

/** Throws CredentialsDecryptError when the text was tampered with or belongs to another kitchen. */
export async function decryptForKitchen(key: CryptoKey, kitchenId: number, stored: string): Promise<string> {
  const [version, ivText, ciphertextText, ...rest] = stored.split(".");
  if (version !== FORMAT_VERSION || !ivText || !ciphertextText || rest.length > 0) {
    throw new CredentialsDecryptError("Stored credentials are not in a format this version can read.");
  }
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: base64ToBytes(ivText), additionalData: associatedData(kitchenId) },
      key,
      base64ToBytes(ciphertextText),
    );
    return new TextDecoder().decode(plaintext);
  } catch {
    throw new CredentialsDecryptError("Stored credentials could not be decrypted for this kitchen.");
  }
}
