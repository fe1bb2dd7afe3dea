import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { loadChart } from "../db/chart-read-model";
import { chartWindow } from "../domain/chart-window";
import { todayInZone } from "../domain/dates";
import { TONIGHT_ID, TonightSheet, tonightUrl } from "../views/tonight/page";
import { buildServiceSheet } from "../views/tonight/service-sheet";
import { Message } from "../views/messages";
import { ServiceSheetQuery } from "./inputs";
import { fragmentOrPage } from "./respond";

function TonightPage({ children }: { children: unknown }) {
  return (
    <>
      <h1 class="visually-hidden">Tonight</h1>
      {children}
    </>
  );
}

// Mounted at /k/:slug/tonight, behind the membership check: every manager and admin.
export const tonightRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const kitchen = c.var.kitchen;
  const today = todayInZone(kitchen.timeZone, c.var.now);
  const query = ServiceSheetQuery.safeParse({ date: c.req.query("date") || undefined, filter: c.req.query("filter") || undefined });
  if (!query.success) {
    const issue = query.error.issues[0]!;
    const problem = (
      <div id={TONIGHT_ID} class="sheet-area">
        <Message text={`${String(issue.path[0])} ${issue.message}.`} failed />
        <a class="button" href={tonightUrl(kitchen.slug, today)}>
          Show tonight
        </a>
      </div>
    );
    return fragmentOrPage(c, { title: "Tonight", status: 400, fragment: () => problem, page: () => <TonightPage>{problem}</TonightPage> });
  }
  const date = query.data.date ?? today;
  const { input, lastSyncAt } = await loadChart(c.var.db, kitchen, chartWindow(date, 1), { userId: c.var.user?.userId ?? null, apiTokenId: null, view: "tonight" }, c.var.now);
  const sheet = buildServiceSheet(input, query.data.filter ?? "all");
  const syncHref = kitchen.role === "admin" ? `/k/${kitchen.slug}/settings?sync_from=${date}&sync_to=${date}#sync-section` : null;
  const fragment = <TonightSheet kitchen={kitchen} sheet={sheet} today={today} lastSyncAt={lastSyncAt} syncHref={syncHref} />;
  return fragmentOrPage(c, { title: "Tonight", fragment: () => fragment, page: () => <TonightPage>{fragment}</TonightPage> });
});
