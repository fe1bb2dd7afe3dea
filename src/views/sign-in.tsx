import { FieldError, invalidAttributes, type FieldErrors } from "./form-fields";
import { Message } from "./messages";

export interface SignInFormState {
  email?: string | undefined;
  next: string;
  /** Why the sign-in was refused (wrong password, too many tries). */
  error?: string;
  /** A field left empty or too long, shown beside it. */
  errors?: FieldErrors;
}

export function SignInPage({ email, next, error, errors }: SignInFormState) {
  return (
    <section class="card narrow">
      <h1>Sign in</h1>
      <p class="muted">Who is in tonight, on what meal plan, and who has booked a table.</p>
      <Message text={error} failed />
      <form method="post" action="/login" class="stack">
        <input type="hidden" name="next" value={next} />
        <label>
          Email
          <input type="email" name="email" value={email ?? ""} autocomplete="username" required maxlength={254} autofocus {...invalidAttributes(errors, "email")} />
          <FieldError errors={errors} name="email" />
        </label>
        <label>
          Password
          <input type="password" name="password" autocomplete="current-password" required maxlength={1024} {...invalidAttributes(errors, "password")} />
          <FieldError errors={errors} name="password" />
        </label>
        <button type="submit" class="primary">
          Sign in
        </button>
      </form>
    </section>
  );
}
