import { describe, expect, it } from "vitest";
import { isApiPath, safeNextPath } from "../../src/auth/middleware";

describe("safeNextPath", () => {
  it.each([
    ["/k/demo", "/k/demo"],
    ["/k/demo/settings?tab=tokens#top", "/k/demo/settings?tab=tokens#top"],
    ["/k/demo/../demo/settings", "/k/demo/settings"],
  ])("keeps the on-site path %s", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  it.each([undefined, null, "", "k/demo", "https://evil.example/", "//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "/ok\r\nSet-Cookie: x=y", "/.//evil.example/login", "/..//evil.example", "/a/..//evil.example", "/%2e//evil.example", "/./%2fevil.example", "/%2F%2Fevil.example"])(
    "turns %j into /",
    (input) => {
      expect(safeNextPath(input)).toBe("/");
    },
  );
});

describe("isApiPath", () => {
  it("matches /api and what is under it, nothing else", () => {
    expect(["/api", "/api/", "/api/kitchen"].map(isApiPath)).toEqual([true, true, true]);
    expect(["/apiary", "/k/api", "/"].map(isApiPath)).toEqual([false, false, false]);
  });
});
