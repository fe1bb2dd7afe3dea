// Why a run or one of its sources failed, in words for a kitchen admin: never a credential,
// never a stack. Each message names the source, so a partial run says which half failed.
import { NewbookError } from "../newbook/errors";
import { ResosError } from "../resos/errors";

export type SourceName = "Newbook" | "resOS";

export function describeFailure(error: unknown, source: SourceName = "Newbook"): string {
  if (error instanceof NewbookError || error instanceof ResosError) return error.message;
  if (error instanceof Error && error.name === "CredentialsKeyError") return error.message;
  if (error instanceof Error && error.name === "CredentialsDecryptError") {
    return source === "Newbook"
      ? "The stored Newbook credentials could not be read: enter them again in Settings."
      : "The stored resOS API key could not be read: enter it again in Settings.";
  }
  const detail = error instanceof Error ? error.message.slice(0, 200) : String(error);
  return source === "Newbook" ? `The sync failed inside Kitchen Residents: ${detail}` : `The resOS sync failed inside Kitchen Residents: ${detail}`;
}

/** How long the API asked us to wait, when it did (throttling). */
export function retryAfterOf(error: unknown): number | undefined {
  return error instanceof NewbookError || error instanceof ResosError ? error.details.retryAfterMs : undefined;
}
