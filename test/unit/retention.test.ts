import { describe, expect, it } from "vitest";
import { keptFrom, nightsToPurge } from "../../src/domain/retention";

describe("keptFrom", () => {
  it("keeps the night exactly retentionDays ago", () => {
    expect(keptFrom("2026-12-02", 90)).toBe("2026-09-03");
    expect(keptFrom("2026-03-01", 1)).toBe("2026-02-28");
    expect(keptFrom("2028-03-01", 1)).toBe("2028-02-29");
  });
});

describe("nightsToPurge", () => {
  it("reaches from the first night stored when nothing was purged before", () => {
    expect(nightsToPurge(null, "2026-09-03")).toEqual({ from: null, before: "2026-09-03" });
  });

  it("clears only the nights the cutoff moved past", () => {
    expect(nightsToPurge("2026-09-03", "2026-09-04")).toEqual({ from: "2026-09-03", before: "2026-09-04" });
  });

  it("has nothing to do when the cutoff has not moved, or moved back (a longer retention)", () => {
    expect(nightsToPurge("2026-09-03", "2026-09-03")).toBeNull();
    expect(nightsToPurge("2026-09-03", "2026-06-01")).toBeNull();
  });
});
