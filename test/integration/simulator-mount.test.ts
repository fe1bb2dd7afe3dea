// The simulator is part of the product for the demo, but only when SIMULATORS is on.
import { env } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { NewbookError } from "../../src/newbook/errors";
import { SIMULATOR_CREDENTIALS } from "../../src/newbook/simulator";
import { newbookTransport } from "../../src/newbook/transport";

function authTest(): Request {
  const { username, password, apiKey, region } = SIMULATOR_CREDENTIALS;
  return new Request("http://localhost/__sim/newbook/rest/auth_test", {
    method: "POST",
    headers: { authorization: `Basic ${btoa(`${username}:${password}`)}`, "content-type": "application/json" },
    body: JSON.stringify({ region, api_key: apiKey }),
  });
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
});
