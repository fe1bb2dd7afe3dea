// What text a person typed may hold. No keyboard types a control character into a
// one-line field, and U+FFFD or half of a surrogate pair means the bytes sent were not
// UTF-8 (or JSON named half a character): such text is refused rather than stored as
// something nobody meant, or sent on to Newbook or resOS as a header they would refuse.

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// Line breaks and tabs are text in a list typed one entry per line.
const CONTROL_BESIDE_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Why `text` is no typed text (a phrase after its field's name), or null when it is. */
export function typedTextProblem(text: string, options: { lines?: boolean } = {}): string | null {
  if (!text.isWellFormed() || text.includes("\ufffd")) return "holds a character that is not text (bytes that are not UTF-8, or half a character)";
  if ((options.lines ? CONTROL_BESIDE_LINES : CONTROL).test(text)) {
    return options.lines ? "must not hold control characters such as NUL" : "must not hold control characters such as NUL, a tab or a line break";
  }
  return null;
}
