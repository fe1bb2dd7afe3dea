/** A confirmation ("Saved.") or, with `failed`, a problem, announced to screen readers. */
export function Message({ text, failed = false }: { text: string | undefined; failed?: boolean }) {
  if (!text) return null;
  return (
    <p class={failed ? "alert" : "notice"} role={failed ? "alert" : "status"}>
      {text}
    </p>
  );
}
