// What any request may bring: bodies are limited (64 KB is far more than a form or a setting
// needs), refused whole with a readable 413 before anything is read or saved; no page of
// the site may be framed.
import { describe, expect, it, beforeAll } from "vitest";
import { countRows, createApiToken, createKitchen, ORIGIN, request } from "./helpers";

let token: string;

beforeAll(async () => {
  const kitchenId = await createKitchen("limits-inn", "Limits Inn");
  token = (await createApiToken(kitchenId, "admin")).token;
});

const big = (bytes: number) => "x".repeat(bytes);

describe("request bodies", () => {
  it("refuses a 10 MB JSON body with 413 in the API's one error shape, and starts nothing", async () => {
    const runs = await countRows("sync_runs");
    const response = await request("/api/newbook/sync/historical", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ date_from: "2026-12-01", date_to: "2026-12-02", padding: big(10 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/larger than 64 KB.*nothing was read or saved/), field: "body" });
    expect(await countRows("sync_runs")).toBe(runs);
  });

  it("refuses a body sent in chunks, with no length given, once it passes the limit", async () => {
    const chunk = new TextEncoder().encode(big(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await request("/api/newbook/sync/historical", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
      // @ts-expect-error: a streamed request body needs the half-duplex flag
      duplex: "half",
    });
    expect(response.status).toBe(413);
  });

  it("refuses an oversized form with a page that says so", async () => {
    const response = await request("/login", {
      method: "POST",
      headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "a@example.com", password: big(100 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("Too much sent");
  });

  it("reads a body within the limit as before", async () => {
    const response = await request("/api/newbook/sync/historical", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ date_from: "2026-12-02", date_to: "2026-12-01", padding: big(2048) }),
    });
    expect(response.status).toBe(400);
  });
});

describe("framing", () => {
  it("says DENY, as the policy's frame-ancestors 'none' does", async () => {
    const response = await request("/login");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});
