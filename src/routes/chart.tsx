import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { readKitchenView } from "../auth/middleware";
import { mapRead, readNothing, type BatchRead } from "../db/client";
import { chartRead, loadGroupRooms, loadRestaurantWindow, loadStay, type ChartData, type RoomNightRow, type Viewer } from "../db/chart-read-model";
import { SHOWN_TABLE_STATUSES } from "../domain/restaurant";
import { buildRestaurantView } from "../domain/restaurant-view";
import { parseChartWindow, type ChartWindow } from "../domain/chart-window";
import { todayInZone } from "../domain/dates";
import { buildResidentsChart } from "../views/chart/chart-model";
import { ChartFragment, chartUrl } from "../views/chart/chart-fragment";
import { ChartPage } from "../views/chart/page";
import { StayPanel, type PanelTable } from "../views/chart/stay-panel";
import { Message } from "../views/messages";
import { fragmentOrPage } from "./respond";

/** The stay's tables, night by night, linked the way the chart links them; null without resOS. */
async function stayTables(db: AppEnv["Variables"]["db"], kitchenId: number, nights: RoomNightRow[], showNames: boolean): Promise<Map<string, PanelTable[]> | null> {
  const dates = nights.map((night) => night.night);
  const window = await loadRestaurantWindow(db, kitchenId, dates[0]!, dates.at(-1)!);
  if (window.restaurant === null) return null;
  const view = buildRestaurantView({ dates, stays: window.stays, tables: window.restaurant.tables, settings: window.restaurant.settings, showNames });
  const byId = new Map(window.restaurant.tables.map((table) => [table.resosBookingId, table]));
  const bookingId = nights[0]!.bookingId;
  return new Map(
    dates.map((date) => [
      date,
      // What the chart draws: tables laid or asked for; a cancelled or declined one is none.
      view.tablesOf(bookingId, date).tables.flatMap((row) => {
        const table = byId.get(row.resosBookingId);
        return table && SHOWN_TABLE_STATUSES.has(row.status) ? [{ table, service: row.service, link: row.link, isGroupMatch: row.isGroupMatch }] : [];
      }),
    ]),
  );
}

function pageViewer(c: Context<AppEnv>, view: Viewer["view"]): Viewer {
  return { userId: c.var.user?.userId ?? null, apiTokenId: null, view };
}

// Mounted at /k/:slug/chart, reading its caller in its own batch: every manager and admin.
export const chartView = new Hono<AppEnv>().get("/", async (c) => {
  const read = await readKitchenView(c, (kitchen): BatchRead<{ today: string; window: ChartWindow; chart: ChartData } | { today: string; error: string }> => {
    const today = todayInZone(kitchen.timeZone, c.var.now);
    const parsed = parseChartWindow({ start: c.req.query("start"), nights: c.req.query("nights") }, today);
    if (!parsed.ok) return readNothing({ today, error: parsed.error });
    const { window } = parsed;
    return mapRead(chartRead(c.var.db, kitchen, window, { userId: kitchen.userId, apiTokenId: null, view: "chart" }, c.var.now), (chart) => ({ today, window, chart }));
  });
  if (read instanceof Response) return read;
  const { kitchen, data } = read;
  const { today } = data;
  if ("error" in data) {
    const problem = (
      <div id="chart" class="chart-area">
        <Message text={data.error} failed />
        <a class="button" href={chartUrl(kitchen.slug, today, 7)}>
          Show the next 7 nights from today
        </a>
      </div>
    );
    return fragmentOrPage(c, { title: "Residents", status: 400, fragment: () => problem, page: () => <ChartPage title="Residents">{problem}</ChartPage> });
  }
  const fragment = <ChartFragment kitchen={kitchen} window={data.window} chart={buildResidentsChart(data.chart.input)} today={today} lastSyncAt={data.chart.lastSyncAt} />;
  return fragmentOrPage(c, { title: "Residents", fragment: () => fragment, page: () => <ChartPage title="Residents">{fragment}</ChartPage> });
})
  // Asked every 30 s by a visible chart or Tonight: the caller's own query holds the last sync.
  .get("/status", async (c) => {
    const read = await readKitchenView(c, () => readNothing(null));
    if (read instanceof Response) return read;
    c.header("Cache-Control", "no-store");
    return c.json({ last_sync_at: read.kitchen.sync.lastSuccessAt });
  });

// Mounted at /k/:slug/chart, behind the membership check: every manager and admin.
export const chartRoutes = new Hono<AppEnv>()
  .get("/stay/:bookingId", async (c) => {
    const kitchen = c.var.kitchen;
    const today = todayInZone(kitchen.timeZone, c.var.now);
    const parsed = parseChartWindow({ start: c.req.query("start"), nights: c.req.query("nights") }, today);
    const back = parsed.ok ? chartUrl(kitchen.slug, parsed.window.start, parsed.window.nights) : chartUrl(kitchen.slug, today, 7);
    const nights = await loadStay(c.var.db, kitchen, c.req.param("bookingId"), pageViewer(c, "stay"), c.var.now);
    if (nights.length === 0) {
      const missing = <Message text="This stay is not in the synced data any more. Refresh the chart." failed />;
      return fragmentOrPage(c, { title: "Stay", status: 404, fragment: () => missing, page: () => <ChartPage title="Stay">{missing}</ChartPage> });
    }
    const first = nights[0]!;
    const [tablesByNight, groupRooms] = await Promise.all([
      kitchen.sync.tablesConnected ? stayTables(c.var.db, kitchen.id, nights, kitchen.showGuestNames) : null,
      first.groupId === null ? [] : loadGroupRooms(c.var.db, kitchen.id, first.groupId, first.night, nights.at(-1)!.night),
    ]);
    const panel = (standalone: boolean) => (
      <StayPanel nights={nights} showNames={kitchen.showGuestNames} closeHref={back} tablesByNight={tablesByNight} groupRooms={groupRooms} standalone={standalone} />
    );
    return fragmentOrPage(c, {
      title: "Stay",
      fragment: () => panel(false),
      // Without JavaScript the stay is a page of its own: the panel in the page, one way back.
      page: () => (
        <>
          <h1 class="visually-hidden">Stay</h1>
          {panel(true)}
        </>
      ),
    });
  });
