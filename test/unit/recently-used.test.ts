import { describe, expect, it } from "vitest";
import { RecentlyUsed } from "../../src/domain/recently-used";

describe("RecentlyUsed", () => {
  it("drops the least recently used once full; a get counts as a use, a peek does not", () => {
    const recent = new RecentlyUsed<string, number>(2);
    recent.set("a", 1);
    recent.set("b", 2);
    expect(recent.get("a")).toBe(1);
    recent.set("c", 3); // b is the oldest now
    expect([recent.peek("a"), recent.peek("b"), recent.peek("c")]).toEqual([1, undefined, 3]);
    expect(recent.peek("a")).toBe(1);
    recent.set("d", 4); // a was only peeked since c: a goes
    expect([recent.peek("a"), recent.peek("c"), recent.peek("d")]).toEqual([undefined, 3, 4]);
  });

  it("replaces a key's value without growing", () => {
    const recent = new RecentlyUsed<string, number>(1);
    recent.set("a", 1);
    recent.set("a", 2);
    expect(recent.peek("a")).toBe(2);
  });
});
