// The shared call limiter as a Durable Object in workerd: its slots, its refusals, its
// storage across a restart, and the name it is found by.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { credentialName } from "../../src/crypto/credential-names";
import { FORGET_AFTER_MS, type ApiCallLimiter, type SlotRequest } from "../../src/limits/api-call-limiter";
import { sharedCallSlots } from "../../src/limits/shared-call-slots";
import { CallsAtLimit } from "../../src/net/call-slots";
import { newbookCredentialKey } from "../../src/newbook/client";
import { sha256Hex } from "../../src/auth/tokens";
import { busiestWindow } from "./call-windows";

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);
let limiters = 0;

/** A limiter of its own for each test, its clock set to `nowMs`. */
async function limiterAt(nowMs: number) {
  const stub = env.API_CALL_LIMITER.get(env.API_CALL_LIMITER.idFromName(`test-limiter-${++limiters}`));
  await setClock(stub, nowMs);
  return stub;
}

async function setClock(stub: DurableObjectStub<ApiCallLimiter>, nowMs: number) {
  await runInDurableObject(stub, (instance: ApiCallLimiter) => {
    instance.now = () => nowMs;
  });
}

async function slotsOf(stub: DurableObjectStub<ApiCallLimiter>) {
  return runInDurableObject(stub, (_instance: ApiCallLimiter, state) => state.storage.sql.exec<{ at: number; kitchen_id: number }>("SELECT at, kitchen_id FROM slots ORDER BY at, rowid").toArray());
}

const terms = (kitchenId: number, budgetMs = 60_000): SlotRequest => ({ limit: 5, windowMs: 1000, guardMs: 100, budgetMs, kitchenId });

describe("the call limiter", () => {
  it("hands concurrent callers slots in turn, `limit` per window and guard, each kept before it answers", async () => {
    const stub = await limiterAt(T0);
    const answers = await Promise.all(Array.from({ length: 17 }, (_, i) => stub.reserve(terms(1 + (i % 3)))));
    const waits = answers.map((answer) => ("waitMs" in answer ? answer.waitMs : null)).sort((a, b) => a! - b!);
    expect(waits).toEqual([0, 0, 0, 0, 0, 1100, 1100, 1100, 1100, 1100, 2200, 2200, 2200, 2200, 2200, 3300, 3300]);
    const stored = await slotsOf(stub);
    expect(stored).toHaveLength(17);
    expect(busiestWindow(stored.map((slot) => slot.at), 1000)).toBe(5);
    expect(new Set(stored.map((slot) => slot.kitchen_id))).toEqual(new Set([1, 2, 3]));
  });

  it("refuses a slot past the caller's budget, taking none, and says how many kitchens hold the slots", async () => {
    const stub = await limiterAt(T0);
    for (const kitchenId of [1, 2, 1, 2, 3]) await stub.reserve(terms(kitchenId));
    expect(await stub.reserve(terms(4, 500))).toEqual({ refused: true, retryAfterMs: 1100, kitchens: 4 });
    expect(await stub.reserve(terms(1, 500))).toEqual({ refused: true, retryAfterMs: 1100, kitchens: 3 });
    expect(await slotsOf(stub)).toHaveLength(5);
    expect(await stub.reserve(terms(4))).toEqual({ waitMs: 1100 });
    // A window and a guard later the old slots are forgotten, and so are the kitchens that held them.
    await setClock(stub, T0 + 1100);
    expect(await stub.reserve(terms(5))).toEqual({ waitMs: 0 });
    expect((await slotsOf(stub)).map((slot) => slot.kitchen_id)).toEqual([4, 5]);
  });

  it("keeps its slots in its own storage: a restarted object goes on from them", async () => {
    const stub = await limiterAt(T0);
    for (let i = 0; i < 5; i++) await stub.reserve(terms(1));
    await runInDurableObject(stub, (_instance: ApiCallLimiter, state) => state.abort("restarted by the test")).catch(() => {});
    // A new instance behind a new stub, with nothing in memory: it must still know the five slots.
    const restarted = env.API_CALL_LIMITER.get(stub.id);
    await runInDurableObject(restarted, (instance: ApiCallLimiter) => {
      expect(instance.now()).not.toBe(T0); // the real clock again: not the old instance
    });
    await setClock(restarted, T0 + 300);
    expect(await restarted.reserve(terms(2))).toEqual({ waitMs: 800 });
  });
});

describe("an idle limiter", () => {
  it("forgets slots an hour old by alarm, keeps newer ones, and sets the alarm again while any remain", async () => {
    const alarmOf = (stub: DurableObjectStub<ApiCallLimiter>) => runInDurableObject(stub, (_instance: ApiCallLimiter, state) => state.storage.getAlarm());
    const stub = await limiterAt(T0);
    const before = Date.now();
    await stub.reserve(terms(1));
    await setClock(stub, T0 + 30 * 60 * 1000);
    await stub.reserve(terms(2));
    expect(await alarmOf(stub)).toBeGreaterThanOrEqual(before + FORGET_AFTER_MS);

    await setClock(stub, T0 + FORGET_AFTER_MS);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await slotsOf(stub)).map((slot) => slot.kitchen_id)).toEqual([2]);
    // Set again for when the newest slot is an hour old: half an hour on.
    const again = await alarmOf(stub);
    expect(again).toBeGreaterThan(Date.now() + 29 * 60 * 1000);
    expect(again).toBeLessThanOrEqual(Date.now() + 30 * 60 * 1000);

    await setClock(stub, T0 + 30 * 60 * 1000 + FORGET_AFTER_MS);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await slotsOf(stub)).toEqual([]);
    expect(await alarmOf(stub)).toBeNull();
    // Called again, it counts from nothing and sets the alarm anew.
    expect(await stub.reserve(terms(3))).toEqual({ waitMs: 0 });
    expect(await alarmOf(stub)).not.toBeNull();
  });
});

describe("a limiter that cannot be reached", () => {
  it("lets the call go unpaced, and says so in the log, rather than fail a sync or a connection test", async () => {
    const logged = vi.spyOn(console, "log");
    const unreachable = { idFromName: () => { throw new Error("Durable Object unavailable"); } } as unknown as typeof env.API_CALL_LIMITER;
    const slots = sharedCallSlots({ ...env, API_CALL_LIMITER: unreachable }, { rate: { limit: 1, windowMs: 60_000 }, kitchenId: 903 });
    await expect(slots.acquire(newbookCredentialKey({ username: "u", apiKey: "instances_0" }))).resolves.toBeUndefined();
    expect(logged.mock.calls.map((call) => String(call[0])).some((line) => line.includes('"event":"api_call_limiter_unavailable"') && line.includes('"kitchen_id":903'))).toBe(true);
    logged.mockRestore();
  });
});

describe("a credential's limiter", () => {
  const login = { username: "harbour-group", apiKey: "instances_0123456789abcdef0123456789abcdef" };

  it("is named by an HMAC under CREDENTIALS_KEY: the same in every isolate, never the secret or its plain hash", async () => {
    const name = await credentialName(env.CREDENTIALS_KEY, newbookCredentialKey(login));
    expect(name).toMatch(/^[0-9a-f]{64}$/);
    expect(await credentialName(env.CREDENTIALS_KEY, newbookCredentialKey(login))).toBe(name);
    expect(name).not.toContain(login.username);
    expect(name).not.toContain(login.apiKey.slice("instances_".length));
    expect(name).not.toBe(await sha256Hex(newbookCredentialKey(login)));
    // Another login, or the same one under another CREDENTIALS_KEY, is another name.
    expect(await credentialName(env.CREDENTIALS_KEY, newbookCredentialKey({ ...login, apiKey: `${login.apiKey.slice(0, -1)}0` }))).not.toBe(name);
    expect(await credentialName(btoa("another-key-another-key-32-bytes"), newbookCredentialKey(login))).not.toBe(name);
  });

  it("is one object for the calls of every kitchen on the credential", async () => {
    const kitchenA = sharedCallSlots(env, { rate: { limit: 2, windowMs: 600_000 }, kitchenId: 901, budgetMs: 1000 });
    const kitchenB = sharedCallSlots(env, { rate: { limit: 2, windowMs: 600_000 }, kitchenId: 902, budgetMs: 1000 });
    const credential = newbookCredentialKey(login);
    await kitchenA.acquire(credential);
    await kitchenB.acquire(credential);
    const refusal = await kitchenA.acquire(credential).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(CallsAtLimit);
    expect(refusal).toMatchObject({ kitchens: 2, budgetMs: 1000, rate: { limit: 2, windowMs: 600_000 } });
    // Another credential has its own limiter.
    await kitchenA.acquire(newbookCredentialKey({ ...login, username: "another-login" }));

    const stub = env.API_CALL_LIMITER.get(env.API_CALL_LIMITER.idFromName(await credentialName(env.CREDENTIALS_KEY, credential)));
    expect((await slotsOf(stub)).map((slot) => slot.kitchen_id)).toEqual([901, 902]);
  });
});
