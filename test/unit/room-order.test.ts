import { describe, expect, it } from "vitest";
import { compareRoomNames } from "../../src/domain/room-order";

const sorted = (names: string[]) => [...names].sort(compareRoomNames);

describe("compareRoomNames", () => {
  it("orders numbers by value, a suffixed number right after its number", () => {
    expect(sorted(["101", "10A", "2", "10", "1", "10b", "100"])).toEqual(["1", "2", "10", "10A", "10b", "100", "101"]);
  });

  it("compares each run of digits by value inside longer names", () => {
    expect(sorted(["Room 10", "Room 9", "room 100", "Lodge 2", "Room 9a"])).toEqual(["Lodge 2", "Room 9", "Room 9a", "Room 10", "room 100"]);
    expect(sorted(["A-12", "A-2", "B-1", "A-2-3"])).toEqual(["A-2", "A-2-3", "A-12", "B-1"]);
  });

  it("puts pure numbers before names that start with letters", () => {
    expect(sorted(["Garden Suite", "12", "Annex 1", "3"])).toEqual(["3", "12", "Annex 1", "Garden Suite"]);
  });

  it("ignores case, then breaks ties by plain text so input order never matters", () => {
    expect(compareRoomNames("suite", "SUITE")).toBeGreaterThan(0);
    expect(compareRoomNames("SUITE", "suite")).toBeLessThan(0);
    expect(compareRoomNames("Apple", "banana")).toBeLessThan(0);
    expect(sorted(["7", "07", "007"])).toEqual(["007", "07", "7"]);
    expect(sorted(["07", "7", "007"])).toEqual(["007", "07", "7"]);
    expect(compareRoomNames("12", "12")).toBe(0);
  });

  it("compares digit runs too long for a number", () => {
    expect(compareRoomNames("123456789012345678901", "123456789012345678902")).toBe(-1);
    expect(compareRoomNames("99999999999999999999", "100000000000000000000")).toBe(-1);
  });

  it("handles empty names", () => {
    expect(sorted(["1", "", "A"])).toEqual(["", "1", "A"]);
  });
});
