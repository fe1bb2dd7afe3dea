// The admin's resOS connection and field mapping, on the Settings page and through the JSON
// API, through the real Worker. resOS is the in-process simulator (RESOS_BASE_URL
// "simulator" in the test bindings); the API is called as the README's curl recipes call it:
// a bearer token and no Origin.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { decryptForKitchen, importCredentialsKey } from "../../src/crypto/credentials";
import { serviceChoicesText } from "../../src/domain/service-choices";
import { RESOS_SIMULATOR_API_KEY } from "../../src/resos/simulator";
import { connectNewbook, connectResos, countRows, createApiToken, createKitchen, createUser, ORIGIN, request, signIn, waitForRunEnd } from "./helpers";

const PASSWORD = "correct horse battery staple";
const SLUG = "resos-inn";
let kitchenId: number;
let admin: string;
let manager: string;
let adminToken: string;
let managerToken: string;

beforeAll(async () => {
  kitchenId = await createKitchen(SLUG, "Resos Inn");
  await createUser("resos-admin@example.com", PASSWORD, [{ kitchenId, role: "admin" }]);
  await createUser("resos-manager@example.com", PASSWORD, [{ kitchenId, role: "manager" }]);
  admin = await signIn("resos-admin@example.com", PASSWORD);
  manager = await signIn("resos-manager@example.com", PASSWORD);
  adminToken = (await createApiToken(kitchenId, "admin")).token;
  managerToken = (await createApiToken(kitchenId, "manager")).token;
});

/** A form a page of this site posts, as a browser sends it (fields may repeat, as checkboxes do). */
function post(path: string, fields: Record<string, string> | URLSearchParams, options: { cookie?: string; htmx?: boolean } = {}) {
  return request(`/k/${SLUG}/settings${path}`, {
    method: "POST",
    cookie: options.cookie ?? admin,
    headers: { origin: ORIGIN, ...(options.htmx ? { "HX-Request": "true" } : {}) },
    body: fields instanceof URLSearchParams ? fields : new URLSearchParams(fields),
  });
}

/** A JSON API call exactly as curl makes it: the bearer token, no Origin, no cookie. */
function api(path: string, options: { token?: string; method?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${options.token ?? managerToken}` };
  if (options.json !== undefined) headers["content-type"] = "application/json";
  return request(`/api/resos${path}`, { method: options.method ?? "GET", headers, body: options.json === undefined ? undefined : JSON.stringify(options.json) });
}

interface ConnectionRow {
  api_key_ciphertext: string;
  booking_number_field_id: string | null;
  hotel_guest_field_id: string | null;
  dbb_field_id: string | null;
  group_field_id: string | null;
  dietary_field_ids: string;
  service_choices: string;
  restaurant_read_at: string | null;
  updated_at: string;
}

async function connectionRow(): Promise<ConnectionRow | null> {
  return env.DB.prepare("SELECT * FROM resos_connections WHERE kitchen_id = ?").bind(kitchenId).first<ConnectionRow>();
}

interface FieldJson {
  id: string;
  name: string;
  type: string;
  choices: { id: string; name: string }[];
}

interface OpeningHourJson {
  id: string;
  name: string;
  day: number | null;
  open: number;
  close: number;
  special: boolean;
  date: string | null;
  closed: boolean;
  service: string | null;
}

async function customFields(): Promise<FieldJson[]> {
  return (await api("/custom-fields")).json<FieldJson[]>();
}

async function fieldId(name: string): Promise<string> {
  const field = (await customFields()).find((candidate) => candidate.name === name);
  if (!field) throw new Error(`the restaurant has no field named ${name}`);
  return field.id;
}

async function openingHours(): Promise<OpeningHourJson[]> {
  return (await api("/opening-hours")).json<OpeningHourJson[]>();
}

describe("before resOS is connected", () => {
  it("the page offers the key form and no mapping; the API says not connected", async () => {
    const page = await (await request(`/k/${SLUG}/settings`, { cookie: admin })).text();
    expect(page).toContain("<h2>resOS connection</h2>");
    expect(page).toContain("Not connected yet.");
    expect(page).not.toContain("Save mapping");

    const settings = await api("/settings");
    expect(settings.status).toBe(200);
    expect(await settings.json()).toEqual({
      connected: false,
      booking_number_field_id: null,
      hotel_guest_field_id: null,
      dbb_field_id: null,
      group_field_id: null,
      dietary_field_ids: [],
      services: [],
    });
    for (const path of ["/custom-fields", "/opening-hours"]) {
      const response = await api(path);
      expect(response.status, path).toBe(409);
      expect(await response.json()).toEqual({ error: "resOS is not connected for this kitchen: an admin saves its API key in Settings (resOS connection)." });
    }
    const patch = await api("/settings", { token: adminToken, method: "PATCH", json: { dbb_field_id: null } });
    expect(patch.status).toBe(409);
  });

  it("asks for a key when none is typed and none is stored", async () => {
    const response = await post("/resos", { api_key: "" }, { htmx: true });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('<span class="field-error" id="api_key-error">Enter the API key resOS issued (Settings → Apps → API credentials).</span>');
    expect(await countRows("resos_connections")).toBe(0);
  });

  it("a key resOS refuses answers 502 with resOS's reason beside the form, and nothing is stored", async () => {
    const plain = await post("/resos", { api_key: "not-the-key" });
    expect(plain.status).toBe(502);
    const page = await plain.text();
    expect(page).toContain("<h1>Settings</h1>");
    expect(page).toContain('<p class="alert" role="alert" tabindex="-1" autofocus="" data-result="">resOS rejected the API key.</p>');

    const htmx = await post("/resos", { api_key: "not-the-key" }, { htmx: true });
    expect(htmx.status).toBe(502);
    const fragment = await htmx.text();
    expect(fragment).toMatch(/^<section class="card" id="resos-section">/);
    expect(fragment).toContain("resOS rejected the API key.");
    expect(fragment).not.toContain("not-the-key");
    expect(await countRows("resos_connections")).toBe(0);
  });

  it("Test connection says what resOS has, and stores nothing", async () => {
    const ok = await post("/resos/test", { api_key: RESOS_SIMULATOR_API_KEY }, { htmx: true });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("resOS accepted this key: 7 custom fields, 2 services (Lunch, Dinner). Save to keep it.");

    const wrong = await post("/resos/test", { api_key: "not-the-key" }, { htmx: true });
    expect(wrong.status).toBe(502);
    expect(await wrong.text()).toContain("resOS rejected the API key.");
    expect(await countRows("resos_connections")).toBe(0);
  });

  it("refuses a mapping while there is no restaurant to map", async () => {
    const response = await post("/resos/mapping", { booking_number_field_id: "", hotel_guest_field_id: "", dbb_field_id: "", group_field_id: "" }, { htmx: true });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("Not saved: the restaurant&#39;s fields have not been read yet. Save the connection first.");
    expect(await countRows("resos_connections")).toBe(0);
  });

  it("is for admins only", async () => {
    for (const path of ["/resos", "/resos/test", "/resos/mapping"]) {
      const response = await post(path, { api_key: RESOS_SIMULATOR_API_KEY }, { cookie: manager });
      expect(response.status, path).toBe(403);
    }
    expect(await countRows("resos_connections")).toBe(0);
  });
});

describe("saving the connection", () => {
  it("stores the key encrypted with the restaurant read through it and the mapping detected from its field names", async () => {
    const saved = await post("/resos", { api_key: ` ${RESOS_SIMULATOR_API_KEY} ` });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`/k/${SLUG}/settings?notice=resos-saved#resos-section`);

    const row = (await connectionRow())!;
    expect(row.api_key_ciphertext).not.toContain(RESOS_SIMULATOR_API_KEY);
    expect(await decryptForKitchen(await importCredentialsKey(env.CREDENTIALS_KEY), kitchenId, row.api_key_ciphertext)).toBe(RESOS_SIMULATOR_API_KEY);
    expect(row.restaurant_read_at).not.toBeNull();
    expect(row.service_choices).toBe("{}");

    expect((await customFields()).map((field) => field.name)).toEqual(["Booking #", "Hotel Guest", "DBB", "GROUP/EXCLUDE", "Occasion", "Dietary requirements", "Allergies"]);
    expect(row).toMatchObject({
      booking_number_field_id: await fieldId("Booking #"),
      hotel_guest_field_id: await fieldId("Hotel Guest"),
      dbb_field_id: await fieldId("DBB"),
      group_field_id: await fieldId("GROUP/EXCLUDE"),
    });
    expect(JSON.parse(row.dietary_field_ids)).toEqual([await fieldId("Dietary requirements"), await fieldId("Allergies")]);

    const page = await (await request(saved.headers.get("location")!, { cookie: admin })).text();
    expect(page).toContain("Saved. The API key is stored encrypted; the mapping below was detected from the restaurant&#39;s fields: check it.");
    expect(page).toContain("Connected, API key set, changed on");
    expect(page).not.toContain(RESOS_SIMULATOR_API_KEY);
  });

  it("shows the mapping: a select per role with what each is for, the dietary fields ticked, one choice per named service", async () => {
    const page = await (await request(`/k/${SLUG}/settings`, { cookie: admin })).text();
    const booking = await fieldId("Booking #");
    expect(page).toMatch(new RegExp(`<select name="booking_number_field_id" aria-describedby="booking_number_field_id-hint"><option value="">none</option><option value="${booking}" selected="">Booking #</option>`));
    expect(page).toContain("Which field holds the hotel booking number staff type in.");
    expect(page).toContain(`<input type="checkbox" name="dietary_field_ids" value="${await fieldId("Allergies")}" checked=""/>Allergies`);
    expect(page).toContain(`<input type="checkbox" name="dietary_field_ids" value="${await fieldId("Occasion")}"/>Occasion`);
    expect(page).toContain("Lunch · Wed–Sun 12:00–14:30");
    expect(page).toContain("Dinner · Mon–Thu, Sun 18:00–21:30; Fri–Sat 18:00–22:30");
    expect(page).not.toContain("Closed: private event");
    expect(page.match(/<select name="services"/g)).toHaveLength(2);
  });
});

describe("the mapping form", () => {
  async function mappingForm(changes: Record<string, string | string[]> = {}): Promise<URLSearchParams> {
    const hours = (await openingHours()).filter((hour) => !hour.special);
    const idsNamed = (name: string) => hours.filter((hour) => hour.name === name).map((hour) => hour.id);
    const fields: Record<string, string | string[]> = {
      booking_number_field_id: await fieldId("Booking #"),
      hotel_guest_field_id: await fieldId("Hotel Guest"),
      dbb_field_id: await fieldId("DBB"),
      group_field_id: await fieldId("GROUP/EXCLUDE"),
      dietary_field_ids: [await fieldId("Dietary requirements"), await fieldId("Allergies")],
      services: [serviceChoicesText("lunch", idsNamed("Lunch")), serviceChoicesText("dinner", idsNamed("Dinner"))],
      ...changes,
    };
    return new URLSearchParams(Object.entries(fields).flatMap(([name, value]) => ([] as string[]).concat(value).map((one) => [name, one])));
  }

  it("refuses a field id the restaurant does not have, beside its field, saving nothing", async () => {
    const before = await connectionRow();
    const response = await post("/resos/mapping", await mappingForm({ dbb_field_id: "abc", hotel_guest_field_id: "" }), { htmx: true });
    expect(response.status).toBe(422);
    const fragment = await response.text();
    expect(fragment).toContain('<span class="field-error" id="dbb_field_id-error">The restaurant has no custom field &quot;abc&quot;.</span>');
    expect(fragment).toContain('<select name="dbb_field_id" aria-invalid="true" aria-describedby="dbb_field_id-error dbb_field_id-hint">');
    // What was chosen is shown again: the hotel-guest field set to none.
    expect(fragment).toMatch(/<select name="hotel_guest_field_id" aria-describedby="hotel_guest_field_id-hint"><option value="" selected="">none<\/option>/);
    expect(await connectionRow()).toEqual(before);

    const plain = await post("/resos/mapping", await mappingForm({ services: "supper:x" }));
    expect(plain.status).toBe(422);
    expect(await plain.text()).toContain('<span class="field-error" id="services-error">Must be one of breakfast, lunch, dinner, other for one of the restaurant&#39;s opening hours.</span>');
    expect(await connectionRow()).toEqual(before);
  });

  it("saves the chosen fields and services; the JSON API reads them back", async () => {
    const lunchIds = (await openingHours()).filter((hour) => hour.name === "Lunch").map((hour) => hour.id);
    const form = await mappingForm({ dbb_field_id: "", dietary_field_ids: [await fieldId("Allergies")] });
    form.set("services", serviceChoicesText("other", lunchIds));
    const saved = await post("/resos/mapping", form);
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`/k/${SLUG}/settings?notice=resos-mapping-saved#resos-section`);

    const settings = await (await api("/settings")).json<{ dbb_field_id: string | null; dietary_field_ids: string[]; services: { opening_hour_id: string; name: string; service: string }[] }>();
    expect(settings.dbb_field_id).toBeNull();
    expect(settings.dietary_field_ids).toEqual([await fieldId("Allergies")]);
    expect(settings.services.filter((service) => service.name === "Lunch").map((service) => service.service)).toEqual(lunchIds.map(() => "other"));
    expect(settings.services.filter((service) => service.name === "Dinner").every((service) => service.service === "dinner")).toBe(true);
    expect(JSON.parse((await connectionRow())!.service_choices)).toEqual(Object.fromEntries(lunchIds.map((id) => [id, "other"])));

    // With htmx the section comes back at once, saying so.
    const htmx = await post("/resos/mapping", await mappingForm(), { htmx: true });
    expect(htmx.status).toBe(200);
    expect(await htmx.text()).toContain("Saved. The chart and the dashboard follow the new mapping at once.");
    expect((await connectionRow())!.service_choices).toBe("{}");
  });

  it("saving the connection with the key left empty reads the restaurant again and keeps the mapping", async () => {
    await post("/resos/mapping", await mappingForm({ group_field_id: "" }));
    const before = (await connectionRow())!;
    const response = await post("/resos", { api_key: "" }, { htmx: true });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Saved. The restaurant&#39;s fields and opening hours were read again; the mapping is kept.");
    const after = (await connectionRow())!;
    expect(after.group_field_id).toBeNull();
    expect(after.api_key_ciphertext).toBe(before.api_key_ciphertext);
    expect(after.restaurant_read_at! >= before.restaurant_read_at!).toBe(true);
    await post("/resos/mapping", await mappingForm());
  });
});

describe("the JSON API", () => {
  it("GET /api/resos/settings gives the mapping and every regular opening hour's service to any member", async () => {
    const response = await api("/settings");
    expect(response.status).toBe(200);
    const settings = await response.json<Record<string, unknown>>();
    expect(settings).toEqual({
      connected: true,
      booking_number_field_id: await fieldId("Booking #"),
      hotel_guest_field_id: await fieldId("Hotel Guest"),
      dbb_field_id: await fieldId("DBB"),
      group_field_id: await fieldId("GROUP/EXCLUDE"),
      dietary_field_ids: [await fieldId("Dietary requirements"), await fieldId("Allergies")],
      services: expect.any(Array),
    });
    const regular = (await openingHours()).filter((hour) => !hour.special);
    expect(settings.services).toEqual(regular.map((hour) => ({ opening_hour_id: hour.id, name: hour.name, service: hour.name.toLowerCase() })));
  });

  it("GET /api/resos/custom-fields and /opening-hours give the restaurant as stored", async () => {
    const fields = await customFields();
    expect(fields.find((field) => field.name === "Hotel Guest")).toEqual({ id: expect.any(String), name: "Hotel Guest", type: "radio", choices: [expect.objectContaining({ name: "Yes" }), expect.objectContaining({ name: "No" })] });
    const hours = await openingHours();
    expect(hours.filter((hour) => hour.name === "Lunch").map((hour) => hour.day)).toEqual([3, 4, 5, 6, 7]);
    expect(hours.find((hour) => hour.name === "Dinner" && hour.day === 5)).toMatchObject({ open: 1800, close: 2230, special: false, date: null, closed: false, service: "dinner" });
    expect(hours.filter((hour) => hour.special)).toEqual([expect.objectContaining({ name: "Closed: private event", day: null, closed: true, service: null, date: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) })]);
  });

  it("PATCH /api/resos/settings changes only the keys given, and the opening hours follow", async () => {
    const fridayDinner = (await openingHours()).find((hour) => hour.name === "Dinner" && hour.day === 5)!;
    const response = await api("/settings", { token: adminToken, method: "PATCH", json: { group_field_id: null, services: [{ opening_hour_id: fridayDinner.id, service: "other" }] } });
    expect(response.status).toBe(200);
    const settings = await response.json<{ group_field_id: string | null; booking_number_field_id: string; services: { opening_hour_id: string; service: string }[] }>();
    expect(settings.group_field_id).toBeNull();
    expect(settings.booking_number_field_id).toBe(await fieldId("Booking #"));
    expect(settings.services.find((service) => service.opening_hour_id === fridayDinner.id)!.service).toBe("other");
    expect((await openingHours()).find((hour) => hour.id === fridayDinner.id)!.service).toBe("other");
    expect((await connectionRow())!.group_field_id).toBeNull();

    // On the page, Friday's dinner is now a choice of its own.
    const page = await (await request(`/k/${SLUG}/settings`, { cookie: admin })).text();
    expect(page).toContain("Dinner · Mon–Thu, Sun 18:00–21:30; Sat 18:00–22:30");
    expect(page).toContain("Dinner · Fri 18:00–22:30");

    const back = await api("/settings", { token: adminToken, method: "PATCH", json: { group_field_id: await fieldId("GROUP/EXCLUDE"), services: [{ opening_hour_id: fridayDinner.id, service: "dinner" }] } });
    expect(back.status).toBe(200);
    expect((await connectionRow())!.service_choices).toBe("{}");
  });

  it("PATCH takes back what GET answered, unchanged", async () => {
    const current = await (await api("/settings", { token: adminToken })).json<Record<string, unknown>>();
    const response = await api("/settings", { token: adminToken, method: "PATCH", json: current });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(current);
  });

  it("PATCH refuses an id the restaurant does not have, naming the key, saving nothing", async () => {
    const before = await connectionRow();
    const dinner = (await openingHours()).find((hour) => hour.name === "Dinner")!;
    const cases: [unknown, { error: string; field: string }][] = [
      [{ booking_number_field_id: "abc" }, { error: 'booking_number_field_id: the restaurant has no custom field "abc".', field: "booking_number_field_id" }],
      [{ dbb_field_id: null, dietary_field_ids: ["nope"] }, { error: 'dietary_field_ids: the restaurant has no custom field "nope".', field: "dietary_field_ids" }],
      [{ services: [{ opening_hour_id: dinner.id, service: "dinner" }, { opening_hour_id: "gone", service: "lunch" }] }, { error: 'services: the restaurant has no regular opening hour "gone".', field: "services" }],
      [{ services: [{ opening_hour_id: dinner.id, service: "supper" }] }, { error: "services must be one of breakfast, lunch, dinner, other.", field: "services" }],
      [{ hotel_guest_field_id: 7 }, { error: "hotel_guest_field_id must be the id of one of the restaurant's custom fields, or null for none.", field: "hotel_guest_field_id" }],
      [{ dbb: null }, { error: "body may only hold booking_number_field_id, hotel_guest_field_id, dbb_field_id, group_field_id, dietary_field_ids, services; not dbb.", field: "body" }],
      [[], { error: "body must be a JSON object.", field: "body" }],
    ];
    for (const [body, error] of cases) {
      const response = await api("/settings", { token: adminToken, method: "PATCH", json: body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await response.json()).toEqual(error);
    }
    expect(await connectionRow()).toEqual(before);
  });

  it("PATCH is for admins: a manager's token is refused", async () => {
    const before = await connectionRow();
    const response = await api("/settings", { token: managerToken, method: "PATCH", json: { dbb_field_id: null } });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: `This needs the admin role in ${SLUG}.` });
    expect(await connectionRow()).toEqual(before);
  });

  it("another kitchen's token sees its own kitchen, never this one", async () => {
    const other = await createKitchen("resos-elsewhere", "Elsewhere");
    const { token } = await createApiToken(other, "admin");
    expect(await (await api("/settings", { token })).json()).toMatchObject({ connected: false, booking_number_field_id: null, services: [] });
    expect((await api("/custom-fields", { token })).status).toBe(409);
    expect((await api("/settings", { token, method: "PATCH", json: { booking_number_field_id: await fieldId("Booking #") } })).status).toBe(409);
    expect((await connectionRow())!.booking_number_field_id).toBe(await fieldId("Booking #"));
  });

  it("PATCH waits for a key the admin CLI stored until the restaurant has been read", async () => {
    const cliKitchen = await createKitchen("resos-cli", "CLI Inn");
    await connectResos(cliKitchen);
    const { token } = await createApiToken(cliKitchen, "admin");
    expect(await (await api("/settings", { token })).json()).toMatchObject({ connected: true, booking_number_field_id: null, services: [] });
    const response = await api("/settings", { token, method: "PATCH", json: { booking_number_field_id: null } });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: "The restaurant's custom fields and opening hours have not been read yet: the next sync reads them, or an admin saves the connection in Settings.",
    });
  });

  it("POST /api/resos/sync/upcoming starts the same run as Newbook's: 202 with the run to follow", async () => {
    await connectNewbook(kitchenId);
    expect((await api("/sync/upcoming", { token: managerToken, method: "POST" })).status).toBe(403);
    const response = await api("/sync/upcoming", { token: adminToken, method: "POST" });
    expect(response.status).toBe(202);
    const run = await response.json<{ id: number; kind: string; status: string }>();
    expect(run).toMatchObject({ kind: "manual", status: "running" });
    expect(response.headers.get("location")).toBe(`/api/newbook/sync/runs/${run.id}`);
    const ended = await waitForRunEnd(kitchenId);
    expect(ended).toMatchObject({ id: run.id, status: "success", chunks_total: 2 });
  });
});
