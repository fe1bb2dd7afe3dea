import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { readKitchenView } from "../auth/middleware";
import { chartRead, type ChartData } from "../db/chart-read-model";
import { mapRead, readNothing, type BatchRead } from "../db/client";
import { chartWindow } from "../domain/chart-window";
import { todayInZone } from "../domain/dates";
import { TONIGHT_ID, TonightSheet, tonightUrl } from "../views/tonight/page";
import { buildServiceSheet, type SheetFilter } from "../views/tonight/service-sheet";
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

type TonightData = { today: string; date: string; filter: SheetFilter; chart: ChartData } | { today: string; error: string };

// Mounted at /k/:slug/tonight, reading its caller in its own batch: every manager and admin.
export const tonightRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const query = ServiceSheetQuery.safeParse({ date: c.req.query("date") || undefined, filter: c.req.query("filter") || undefined });
  const read = await readKitchenView(c, (kitchen): BatchRead<TonightData> => {
    const today = todayInZone(kitchen.timeZone, c.var.now);
    if (!query.success) {
      const issue = query.error.issues[0]!;
      return readNothing({ today, error: `${String(issue.path[0])} ${issue.message}.` });
    }
    const date = query.data.date ?? today;
    const filter = query.data.filter ?? "all";
    const viewer = { userId: kitchen.userId, apiTokenId: null, view: "tonight" as const };
    return mapRead(chartRead(c.var.db, kitchen, chartWindow(date, 1), viewer, c.var.now), (chart) => ({ today, date, filter, chart }));
  });
  if (read instanceof Response) return read;
  const { kitchen, data } = read;
  if ("error" in data) {
    const problem = (
      <div id={TONIGHT_ID} class="sheet-area">
        <Message text={data.error} failed />
        <a class="button" href={tonightUrl(kitchen.slug, data.today)}>
          Show tonight
        </a>
      </div>
    );
    return fragmentOrPage(c, { title: "Tonight", status: 400, fragment: () => problem, page: () => <TonightPage>{problem}</TonightPage> });
  }
  const sheet = buildServiceSheet(data.chart.input, data.filter);
  const syncHref = kitchen.role === "admin" ? `/k/${kitchen.slug}/settings?sync_from=${data.date}&sync_to=${data.date}#sync-section` : null;
  const fragment = <TonightSheet kitchen={kitchen} sheet={sheet} today={data.today} lastSyncAt={data.chart.lastSyncAt} syncHref={syncHref} />;
  return fragmentOrPage(c, { title: "Tonight", fragment: () => fragment, page: () => <TonightPage>{fragment}</TonightPage> });
});
