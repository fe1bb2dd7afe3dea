import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../app-env";
import { claimSignInAttempt, clearLoginFailures, clientAddress, FAILURE_WINDOW_MS, MAX_FAILURES } from "../auth/login-throttle";
import { safeNextPath } from "../auth/middleware";
import { UNKNOWN_USER_HASH, verifyPassword } from "../auth/password";
import { createSession, currentKitchen, deleteSession, SESSION_ABSOLUTE_MS, sessionCookieName } from "../auth/sessions";
import { users } from "../db/schema";
import { SignInPage } from "../views/sign-in";
import { SignInForm } from "./inputs";
import { formInput } from "./validation";

/** Plain http is allowed for a site on this machine only; everywhere else the cookie needs TLS. */
function isLocalHttp(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(hostname);
}

export const authRoutes = new Hono<AppEnv>()
  .get("/", (c) => {
    const user = c.var.user;
    if (!user) return c.redirect("/login", 303);
    const kitchen = currentKitchen(user);
    if (kitchen) return c.redirect(`/k/${kitchen.slug}`, 303);
    return c.render(
      <section class="card narrow">
        <h1>No kitchen yet</h1>
        <p>Your account is not a member of any kitchen. Ask a kitchen admin to add you.</p>
      </section>,
      { title: "No kitchen" },
    );
  })
  .get("/login", (c) => {
    const next = safeNextPath(c.req.query("next"));
    if (c.var.user) return c.redirect(next, 303);
    return c.render(<SignInPage next={next} />, { title: "Sign in" });
  })
  .post(
    "/login",
    formInput(SignInForm, (c, { errors, entered }) => {
      c.status(422);
      return c.render(<SignInPage email={entered.email?.trim()} next={safeNextPath(entered.next)} errors={errors} />, { title: "Sign in" });
    }),
    async (c) => {
      const { email, password, next: asked } = c.req.valid("form");
      const next = safeNextPath(asked);
      const db = c.var.db;
      const now = c.var.now;

      const client = clientAddress((name) => c.req.header(name));
      const claim = await claimSignInAttempt(db, email, client, now);
      if (!claim.ok) {
        const minutes = Math.max(1, Math.ceil((claim.until.getTime() - now.getTime()) / 60_000));
        c.status(429);
        c.header("Retry-After", String(minutes * 60));
        return c.render(
          <SignInPage
            email={email}
            next={next}
            error={`Too many wrong passwords from here. Sign-in is paused for ${minutes} minute${minutes === 1 ? "" : "s"}; from a device you usually use it still works.`}
          />,
          { title: "Sign in" },
        );
      }

      const [user] = await db.select({ id: users.id, passwordHash: users.passwordHash }).from(users).where(eq(users.email, email));
      const passwordOk = await verifyPassword(password, user?.passwordHash ?? UNKNOWN_USER_HASH);
      if (!user || !passwordOk) {
        // The claimed attempt stays, as this failure.
        const left = MAX_FAILURES - claim.failuresBefore - 1;
        c.status(401);
        return c.render(
          <SignInPage
            email={email}
            next={next}
            error={`That email and password do not match.${left === 1 ? ` One more wrong password and sign-in from here pauses for ${FAILURE_WINDOW_MS / 60_000} minutes.` : ""}`}
          />,
          { title: "Sign in" },
        );
      }

      await clearLoginFailures(db, email, client);
      // A sign-in always starts a fresh session; one the browser already had ends here.
      if (c.var.user) await deleteSession(db, c.var.user.sessionId);
      const token = await createSession(db, user.id, now);
      setCookie(c, sessionCookieName(c.req.url), token, {
        path: "/",
        httpOnly: true,
        sameSite: "Lax",
        secure: !isLocalHttp(c.req.url),
        maxAge: SESSION_ABSOLUTE_MS / 1000,
      });
      return c.redirect(next, 303);
    },
  )
  .post("/logout", async (c) => {
    if (c.var.user) await deleteSession(c.var.db, c.var.user.sessionId);
    const name = sessionCookieName(c.req.url);
    deleteCookie(c, name, { path: "/", secure: name.startsWith("__Host-") });
    return c.redirect("/login", 303);
  });
