// The admin's Newbook settings and the sync endpoints, through the real Worker. Newbook is
// the in-process simulator (NEWBOOK_BASE_URL "simulator" in the test bindings).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { decryptForKitchen, importCredentialsKey } from "../../src/crypto/credentials";
import { MEAL_RULE_LISTS } from "../../src/domain/meal-rules";
import { SIMULATOR_CREDENTIALS } from "../../src/newbook/simulator";
import { browserPost, countRows, createApiToken, createKitchen, createUser, ORIGIN, request, signIn, waitForRunEnd } from "./helpers";

const PASSWORD = "correct horse battery staple";
const SLUG = "settings-inn";
let kitchenId: number;
let admin: string;
let manager: string;

const newbookFields = {
  username: SIMULATOR_CREDENTIALS.username,
  password: SIMULATOR_CREDENTIALS.password,
  api_key: SIMULATOR_CREDENTIALS.apiKey,
  region: "EU",
};

beforeAll(async () => {
  kitchenId = await createKitchen(SLUG, "Settings Inn");
  await createUser("settings-admin@example.com", PASSWORD, [{ kitchenId, role: "admin" }]);
  await createUser("settings-manager@example.com", PASSWORD, [{ kitchenId, role: "manager" }]);
  admin = await signIn("settings-admin@example.com", PASSWORD);
  manager = await signIn("settings-manager@example.com", PASSWORD);
});

function post(path: string, fields: Record<string, string>, options: { cookie?: string; htmx?: boolean } = {}) {
  return browserPost(`/k/${SLUG}${path}`, { fields, cookie: options.cookie ?? admin, htmx: options.htmx });
}

async function storedCredentials() {
  const row = await env.DB.prepare("SELECT region, credentials_ciphertext FROM newbook_connections WHERE kitchen_id = ?")
    .bind(kitchenId)
    .first<{ region: string; credentials_ciphertext: string }>();
  if (!row) return null;
  const key = await importCredentialsKey(env.CREDENTIALS_KEY);
  return { region: row.region, ...JSON.parse(await decryptForKitchen(key, kitchenId, row.credentials_ciphertext)) };
}

describe("Newbook connection", () => {
  it("refuses an incomplete first connection with field errors, saving nothing", async () => {
    const response = await post("/settings/newbook", { username: "", password: "", api_key: "", region: "europe-west" });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('<span class="field-error" id="region-error">Must be a short region code such as eu, au, us or nz.</span>');
    expect(html).toContain('aria-invalid="true" aria-describedby="region-error"');
    expect(html).toContain('value="europe-west"');
    expect(await countRows("newbook_connections")).toBe(0);

    // A good region, but nothing stored to fall back on: each missing secret is said beside its field.
    const missing = await post("/settings/newbook", { username: "", password: "", api_key: "", region: "eu" }, { htmx: true });
    expect(missing.status).toBe(422);
    const fragment = await missing.text();
    expect(fragment).toContain('<span class="field-error" id="username-error">Enter the username Newbook issued.</span>');
    expect(fragment).toContain('<span class="field-error" id="password-error">Enter the password.</span>');
    expect(fragment).toContain('<span class="field-error" id="api_key-error">Enter the API key (instances_...).</span>');
    expect(await countRows("newbook_connections")).toBe(0);
  });

  it("tests credentials without saving them, in plain words", async () => {
    const ok = await post("/settings/newbook/test", newbookFields);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("Newbook accepted these credentials: 30 rooms");

    const wrong = await post("/settings/newbook/test", { ...newbookFields, password: "not-it" }, { htmx: true });
    expect(wrong.status).toBe(502);
    const fragment = await wrong.text();
    expect(fragment).toContain("Newbook rejected the username/password.");
    expect(fragment).not.toContain("<html");
    expect(await countRows("newbook_connections")).toBe(0);
  });

  it("saves the credentials encrypted, shows them as set, never echoes them", async () => {
    const saved = await post("/settings/newbook", newbookFields);
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`/k/${SLUG}/settings?notice=newbook-saved#newbook-section`);
    expect(await storedCredentials()).toEqual({
      region: "eu",
      username: SIMULATOR_CREDENTIALS.username,
      password: SIMULATOR_CREDENTIALS.password,
      apiKey: SIMULATOR_CREDENTIALS.apiKey,
    });

    const page = await (await request(saved.headers.get("location")!, { cookie: admin })).text();
    expect(page).toContain("Saved. The credentials are stored encrypted.");
    expect(page).toMatch(/Connected, region eu\. Credentials set, changed on/);
    expect(page).not.toContain(SIMULATOR_CREDENTIALS.password);
    expect(page).not.toContain(SIMULATOR_CREDENTIALS.apiKey);
  });

  it("keeps the stored secrets when their fields are left empty", async () => {
    const response = await post("/settings/newbook", { username: "", password: "", api_key: "", region: "au" }, { htmx: true });
    expect(response.status).toBe(200);
    expect(response.headers.get("vary")).toContain("HX-Request");
    expect(await response.text()).toContain("Connected, region au.");
    expect(await storedCredentials()).toMatchObject({ region: "au", password: SIMULATOR_CREDENTIALS.password, apiKey: SIMULATOR_CREDENTIALS.apiKey });
    await post("/settings/newbook", { ...newbookFields, region: "eu" });
  });
});

describe("Sync now", () => {
  it("queues a sync of today and the days ahead, shows its progress, and ends with the run listed", async () => {
    const response = await post("/settings/sync", {});
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toContain("notice=sync-started");
    const run = await waitForRunEnd(kitchenId);
    expect(run).toMatchObject({ kind: "manual", status: "success", chunks_done: 1, chunks_total: 1 });
    expect(await countRows("room_nights", "kitchen_id = ?", kitchenId)).toBeGreaterThan(0);
    expect(await countRows("daily_occupancy", "kitchen_id = ?", kitchenId)).toBe(8);

    // With htmx: the section at once, with the running run's progress, asking for itself again.
    const fragment = await (await post("/settings/sync", {}, { htmx: true })).text();
    expect(fragment).toContain('id="sync-section"');
    expect(fragment).toContain("Sync started.");
    expect(fragment).toMatch(/<progress max="1" value="0"/);
    expect(fragment).toContain('hx-trigger="every 2s"');
    await waitForRunEnd(kitchenId);
    const polled = await (await request(`/k/${SLUG}/settings/sync`, { cookie: admin, headers: { "HX-Request": "true" } })).text();
    expect(polled).not.toContain("hx-trigger");
    expect(polled.match(/badge ok">success/g)).toHaveLength(2);
  });

  it("says a sync is running already rather than start a second one", async () => {
    const first = await post("/settings/sync", {}, { htmx: true });
    const second = await (await post("/settings/sync", {}, { htmx: true })).text();
    expect(await first.text()).toContain("Sync started.");
    expect(second).toContain("A sync is running already");
    await waitForRunEnd(kitchenId);
    const manual = await env.DB.prepare("SELECT count(*) AS n FROM sync_runs WHERE kitchen_id = ? AND kind = 'manual'").bind(kitchenId).first<{ n: number }>();
    expect(manual!.n).toBe(3);
  });
});

describe("meal rules", () => {
  /** Every list, as the form sends them. */
  const everyList = Object.fromEntries(Object.keys(MEAL_RULE_LISTS).map((key) => [key, ""])) as Record<string, string>;

  it("saves valid lists and previews what the last sync found", async () => {
    const response = await post("/settings/meal-rules", { ...everyList, dinnerWords: "Dinner\nDBB\n  Half Board  ", breakfastWords: "breakfast", packageWords: "" });
    expect(response.status).toBe(303);
    const stored = await env.DB.prepare("SELECT rules_json FROM meal_rules WHERE kitchen_id = ?").bind(kitchenId).first<{ rules_json: string }>();
    expect(JSON.parse(stored!.rules_json)).toMatchObject({ dinnerWords: ["Dinner", "DBB", "Half Board"], breakfastWords: ["breakfast"], packageWords: [] });

    const page = await (await request(`/k/${SLUG}/settings`, { cookie: admin })).text();
    expect(page).toMatch(/From today on, the last sync found \d+ room-nights: \d+ with dinner, \d+ with breakfast, \d+ with a package\./);
    expect(page).toContain(">Dinner\nDBB\nHalf Board</textarea>");
  });

  it("refuses lists that break the rules, keeping what was typed and saving nothing", async () => {
    const before = await env.DB.prepare("SELECT rules_json FROM meal_rules WHERE kitchen_id = ?").bind(kitchenId).first();
    const tooMany = Array.from({ length: 31 }, (_, i) => `word${i}`).join("\n");
    const response = await post("/settings/meal-rules", { ...everyList, dinnerWords: tooMany }, { htmx: true });
    expect(response.status).toBe(422);
    const fragment = await response.text();
    expect(fragment).toContain('<span class="field-error" id="dinnerWords-error">At most 30 entries, got 31.</span>');
    expect(fragment).toContain("word30");
    expect(await env.DB.prepare("SELECT rules_json FROM meal_rules WHERE kitchen_id = ?").bind(kitchenId).first()).toEqual(before);
  });

  it("refuses a post that leaves a list out, rather than switch it off: empty must be sent as empty", async () => {
    const before = await env.DB.prepare("SELECT rules_json FROM meal_rules WHERE kitchen_id = ?").bind(kitchenId).first();
    const { dinnerWords: _left, ...withoutDinner } = everyList;
    const response = await post("/settings/meal-rules", withoutDinner, { htmx: true });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('<span class="field-error" id="dinnerWords-error">Is required: send it empty to have no entries.</span>');
    expect(await env.DB.prepare("SELECT rules_json FROM meal_rules WHERE kitchen_id = ?").bind(kitchenId).first()).toEqual(before);
  });
});

describe("room categories", () => {
  it("leaves an unticked category out of the counts", async () => {
    const categories = (await env.DB.prepare("SELECT category_id FROM room_categories WHERE kitchen_id = ? ORDER BY category_id").bind(kitchenId).all<{ category_id: string }>()).results;
    expect(categories.length).toBeGreaterThan(1);
    const [excluded, ...kept] = categories.map((c) => c.category_id);
    const body = new URLSearchParams(kept.map((id) => ["include", id]));
    const response = await request(`/k/${SLUG}/settings/categories`, { method: "POST", body, cookie: admin, headers: { origin: ORIGIN } });
    expect(response.status).toBe(303);
    const flags = (await env.DB.prepare("SELECT category_id, include_in_counts FROM room_categories WHERE kitchen_id = ?").bind(kitchenId).all<{ category_id: string; include_in_counts: number }>()).results;
    expect(flags.find((f) => f.category_id === excluded)!.include_in_counts).toBe(0);
    expect(flags.filter((f) => f.include_in_counts === 1).map((f) => f.category_id).sort()).toEqual([...kept].sort());
  });
});

describe("managers", () => {
  it.each(["/settings/newbook", "/settings/newbook/test", "/settings/meal-rules", "/settings/categories", "/settings/sync"])("are refused %s", async (path) => {
    const runsBefore = await countRows("sync_runs");
    const response = await post(path, newbookFields, { cookie: manager });
    expect(response.status).toBe(403);
    expect(await countRows("sync_runs")).toBe(runsBefore);
  });
});

describe("sync JSON endpoints", () => {
  it("POST /api/newbook/sync/historical refuses bad ranges with a reason, running nothing", async () => {
    const { token } = await createApiToken(kitchenId, "admin");
    const runsBefore = await countRows("sync_runs");
    const cases: [unknown, { error: string; field: string }][] = [
      [{}, { error: "date_from is required (YYYY-MM-DD).", field: "date_from" }],
      [[], { error: "body must be a JSON object.", field: "body" }],
      [{ date_from: "2026-02-30", date_to: "2026-03-01" }, { error: "date_from must be a date as YYYY-MM-DD.", field: "date_from" }],
      [{ date_from: "2026-03-02", date_to: "2026-03-01" }, { error: "date_to must not be before the first date.", field: "date_to" }],
      [{ date_from: "2025-01-01", date_to: "2026-03-01" }, { error: "date_to may be at most 365 days after the first date.", field: "date_to" }],
      [{ date_from: 20260101, date_to: "2026-03-01" }, { error: "date_from must be a date as YYYY-MM-DD.", field: "date_from" }],
    ];
    for (const [body, error] of cases) {
      const response = await request("/api/newbook/sync/historical", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await response.json()).toEqual(error);
    }
    const notJson = await request("/api/newbook/sync/historical", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: "{" });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: "The request body could not be read: Malformed JSON in request body.", field: "body" });
    expect(await countRows("sync_runs")).toBe(runsBefore);
  });

  it("POST /api/newbook/sync/upcoming is for admins, answers 202 with the queued run, and the run can be followed", async () => {
    const managerToken = await createApiToken(kitchenId, "manager");
    const refused = await request("/api/newbook/sync/upcoming", { method: "POST", headers: { authorization: `Bearer ${managerToken.token}` } });
    expect(refused.status).toBe(403);

    const { token } = await createApiToken(kitchenId, "admin");
    const response = await request("/api/newbook/sync/upcoming", { method: "POST", headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(202);
    const queued = await response.json<Record<string, unknown>>();
    expect(queued).toMatchObject({ kind: "manual", status: "running", chunks_done: 0, chunks_total: 1 });
    expect(response.headers.get("location")).toBe(`/api/newbook/sync/runs/${queued.id}`);
    expect(Object.keys(queued).sort()).toEqual(
      [
        "api_calls",
        "chunks_done",
        "chunks_total",
        "date_from",
        "date_to",
        "duration_ms",
        "error_message",
        "finished_at",
        "id",
        "kind",
        "records_fetched",
        "rows_written",
        "started_at",
        "status",
        "warnings",
      ].sort(),
    );
    await waitForRunEnd(kitchenId);
    const followed = await request(response.headers.get("location")!, { headers: { authorization: `Bearer ${managerToken.token}` } });
    expect(await followed.json()).toMatchObject({ id: queued.id, status: "success", api_calls: 4, chunks_done: 1 });
  });

  it("GET /api/newbook/sync/logs lists runs newest first, limited, for the caller's kitchen only", async () => {
    const { token } = await createApiToken(kitchenId, "manager");
    const auth = { authorization: `Bearer ${token}` };
    const all = await (await request("/api/newbook/sync/logs", { headers: auth })).json<{ id: number }[]>();
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all.map((r) => r.id)).toEqual([...all.map((r) => r.id)].sort((a, b) => b - a));
    const two = await (await request("/api/newbook/sync/logs?limit=2", { headers: auth })).json<unknown[]>();
    expect(two).toEqual(all.slice(0, 2));
    for (const limit of ["0", "101", "abc"]) {
      expect((await request(`/api/newbook/sync/logs?limit=${limit}`, { headers: auth })).status).toBe(400);
    }
    const other = await createKitchen("logs-other", "Other");
    const otherToken = await createApiToken(other, "admin");
    expect(await (await request("/api/newbook/sync/logs", { headers: { authorization: `Bearer ${otherToken.token}` } })).json()).toEqual([]);
  });
});
