// The simulators are part of the product for the demo, but only in a build that carries
// them (SIMULATORS_BUNDLED: npm start and these tests) and only when SIMULATORS is on.
// test/node/production-bundle.test.ts holds that a deployed Worker carries none of them.
import { env } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { NewbookError } from "../../src/newbook/errors";
import { SIMULATOR_CREDENTIALS } from "../../src/newbook/simulator";
import { newbookTransport } from "../../src/newbook/transport";
import { ResosError } from "../../src/resos/errors";
import { RESOS_SIMULATOR_API_KEY } from "../../src/resos/simulator";
import { resosTransport } from "../../src/resos/transport";

function authTest(): Request {
  const { username, password, apiKey, region } = SIMULATOR_CREDENTIALS;
  return new Request("http://localhost/__sim/newbook/rest/auth_test", {
    method: "POST",
    headers: { authorization: `Basic ${btoa(`${username}:${password}`)}`, "content-type": "application/json" },
    body: JSON.stringify({ region, api_key: apiKey }),
  });
}

/**
 * Runs `body` as a build without the simulators would. In the workerd tests the build-time
 * constant is a global of the test runner (vitest's define), so it can be turned off for a
 * moment; in a deployed Worker it is replaced by false when bundling.
 */
async function withoutSimulatorsBundled(body: () => Promise<void>): Promise<void> {
  const constants = globalThis as unknown as { SIMULATORS_BUNDLED: boolean };
  expect(constants.SIMULATORS_BUNDLED).toBe(true);
  constants.SIMULATORS_BUNDLED = false;
  try {
    await body();
  } finally {
    constants.SIMULATORS_BUNDLED = true;
  }
}

describe("the simulator mount", () => {
  it("answers like Newbook under /__sim/newbook when SIMULATORS is on", async () => {
    const response = await app.fetch(authTest(), { ...env, SIMULATORS: "on" }, createExecutionContext());
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ success: "true" });
    const state = await app.fetch(new Request("http://localhost/__sim/newbook/__control/state"), { ...env, SIMULATORS: "on" }, createExecutionContext());
    expect(await state.json()).toMatchObject({ rooms: 30 });
  });

  it("is not there when SIMULATORS is off", async () => {
    const response = await app.fetch(authTest(), { ...env, SIMULATORS: "off" }, createExecutionContext());
    expect(response.status).toBe(404);
    const control = await app.fetch(new Request("http://localhost/__sim/newbook/__control/state"), { ...env, SIMULATORS: "off" }, createExecutionContext());
    expect(control.status).toBe(404);
  });

  it('refuses NEWBOOK_BASE_URL "simulator" when SIMULATORS is off, and passes a real URL through', () => {
    expect(() => newbookTransport("simulator", false)).toThrow(NewbookError);
    expect(newbookTransport("https://api.newbook.cloud/rest", true)).toEqual({ baseUrl: "https://api.newbook.cloud/rest" });
    expect(newbookTransport("simulator", true).fetch).toBeTypeOf("function");
  });

  it('in a build without the simulators, refuses NEWBOOK_BASE_URL "simulator" saying so, whatever SIMULATORS says', async () => {
    const refusal = /NEWBOOK_BASE_URL is "simulator", but the simulators are not part of this build/;
    const inProcess = newbookTransport("simulator", true);
    await withoutSimulatorsBundled(async () => {
      expect(() => newbookTransport("simulator", true)).toThrow(refusal);
      expect(() => newbookTransport("simulator", false)).toThrow(NewbookError);
      await expect(inProcess.fetch!(authTest())).rejects.toThrow(refusal);
      expect(newbookTransport("https://api.newbook.cloud/rest", true)).toEqual({ baseUrl: "https://api.newbook.cloud/rest" });
    });
  });
});

function resosCustomFields(): Request {
  return new Request("http://localhost/__sim/resos/v1/customFields", { headers: { authorization: `Basic ${btoa(`${RESOS_SIMULATOR_API_KEY}:`)}` } });
}

describe("the resOS simulator mount", () => {
  it("answers like resOS under /__sim/resos when SIMULATORS is on, for the demo hotel's restaurant", async () => {
    const response = await app.fetch(resosCustomFields(), { ...env, SIMULATORS: "on" }, createExecutionContext());
    expect(response.status).toBe(200);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(((await response.json()) as { name: string }[]).map((field) => field.name)).toContain("Booking #");
    const state = await app.fetch(new Request("http://localhost/__sim/resos/__control/state"), { ...env, SIMULATORS: "on" }, createExecutionContext());
    expect(await state.json()).toMatchObject({ rooms: 30, seed: 20261121 });
    const refused = await app.fetch(new Request("http://localhost/__sim/resos/v1/bookings"), { ...env, SIMULATORS: "on" }, createExecutionContext());
    expect(refused.status).toBe(401);
  });

  it("takes control requests from tools and this site, never from another site's page", async () => {
    const control = (headers: Record<string, string>) =>
      app.fetch(
        new Request("http://localhost/__sim/resos/__control/faults", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ kind: "500", count: 1 }) }),
        { ...env, SIMULATORS: "on" },
        createExecutionContext(),
      );
    for (const headers of [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }] as Record<string, string>[]) {
      const refused = await control(headers);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ error: expect.stringContaining("did not come from a page of this site") });
    }
    expect((await control({})).status).toBeLessThan(300);
    expect((await control({ origin: "http://localhost" })).status).toBeLessThan(300);
    await app.fetch(new Request("http://localhost/__sim/resos/__control/faults", { method: "DELETE" }), { ...env, SIMULATORS: "on" }, createExecutionContext());
    const newbook = await app.fetch(
      new Request("http://localhost/__sim/newbook/__control/reset", { method: "POST", headers: { origin: "https://evil.example", "content-type": "application/json" }, body: "{}" }),
      { ...env, SIMULATORS: "on" },
      createExecutionContext(),
    );
    expect(newbook.status).toBe(403);
  });

  it("is not there when SIMULATORS is off", async () => {
    expect((await app.fetch(resosCustomFields(), { ...env, SIMULATORS: "off" }, createExecutionContext())).status).toBe(404);
    const control = await app.fetch(new Request("http://localhost/__sim/resos/__control/state"), { ...env, SIMULATORS: "off" }, createExecutionContext());
    expect(control.status).toBe(404);
  });

  it('refuses RESOS_BASE_URL "simulator" when SIMULATORS is off, passes a real URL through, and serves /v1 in process', async () => {
    expect(() => resosTransport("simulator", false)).toThrow(ResosError);
    expect(() => resosTransport("simulator", false)).toThrow(/SIMULATORS is off/);
    expect(resosTransport("https://api.resos.com/v1", true)).toEqual({ baseUrl: "https://api.resos.com/v1" });
    const transport = resosTransport("simulator", true);
    expect(transport.baseUrl).toMatch(/\/v1$/);
    const response = await transport.fetch!(new Request(`${transport.baseUrl}/openingHours?showDeleted=false&onlySpecial=true`, { headers: { authorization: `Basic ${btoa(`${RESOS_SIMULATOR_API_KEY}:`)}` } }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([expect.objectContaining({ special: true, isOpen: false })]);
  });

  it('in a build without the simulators, refuses RESOS_BASE_URL "simulator" saying so', async () => {
    await withoutSimulatorsBundled(async () => {
      expect(() => resosTransport("simulator", true)).toThrow(ResosError);
      expect(() => resosTransport("simulator", true)).toThrow(/RESOS_BASE_URL is "simulator", but the simulators are not part of this build/);
      expect(resosTransport("https://api.resos.com/v1", true)).toEqual({ baseUrl: "https://api.resos.com/v1" });
    });
  });
});
