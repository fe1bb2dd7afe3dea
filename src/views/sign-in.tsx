import { Message } from "./messages";

export interface SignInFormState {
  email?: string;
  next: string;
  error?: string;
}

export function SignInPage({ email, next, error }: SignInFormState) {
  return (
    <section class="card narrow">
      <h1>Sign in</h1>
      <p class="muted">Who is in tonight, on what meal plan, and who has booked a table.</p>
      <Message text={error} failed />
      <form method="post" action="/login" class="stack">
        <input type="hidden" name="next" value={next} />
        <label>
          Email
          <input type="email" name="email" value={email ?? ""} autocomplete="username" required maxlength={254} autofocus />
        </label>
        <label>
          Password
          <input type="password" name="password" autocomplete="current-password" required maxlength={1024} />
        </label>
        <button type="submit" class="primary">
          Sign in
        </button>
      </form>
    </section>
  );
}
