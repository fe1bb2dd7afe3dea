// Why a run or one of its sources failed, in words for a kitchen admin: never a credential,
// never a stack.
import { NewbookError } from "../newbook/errors";

export function describeFailure(error: unknown): string {
  if (error instanceof NewbookError) return error.message;
  if (error instanceof Error && error.name === "CredentialsKeyError") return error.message;
  if (error instanceof Error && error.name === "CredentialsDecryptError") {
    return "The stored Newbook credentials could not be read: enter them again in Settings.";
  }
  return `The sync failed inside Kitchen Residents: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`;
}

/** How long the API asked us to wait, when it did (throttling). */
export function retryAfterOf(error: unknown): number | undefined {
  return error instanceof NewbookError ? error.details.retryAfterMs : undefined;
}
