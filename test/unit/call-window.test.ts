import { describe, expect, it } from "vitest";
import { checkSlotTerms, decideSlot, forgettableUpTo, nextSlotAt, type SlotTerms } from "../../src/net/call-window";
import { callsAtLimitMessage, CallsAtLimit, rateInWords } from "../../src/net/call-slots";
import { busiestWindow } from "../integration/call-windows";

const TERMS: SlotTerms = { limit: 3, windowMs: 1000, guardMs: 100, budgetMs: Number.POSITIVE_INFINITY };

/** A store as the limiter keeps one: slots handed out, ascending, the forgettable ones dropped. */
function store(terms: SlotTerms = TERMS) {
  let taken: number[] = [];
  return {
    ask(nowMs: number, budgetMs = terms.budgetMs) {
      taken = taken.filter((at) => at > forgettableUpTo(nowMs, terms));
      const decision = decideSlot(taken.slice(-terms.limit), nowMs, { ...terms, budgetMs });
      if (decision.ok) taken.push(decision.at);
      return decision;
    },
  };
}

/** Deterministic numbers in [0, 1) for the randomised cases. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe("call slots", () => {
  it("go at once while the window has room", () => {
    const slots = store();
    expect([slots.ask(0), slots.ask(10), slots.ask(20)]).toEqual([
      { ok: true, at: 0, waitMs: 0 },
      { ok: true, at: 10, waitMs: 0 },
      { ok: true, at: 20, waitMs: 0 },
    ]);
  });

  it("past the limit, wait until one spacing (window + guard) after the call `limit` places back", () => {
    const slots = store();
    for (const at of [0, 10, 20]) slots.ask(at);
    expect(slots.ask(30)).toEqual({ ok: true, at: 1100, waitMs: 1070 });
    expect(slots.ask(40)).toEqual({ ok: true, at: 1110, waitMs: 1070 });
    expect(slots.ask(2000)).toEqual({ ok: true, at: 2000, waitMs: 0 }); // the first three are long gone
  });

  it("hand out slots to many callers at once in the order asked, `limit` per spacing", () => {
    const slots = store();
    const answers = Array.from({ length: 8 }, () => slots.ask(500));
    expect(answers.map((answer) => answer.ok && answer.at)).toEqual([500, 500, 500, 1600, 1600, 1600, 2700, 2700]);
  });

  it("never let any window hold more than the limit, whoever asks when (randomised)", () => {
    for (let seed = 1; seed <= 50; seed++) {
      const random = seeded(seed);
      const terms: SlotTerms = { limit: 1 + Math.floor(random() * 8), windowMs: 200 + Math.floor(random() * 2000), guardMs: Math.floor(random() * 300), budgetMs: Number.POSITIVE_INFINITY };
      const slots = store(terms);
      const given: number[] = [];
      let now = 0;
      for (let ask = 0; ask < 200; ask++) {
        now += random() < 0.5 ? 0 : Math.floor(random() * terms.windowMs);
        const answer = slots.ask(now);
        if (!answer.ok) throw new Error("an unlimited budget is never refused");
        expect(answer.at).toBeGreaterThanOrEqual(now);
        given.push(answer.at);
      }
      expect(busiestWindow(given, terms.windowMs + terms.guardMs), `seed ${seed}`).toBeLessThanOrEqual(terms.limit);
    }
  });

  it("keep the limit for calls that reach the API up to a guard late, each by its own delay (randomised)", () => {
    for (let seed = 1; seed <= 50; seed++) {
      const random = seeded(seed * 7919);
      const terms: SlotTerms = { limit: 6, windowMs: 2000, guardMs: 1000, budgetMs: Number.POSITIVE_INFINITY };
      const slots = store(terms);
      const arrivals: number[] = [];
      let now = 0;
      for (let ask = 0; ask < 120; ask++) {
        now += Math.floor(random() * 300);
        const answer = slots.ask(now);
        if (answer.ok) arrivals.push(answer.at + Math.floor(random() * terms.guardMs));
      }
      expect(busiestWindow(arrivals, terms.windowMs), `seed ${seed}`).toBeLessThanOrEqual(terms.limit);
    }
  });

  it("give no slot sooner than it may be: one ms earlier would put limit + 1 calls in a spacing", () => {
    const random = seeded(42);
    const slots = store();
    const given: number[] = [];
    let now = 0;
    for (let ask = 0; ask < 100; ask++) {
      now += Math.floor(random() * 400);
      const answer = slots.ask(now);
      if (!answer.ok) throw new Error("unlimited budget");
      if (answer.waitMs > 0 && answer.at > (given.at(-1) ?? -Infinity)) {
        expect(busiestWindow([...given, answer.at - 1], TERMS.windowMs + TERMS.guardMs)).toBeGreaterThan(TERMS.limit);
      }
      given.push(answer.at);
    }
  });

  it("refuse a slot further away than the caller's budget, with the wait as retry-after, and take nothing", () => {
    const slots = store();
    for (const at of [0, 0, 0]) slots.ask(at);
    expect(slots.ask(100, 1000)).toEqual({ ok: true, at: 1100, waitMs: 1000 }); // exactly the budget: given
    expect(slots.ask(100, 999)).toEqual({ ok: false, retryAfterMs: 1000 });
    expect(slots.ask(100, 0)).toEqual({ ok: false, retryAfterMs: 1000 });
    // The refusals held nothing back: the next patient caller gets the very slot they were refused.
    expect(slots.ask(100)).toEqual({ ok: true, at: 1100, waitMs: 1000 });
  });

  it("read only the newest `limit` slots, and may forget those one spacing old", () => {
    const taken = [0, 50, 400, 900, 1200];
    expect(nextSlotAt(taken, 1300, TERMS)).toBe(nextSlotAt(taken.slice(-3), 1300, TERMS));
    expect(nextSlotAt(taken, 1300, TERMS)).toBe(1500); // 400 (three places back) + 1100
    expect(forgettableUpTo(1300, TERMS)).toBe(200);
    expect(nextSlotAt(taken.filter((at) => at > 200), 1300, TERMS)).toBe(1500);
  });

  it("refuse terms that are not numbers it can count with", () => {
    expect(() => checkSlotTerms({ ...TERMS, limit: 0 })).toThrow(/limit/);
    expect(() => checkSlotTerms({ ...TERMS, limit: 1.5 })).toThrow(/limit/);
    expect(() => checkSlotTerms({ ...TERMS, windowMs: 0 })).toThrow(/windowMs/);
    expect(() => checkSlotTerms({ ...TERMS, guardMs: -1 })).toThrow(/guardMs/);
    expect(() => checkSlotTerms({ ...TERMS, budgetMs: Number.NaN })).toThrow(/budgetMs/);
    expect(() => checkSlotTerms(TERMS)).not.toThrow();
  });
});

describe("busiestWindow (the tests' own count)", () => {
  it("counts calls in windows where a call one window later no longer shares it", () => {
    expect(busiestWindow([], 1000)).toBe(0);
    expect(busiestWindow([0, 999, 1000, 1999], 1000)).toBe(2);
    expect(busiestWindow([5, 0, 3, 2000, 2001], 1000)).toBe(3);
  });
});

describe("a refusal in words", () => {
  it("names the calls, their limit, who shares it and what happened", () => {
    expect(callsAtLimitMessage("Newbook", "login", new CallsAtLimit({ limit: 100, windowMs: 60_000 }, 42_000, 60_000, 3))).toBe(
      "Newbook calls for this login are at their limit of 100 a minute, shared by 3 kitchens: the next free turn is more than 60 s away, so we stopped rather than be refused by Newbook.",
    );
    expect(callsAtLimitMessage("resOS", "API key", new CallsAtLimit({ limit: 4, windowMs: 300_000 }, 250_000, 5_000, 1))).toBe(
      "resOS calls for this API key are at their limit of 4 every 5 minutes, all taken by this kitchen: the next free turn is more than 5 s away, so we stopped rather than be refused by resOS.",
    );
    expect(rateInWords({ limit: 6, windowMs: 2000 })).toBe("6 every 2 s");
  });
});
