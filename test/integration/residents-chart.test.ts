// The residents chart page, its stay panel and its JSON twin, on hand-placed rows.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../src/domain/dates";
import { browserPost, countRows, createApiToken, createKitchen, createUser, request, signIn } from "./helpers";

const PASSWORD = "correct horse battery staple";
const SLUG = "chart-inn";
const START = "2026-03-10"; // window: 10 .. 16 March
const CHART = `/k/${SLUG}/chart?start=${START}&nights=7`;
let kitchenId: number;
let userId: number;
let cookie: string;

interface Night {
  booking: string;
  site: string | null;
  room: string | null;
  group?: string;
  first?: string;
  last?: string;
  adults?: number;
  children?: number;
  arrival: string;
  departure: string;
  dinner?: string[];
  pkg?: boolean;
}

const STAYS: Night[] = [
  // Crosses the left edge; DBB on 11 March only; group 7 with B2.
  { booking: "B1", site: "s2", room: "2", group: "7", first: "Zoë", last: "O'Brien", adults: 2, children: 1, arrival: "2026-03-08", departure: "2026-03-12", dinner: ["2026-03-11"] },
  // Arrives on the first day; leaves on 12 March, when B3 arrives in the same room.
  { booking: "B2", site: "s10", room: "10", group: "7", last: "Nguyen", arrival: "2026-03-10", departure: "2026-03-12" },
  // Same-day turnover, runs past the right edge, a package every night.
  { booking: "B3", site: "s10", room: "10", last: "Smith", arrival: "2026-03-12", departure: "2026-03-20", pkg: true },
  // Two unallocated stays that overlap: two rows.
  { booking: "B4", site: null, room: null, last: "Alpha", arrival: "2026-03-11", departure: "2026-03-13" },
  { booking: "B5", site: null, room: null, last: "Beta", arrival: "2026-03-11", departure: "2026-03-12" },
  // A name with markup.
  { booking: "B6", site: "s101", room: "101", first: "Bobby", last: '<script>alert("x")</script>', arrival: "2026-03-14", departure: "2026-03-16" },
];

async function seed(kitchen: number, stays: Night[]) {
  const statements: D1PreparedStatement[] = [];
  for (const stay of stays) {
    for (let night = stay.arrival; night < stay.departure; night = addDays(night, 1)) {
      statements.push(
        env.DB.prepare(
          `INSERT INTO room_nights (kitchen_id, night, booking_id, site_id, room_name, group_id, lead_first_name, lead_last_name,
             adults, children, infants, dinner, breakfast, package, arrival, departure) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 1, ?, ?, ?)`,
        ).bind(kitchen, night, stay.booking, stay.site, stay.room, stay.group ?? null, stay.first ?? null, stay.last ?? null, stay.adults ?? 2, stay.children ?? 0, stay.dinner?.includes(night) ? 1 : 0, stay.pkg ? 1 : 0, stay.arrival, stay.departure),
      );
    }
  }
  await env.DB.batch(statements);
}

beforeAll(async () => {
  kitchenId = await createKitchen(SLUG, "Chart Inn");
  userId = await createUser("chart-admin@example.com", PASSWORD, [{ kitchenId, role: "admin" }]);
  cookie = await signIn("chart-admin@example.com", PASSWORD);
  await env.DB.batch(
    [
      ["s101", "101", 2],
      ["s10", "10", 1],
      ["s2", "2", 0],
    ].map(([site, name, order]) => env.DB.prepare("INSERT INTO rooms (kitchen_id, site_id, name, sort_order) VALUES (?, ?, ?, ?)").bind(kitchenId, site, name, order)),
  );
  await seed(kitchenId, STAYS);
  await env.DB.batch(
    ["2026-03-10", "2026-03-11"].map((date, i) =>
      env.DB.prepare(
        `INSERT INTO daily_occupancy (kitchen_id, date, rooms_available, rooms_occupied, occupancy_pct, guests, adults, children, infants,
           breakfast_guests, dinner_guests, dbb_rooms, arrivals, arrival_guests, departures, departure_guests, updated_at)
         VALUES (?, ?, 3, ?, NULL, ?, 0, 0, 0, ?, ?, 1, ?, 0, ?, 0, '2026-03-10T00:00:00Z')`,
      ).bind(kitchenId, date, 2 + i, 5 + i, 4 + i, 3 + i, 1 + i, i),
    ),
  );
  await env.DB.prepare("UPDATE sync_settings SET last_sync_at = '2026-03-10T08:00:00.000Z' WHERE kitchen_id = ?").bind(kitchenId).run();
});

interface Cell {
  colspan: number;
  className: string;
  bar?: { className: string; group: string | null; label: string; text: string };
}

interface Row {
  label: string;
  cells: Cell[];
}

/** The grid as data, read with workerd's HTMLRewriter. */
async function readGrid(html: string): Promise<{ rows: Row[]; footer: string[][] }> {
  const rows: Row[] = [];
  const footer: string[][] = [];
  let section: "head" | "body" | "foot" = "head";
  let cell: Cell | undefined;
  let footRow: string[] | undefined;
  await new HTMLRewriter()
    .on("tbody", { element: () => void (section = "body") })
    .on("tfoot", { element: () => void (section = "foot") })
    .on("tr", {
      element: () => {
        if (section === "body") rows.push({ label: "", cells: [] });
        if (section === "foot") footer.push((footRow = []));
      },
    })
    .on("th.room", {
      text: (text) => {
        if (section === "body") rows.at(-1)!.label += text.text;
      },
    })
    .on("td", {
      element: (element) => {
        if (section === "foot") {
          footRow!.push("");
          return;
        }
        if (section !== "body") return;
        cell = { colspan: Number(element.getAttribute("colspan") ?? 1), className: element.getAttribute("class") ?? "" };
        rows.at(-1)!.cells.push(cell);
      },
      text: (text) => {
        if (section === "foot") footRow![footRow!.length - 1] += text.text;
        else if (section === "body" && cell?.bar) cell.bar.text += text.text;
      },
    })
    .on("a.bar", {
      element: (element) => {
        cell!.bar = { className: element.getAttribute("class") ?? "", group: element.getAttribute("data-group"), label: element.getAttribute("aria-label") ?? "", text: "" };
      },
    })
    .transform(new Response(html))
    .text();
  for (const row of rows) row.label = row.label.trim();
  return { rows, footer };
}

async function chartHtml(path = CHART): Promise<string> {
  const response = await request(path, { cookie });
  expect(response.status).toBe(200);
  return response.text();
}

describe("the chart grid", () => {
  it("lists every room in natural order, then one row per unallocated stay", async () => {
    const { rows } = await readGrid(await chartHtml());
    expect(rows.map((r) => r.label)).toEqual(["2", "10", "101", "Unallocated", "Unallocated"]);
    // Every row covers the 7 nights exactly once.
    for (const row of rows) expect(row.cells.reduce((sum, c) => sum + c.colspan, 0)).toBe(7);
  });

  it("draws vacant nights as empty cells and each stay as one bar across its nights", async () => {
    const { rows } = await readGrid(await chartHtml());
    const room101 = rows[2]!;
    expect(room101.cells.map((c) => (c.bar ? `stay:${c.colspan}` : `vacant${c.className}`))).toEqual(["vacant", "vacant", "vacantunsynced", "vacantunsynced", "stay:2", "vacantunsynced"]);
    // Same-day turnover in room 10: two bars side by side.
    expect(rows[1]!.cells.map((c) => (c.bar ? `stay:${c.colspan}` : `vacant${c.className}`))).toEqual(["stay:2", "stay:5"]);
  });

  it("keeps true dates, arrows at the window's edges, and arrival and departure markers", async () => {
    const { rows } = await readGrid(await chartHtml());
    const b1 = rows[0]!.cells.find((c) => c.bar)!.bar!;
    expect(b1.label).toBe("2: Guest, 2+1, 2026-03-08 to 2026-03-12");
    expect(b1.text).toContain("◀");
    expect(b1.className.split(" ")).toEqual(expect.arrayContaining(["bar", "departs"]));
    expect(b1.className).not.toContain("arrives");
    const [b2, b3] = rows[1]!.cells.map((c) => c.bar!);
    expect(b2!.className.split(" ")).toEqual(expect.arrayContaining(["arrives", "departs"]));
    expect(b3!.label).toBe("10: Guest, 2, 2026-03-12 to 2026-03-20");
    expect(b3!.text).toContain("▶");
    expect(b3!.className).not.toContain("departs");
  });

  it("gives the bookings of one group one colour and a shared group id", async () => {
    const { rows } = await readGrid(await chartHtml());
    const b1 = rows[0]!.cells.find((c) => c.bar)!.bar!;
    const b2 = rows[1]!.cells[0]!.bar!;
    const b3 = rows[1]!.cells[1]!.bar!;
    expect(b1.group).toBe("7");
    expect(b2.group).toBe("7");
    const colour = (className: string) => className.split(" ").find((c) => /^g\d$/.test(c));
    expect(colour(b1.className)).toBeDefined();
    expect(colour(b1.className)).toBe(colour(b2.className));
    expect(colour(b3.className)).toBeUndefined();
  });

  it("shows meal badges night by night", async () => {
    const { rows } = await readGrid(await chartHtml());
    const b1 = rows[0]!.cells.find((c) => c.bar)!.bar!;
    // B1 shows 10 and 11 March: bed and breakfast, then dinner.
    expect(b1.text).toMatch(/B&amp;B\s*DBB/); // HTMLRewriter hands over text still escaped
    const b3 = rows[1]!.cells[1]!.bar!;
    expect(b3.text.match(/PKG/g)).toHaveLength(5);
  });

  it("shows the footer totals per night and the summary line", async () => {
    const html = await chartHtml();
    const { footer } = await readGrid(html);
    expect(footer.map((row) => row.slice(0, 3))).toEqual([
      // The third night was never synced: no numbers, rather than an empty hotel.
      ["2/3", "3/3", "-"],
      ["5", "6", "-"],
      ["3", "4", "-"],
      ["4", "5", "-"],
      ["1", "2", "-"],
      ["0", "1", "-"],
    ]);
    expect(html).toContain("3 rooms · 6 bookings · 14 room nights");
  });

  it("labels the nights never synced and gives an admin the link that fills in Settings' range", async () => {
    const html = await chartHtml();
    // 10 and 11 March have totals; 12 to 16 March were never synced.
    expect(html.match(/<th scope="col" class="day[^"]* unsynced">/g)).toHaveLength(5);
    expect(html).toContain("5 of these nights have not been synced yet: they are shaded and left out of the numbers.");
    expect(html).toContain(`href="/k/${SLUG}/settings?sync_from=2026-03-12&amp;sync_to=2026-03-16#sync-section"`);
  });
});

describe("guest names", () => {
  it('are hidden as "Guest" by default, with nothing logged', async () => {
    const html = await chartHtml();
    expect(html).not.toContain("O&#39;Brien");
    expect(html).not.toContain("Nguyen");
    expect(html).toContain(">Guest<");
    expect(await countRows("pii_access_log")).toBe(0);
  });

  it("are shown, escaped, when the admin turns them on, and every such render is logged", async () => {
    const toggled = await browserPost(`/k/${SLUG}/settings/privacy`, { fields: { show_guest_names: "on" }, cookie });
    expect(toggled.status).toBe(303);
    const html = await chartHtml();
    expect(html).toContain("O&#39;Brien");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).not.toContain('<script>alert("x")</script>');
    const log = await env.DB.prepare("SELECT * FROM pii_access_log WHERE kitchen_id = ?").bind(kitchenId).all();
    expect(log.results).toHaveLength(1);
    expect(log.results[0]).toMatchObject({ user_id: userId, view: "chart", date_from: "2026-03-10", date_to: "2026-03-16", api_token_id: null });

    await browserPost(`/k/${SLUG}/settings/privacy`, { cookie });
    expect(await chartHtml()).not.toContain("O&#39;Brien");
    expect(await countRows("pii_access_log")).toBe(1);
  });
});

describe("navigation and bad input", () => {
  it("answers htmx with the chart fragment only", async () => {
    const response = await request(CHART, { cookie, headers: { "HX-Request": "true" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("vary")).toContain("HX-Request");
    const html = await response.text();
    expect(html.startsWith('<div id="chart"')).toBe(true);
    expect(html).not.toContain("<html");
    expect(html).toContain(`hx-push-url="true"`);
    expect(html).toContain(`/k/${SLUG}/chart?start=2026-03-03&amp;nights=7`);
    expect(html).toContain(`/k/${SLUG}/chart?start=2026-03-17&amp;nights=7`);
  });

  it.each([
    ["start=tomorrow", 'start must be a date as YYYY-MM-DD, not &quot;tomorrow&quot;.'],
    ["nights=31", 'nights must be a whole number from 1 to 30, not &quot;31&quot;.'],
    ["nights=0", "nights must be a whole number from 1 to 30"],
  ])("refuses %s with 400 and the reason on the page", async (query, reason) => {
    const response = await request(`/k/${SLUG}/chart?${query}`, { cookie });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(reason);
    expect(html).toContain("Show the next 7 nights from today");
  });

  it("answers an unknown kitchen with 404", async () => {
    expect((await request("/k/no-such-kitchen/chart", { cookie })).status).toBe(404);
  });

  it("reports the last sync for the live refresh", async () => {
    const response = await request(`/k/${SLUG}/chart/status`, { cookie });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ last_sync_at: "2026-03-10T08:00:00.000Z" });
  });
});

describe("the stay panel", () => {
  it("shows room, booking, group, true dates, pax and the meal plan night by night", async () => {
    const response = await request(`/k/${SLUG}/chart/stay/B1?start=${START}&nights=7`, { cookie, headers: { "HX-Request": "true" } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain("<html");
    expect(html).toContain("2 · Guest");
    for (const fact of ["B1", "7", "Sun 8 Mar", "Thu 12 Mar", ">4<", "2 adults, 1 child, 0 infants"]) expect(html).toContain(fact);
    expect(html).toMatch(/Wed 11 Mar<\/span> <strong>Dinner, bed &amp; breakfast<\/strong>/);
    expect(html).toMatch(/Tue 10 Mar<\/span> <strong>Bed &amp; breakfast<\/strong>/);
  });

  it("is a normal page without JavaScript, with a way back to the same chart", async () => {
    const html = await (await request(`/k/${SLUG}/chart/stay/B3?start=${START}&nights=7`, { cookie })).text();
    expect(html).toContain("<html");
    expect(html).toContain(`href="/k/${SLUG}/chart?start=${START}&amp;nights=7"`);
    expect(html).toContain("Bed &amp; breakfast, package");
  });

  it("never shows another kitchen's booking", async () => {
    const other = await createKitchen("chart-other", "Other Inn");
    await seed(other, [{ booking: "X9", site: "o1", room: "1", last: "Secret", arrival: "2026-03-10", departure: "2026-03-11" }]);
    const response = await request(`/k/${SLUG}/chart/stay/X9`, { cookie });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("Secret");
  });
});

describe("GET /api/residents-table-chart", () => {
  it("answers the seed system's shape", async () => {
    const { token } = await createApiToken(kitchenId, "manager");
    const response = await request(`/api/residents-table-chart?start_date=${START}&nights=7`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const body = await response.json<Record<string, any>>();
    expect(Object.keys(body).sort()).toEqual(["dates", "end_date", "nights", "restaurant_connected", "rooms", "start_date", "summary"]);
    // Without resOS the restaurant fields are there, and empty.
    expect(body).toMatchObject({ restaurant_connected: false, nights: {} });
    expect(body).toMatchObject({ start_date: START, end_date: "2026-03-16" });
    expect(body.dates).toHaveLength(7);
    expect(body.rooms.map((r: { room_number: string | null }) => r.room_number)).toEqual(["2", "10", "101", null, null]);
    expect(body.rooms[0].bookings[0]).toEqual({
      booking_id: "B1",
      bookings_group_id: "7",
      check_in: "2026-03-08",
      check_out: "2026-03-12",
      nights: ["2026-03-10", "2026-03-11"],
      guest_name: null,
      adults: 2,
      children: 1,
      infants: 0,
      is_dbb: true,
      is_package: false,
      night_flags: {
        "2026-03-10": { dinner: false, breakfast: true, package: false },
        "2026-03-11": { dinner: true, breakfast: true, package: false },
      },
      restaurant_bookings: {},
    });
    expect(body.summary).toEqual({
      total_rooms: 3,
      total_bookings: 6,
      total_room_nights: 14,
      occupancy_percentage: expect.any(Number),
      nights_with_restaurant: null,
      coverage_percentage: null,
    });
  });

  it("refuses bad input with 400 JSON", async () => {
    const { token } = await createApiToken(kitchenId, "manager");
    const auth = { authorization: `Bearer ${token}` };
    const badDate = await request("/api/residents-table-chart?start_date=2026-13-01", { headers: auth });
    expect(badDate.status).toBe(400);
    expect((await badDate.json<{ error: string }>()).error).toContain("start_date must be a date");
    const badNights = await request(`/api/residents-table-chart?start_date=${START}&nights=99`, { headers: auth });
    expect(badNights.status).toBe(400);
  });
});
