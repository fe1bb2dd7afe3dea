/**
 * A confirmation ("Saved.") or, with `failed`, a problem, announced to screen readers. An
 * action's `result` takes the focus when it appears (htmx honours autofocus after a swap,
 * the browser on a page load), so it is seen where the person pressed the button.
 */
export function Message({ text, failed = false, result = false, id }: { text: string | undefined; failed?: boolean; result?: boolean; id?: string }) {
  if (!text) return null;
  return (
    <p id={id} class={failed ? "alert" : "notice"} role={failed ? "alert" : "status"} {...(result ? { tabindex: -1, autofocus: true, "data-result": "" } : id ? { tabindex: -1 } : {})}>
      {text}
    </p>
  );
}
