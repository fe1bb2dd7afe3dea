import type { Child } from "hono/jsx";
import { jsxRenderer, useRequestContext } from "hono/jsx-renderer";
import type { AppEnv } from "../app-env";
import type { KitchenMembership, SignedInUser } from "../auth/sessions";
import { SyncBanner } from "./sync-banner";

declare module "hono" {
  interface ContextRenderer {
    (content: string | Promise<string>, props: { title: string }): Response;
  }
}

function KitchenSwitcher({ user, kitchen }: { user: SignedInUser; kitchen: KitchenMembership }) {
  if (user.kitchens.length < 2) return null;
  return (
    <details class="switcher">
      <summary>Switch kitchen</summary>
      <ul>
        {user.kitchens.map((k) => (
          <li>
            <a href={`/k/${k.slug}`} aria-current={k.id === kitchen.id ? "page" : undefined}>
              {k.name}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}

function KitchenNav({ user, kitchen, path }: { user: SignedInUser; kitchen: KitchenMembership; path: string }) {
  const base = `/k/${kitchen.slug}`;
  const links: { href: string; label: string }[] = [
    { href: `${base}/tonight`, label: "Tonight" },
    { href: `${base}/chart`, label: "Chart" },
    { href: base, label: "Dashboard" },
    { href: `${base}/history`, label: "History" },
  ];
  if (kitchen.role === "admin") links.push({ href: `${base}/settings`, label: "Settings" });
  return (
    <nav class="nav" aria-label="Kitchen">
      {links.map((link) => (
        <a href={link.href} aria-current={path === link.href ? "page" : undefined}>
          {link.label}
        </a>
      ))}
      <KitchenSwitcher user={user} kitchen={kitchen} />
      <SignOutButton />
    </nav>
  );
}

function SignOutButton() {
  return (
    <form method="post" action="/logout" class="sign-out">
      <button type="submit" class="link-button">
        Sign out
      </button>
    </form>
  );
}

/** The icon drawn inline (public/icon.svg is the same drawing, as the favicon): one request for it per page, not two. */
function BrandIcon() {
  return (
    <svg class="brand-icon" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="#ffffff" />
      <path d="M6 22h20v3H6zM8 20a8 8 0 0 1 16 0z" fill="#0b5c4a" />
      <circle cx="16" cy="10" r="1.8" fill="#0b5c4a" />
    </svg>
  );
}

function Header() {
  const c = useRequestContext<AppEnv>();
  const user = c.get("user");
  const kitchen = c.get("kitchen");
  return (
    <header class="top">
      <a class={user && kitchen ? "brand in-kitchen" : "brand"} href={kitchen ? `/k/${kitchen.slug}` : "/"}>
        <BrandIcon />
        <span>{kitchen ? kitchen.name : "Kitchen Residents"}</span>
      </a>
      {user && kitchen ? <KitchenNav user={user} kitchen={kitchen} path={c.req.path} /> : user ? <SignOutButton /> : null}
    </header>
  );
}

/** Where the sync banner goes: always there on a kitchen's page, so a fragment can replace it (htmx out of band). */
export const BANNER_SLOT_ID = "sync-banner";

export function KitchenBannerSlot({ kitchen, now, outOfBand = false }: { kitchen: KitchenMembership; now: Date; outOfBand?: boolean }) {
  return (
    <div id={BANNER_SLOT_ID} {...(outOfBand ? { "hx-swap-oob": "true" } : {})}>
      <SyncBanner kitchen={kitchen} now={now} />
    </div>
  );
}

function KitchenBanner() {
  const c = useRequestContext<AppEnv>();
  const kitchen = c.get("kitchen");
  return kitchen ? <KitchenBannerSlot kitchen={kitchen} now={c.get("now")} /> : null;
}

export const pageRenderer = jsxRenderer(
  ({ children, title }: { children?: Child; title: string }) => (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="htmx-config" content='{"includeIndicatorCSS":false}' />
        <title>{`${title} · Kitchen Residents`}</title>
        <link rel="icon" href="/icon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/app.css" />
        <script src="/htmx.min.js" defer></script>
        <script src="/app.js" defer></script>
      </head>
      <body>
        <Header />
        <KitchenBanner />
        <main id="main">{children}</main>
      </body>
    </html>
  ),
  { docType: true },
);
