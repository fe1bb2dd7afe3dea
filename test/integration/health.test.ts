import { describe, expect, it } from "vitest";
import { request } from "./helpers";

describe("GET /healthz", () => {
  it("answers 200 {ok:true} after reaching D1, without a session", async () => {
    const response = await request("/healthz");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ ok: true });
  });
});
