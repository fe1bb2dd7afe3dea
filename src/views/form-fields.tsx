// Problems shown beside the fields they are about, the same way on every form: the text
// after the input, tied to it for screen readers (aria-describedby, aria-invalid).

/** Each refused field (its input's name) with the sentence shown beside it. */
export type FieldErrors = Record<string, string>;

export function fieldErrorId(name: string): string {
  return `${name.replace(/[^A-Za-z0-9_-]/g, "-")}-error`;
}

/** Attributes tying an input to its problem when it was refused (and to a hint, when it has one). */
export function invalidAttributes(errors: FieldErrors | undefined, name: string, hintId?: string): Record<string, string> {
  const describedBy = [errors?.[name] ? fieldErrorId(name) : null, hintId ?? null].filter((id) => id !== null).join(" ");
  return { ...(errors?.[name] ? { "aria-invalid": "true" } : {}), ...(describedBy ? { "aria-describedby": describedBy } : {}) };
}

export function FieldError({ errors, name }: { errors: FieldErrors | undefined; name: string }) {
  const message = errors?.[name];
  return message ? (
    <span class="field-error" id={fieldErrorId(name)}>
      {message}
    </span>
  ) : null;
}
