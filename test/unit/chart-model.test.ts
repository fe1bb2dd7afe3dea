import { describe, expect, it } from "vitest";
import { addDays, eachDate } from "../../src/domain/dates";
import type { ChartDayTotals, ChartInput, ChartNight, ChartRoom } from "../../src/db/chart-read-model";
import { buildResidentsChart, type ChartRow, type StayBar } from "../../src/views/chart/chart-model";
import { chartBodyHtml } from "../../src/views/chart/grid-html";
import { groupWords } from "../../src/views/chart/stay-panel";
import { residentsChartJson } from "../../src/views/json/residents-chart-json";

// The window: five nights, Monday 2 March to Friday 6 March 2026.
const START = "2026-03-02";
const DATES = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"];

function room(siteId: string, name: string): ChartRoom {
  return { siteId, name, categoryId: "3", categoryName: "Double" };
}

const ROOMS = [room("s2", "2"), room("s10", "10"), room("s10a", "10A")];

function night(overrides: Partial<ChartNight>): ChartNight {
  return {
    night: "2026-03-02",
    bookingId: "1",
    siteId: "s2",
    roomName: "2",
    groupId: null,
    leadFirstName: "Ada",
    leadLastName: "Lovelace",
    adults: 2,
    children: 0,
    infants: 0,
    dinner: false,
    breakfast: false,
    package: false,
    arrival: "2026-03-02",
    departure: "2026-03-03",
    referenceId: null,
    leadEmail: null,
    leadPhone: null,
    ...overrides,
  };
}

/** Every night of a stay, from arrival to the night before departure. */
function stay(bookingId: string, siteId: string | null, arrival: string, departure: string, overrides: Partial<ChartNight> = {}): ChartNight[] {
  return eachDate(arrival, addDays(departure, -1)).map((date) => night({ night: date, bookingId, siteId, arrival, departure, ...overrides }));
}

function input(overrides: Partial<ChartInput>): ChartInput {
  return { start: START, nights: 5, rooms: ROOMS, roomNights: [], totals: [], showNames: true, restaurant: null, ...overrides };
}

function rowByKey(rows: ChartRow[], key: string): ChartRow {
  const row = rows.find((candidate) => candidate.key === key);
  if (row === undefined) throw new Error(`no row ${key}`);
  return row;
}

function barsOf(row: ChartRow): StayBar[] {
  return row.cells.flatMap((cell) => (cell.type === "stay" ? [cell.bar] : []));
}

/** A row drawn as text: "." for a vacant night, then the booking id once per night of its bar. */
function sketch(row: ChartRow): string {
  return row.cells.map((cell) => (cell.type === "vacant" ? "." : cell.bar.bookingId.repeat(cell.bar.span))).join("");
}

const vacant = (date: string) => ({ type: "vacant" as const, date });
const plain = (date: string) => ({ date, dinner: false, breakfast: false, package: false, tables: [], noDinnerTable: false });

describe("buildResidentsChart: dates and rows", () => {
  it("shows every room in the given order with a vacant cell for each night", () => {
    const chart = buildResidentsChart(input({}));
    expect(chart.dates).toEqual(DATES);
    expect(chart.rows).toEqual([
      { key: "s2", label: "2", siteId: "s2", kind: "room", cells: DATES.map(vacant) },
      { key: "s10", label: "10", siteId: "s10", kind: "room", cells: DATES.map(vacant) },
      { key: "s10a", label: "10A", siteId: "s10a", kind: "room", cells: DATES.map(vacant) },
    ]);
  });

  it("keeps the input order of rooms rather than sorting them again", () => {
    const chart = buildResidentsChart(input({ rooms: [room("b", "Garden"), room("a", "1")], nights: 1 }));
    expect(chart.rows.map((row) => row.key)).toEqual(["b", "a"]);
  });

  it("crosses a month end and gives one date per night asked for", () => {
    expect(buildResidentsChart(input({ start: "2026-02-27", nights: 3 })).dates).toEqual(["2026-02-27", "2026-02-28", "2026-03-01"]);
    expect(buildResidentsChart(input({ nights: 1 })).dates).toEqual(["2026-03-02"]);
    expect(buildResidentsChart(input({ nights: 30 })).dates).toHaveLength(30);
  });

  it("rejects a window with no whole positive number of nights or a malformed start", () => {
    expect(() => buildResidentsChart(input({ nights: 0 }))).toThrow(RangeError);
    expect(() => buildResidentsChart(input({ nights: 2.5 }))).toThrow(RangeError);
    expect(() => buildResidentsChart(input({ start: "2026-02-30" }))).toThrow(RangeError);
    expect(() => residentsChartJson(input({ nights: -1 }))).toThrow(RangeError);
  });

  it("puts stays in rooms the rooms list does not know after the known rooms, in natural order", () => {
    const chart = buildResidentsChart(
      input({
        rooms: [room("s2", "2")],
        roomNights: [
          ...stay("7", "s99", "2026-03-03", "2026-03-04", { roomName: "12" }),
          ...stay("8", "s50", "2026-03-02", "2026-03-03", { roomName: null }),
          ...stay("9", "s98", "2026-03-04", "2026-03-05", { roomName: "3" }),
        ],
      }),
    );
    expect(chart.rows.map((row) => [row.key, row.label, row.kind, sketch(row)])).toEqual([
      ["s2", "2", "room", "....."],
      ["s98", "3", "room", "..9.."],
      ["s99", "12", "room", ".7..."],
      ["s50", "s50", "room", "8...."],
    ]);
  });
});

describe("buildResidentsChart: stay bars", () => {
  it("draws a stay crossing both edges as one bar with its true dates and both arrows", () => {
    const chart = buildResidentsChart(input({ roomNights: stay("41", "s10", "2026-02-27", "2026-03-10", { groupId: null, adults: 2, children: 1 }) }));
    const row = rowByKey(chart.rows, "s10");
    expect(row.cells).toHaveLength(1);
    expect(row.cells[0]).toEqual({
      type: "stay",
      bar: {
        bookingId: "41",
        groupId: null,
        startIndex: 0,
        span: 5,
        arrival: "2026-02-27",
        departure: "2026-03-10",
        nightsTotal: 11,
        continuesBefore: true,
        continuesAfter: true,
        arrivesInWindow: false,
        departsInWindow: false,
        label: "Lovelace",
        pax: "2+1",
        guests: 3,
        nights: DATES.map(plain),
        groupColor: null,
      },
    });
  });

  it("marks an arrival on the window's first day with no arrow before it", () => {
    const [bar] = barsOf(rowByKey(buildResidentsChart(input({ roomNights: stay("5", "s2", "2026-03-02", "2026-03-04") })).rows, "s2"));
    expect(bar).toMatchObject({ startIndex: 0, span: 2, continuesBefore: false, arrivesInWindow: true, departsInWindow: true, continuesAfter: false, nightsTotal: 2 });
  });

  it("marks a departure on the day after the last date as in the window, with no arrow after it", () => {
    const [bar] = barsOf(rowByKey(buildResidentsChart(input({ roomNights: stay("5", "s2", "2026-03-05", "2026-03-07") })).rows, "s2"));
    expect(bar).toMatchObject({ startIndex: 3, span: 2, arrivesInWindow: true, departsInWindow: true, continuesAfter: false, continuesBefore: false });
  });

  it("draws an arrow after when the stay sleeps past the last date", () => {
    const [bar] = barsOf(rowByKey(buildResidentsChart(input({ roomNights: stay("5", "s2", "2026-03-05", "2026-03-08") })).rows, "s2"));
    expect(bar).toMatchObject({ startIndex: 3, span: 2, departsInWindow: false, continuesAfter: true, nightsTotal: 3 });
  });

  it("leaves vacant cells around a stay in the middle of the window", () => {
    const row = rowByKey(buildResidentsChart(input({ roomNights: stay("5", "s2", "2026-03-03", "2026-03-05") })).rows, "s2");
    expect(row.cells.map((cell) => (cell.type === "vacant" ? cell.date : `${cell.bar.bookingId}x${cell.bar.span}`))).toEqual([
      "2026-03-02",
      "5x2",
      "2026-03-05",
      "2026-03-06",
    ]);
  });

  it("puts a same-day turnover in one row as two adjacent bars", () => {
    const chart = buildResidentsChart(
      input({ roomNights: [...stay("21", "s2", "2026-03-04", "2026-03-06"), ...stay("20", "s2", "2026-03-01", "2026-03-04")] }),
    );
    expect(chart.rows.filter((row) => row.siteId === "s2").map(sketch)).toEqual(["20202121."]);
    const [first, second] = barsOf(rowByKey(chart.rows, "s2"));
    expect([first?.bookingId, first?.startIndex, first?.span, first?.departsInWindow]).toEqual(["20", 0, 2, true]);
    expect([second?.bookingId, second?.startIndex, second?.span, second?.arrivesInWindow]).toEqual(["21", 2, 2, true]);
  });

  it("gives a double-booked room extra lanes, by arrival then booking id, reusing a lane once it is free", () => {
    const chart = buildResidentsChart(
      input({
        roomNights: [
          ...stay("12", "s10", "2026-03-03", "2026-03-05"),
          ...stay("11", "s10", "2026-03-03", "2026-03-04"),
          ...stay("9", "s10", "2026-03-02", "2026-03-04"),
          ...stay("13", "s10", "2026-03-04", "2026-03-07"),
        ],
      }),
    );
    expect(chart.rows.map((row) => [row.key, row.label, sketch(row)])).toEqual([
      ["s2", "2", "....."],
      ["s10", "10", "99131313"],
      ["s10#2", "10", ".11..."],
      ["s10#3", "10", ".1212.."],
      ["s10a", "10A", "....."],
    ]);
    expect(rowByKey(chart.rows, "s10#2")).toMatchObject({ siteId: "s10", kind: "room" });
  });

  it("fits a bar into a lane ahead of a later bar placed there first", () => {
    // Booking 4 arrived first but only its last two nights are stored, so it is placed first at the right end.
    const partial = stay("4", "s2", "2026-02-27", "2026-03-07").filter((entry) => entry.night >= "2026-03-05");
    const chart = buildResidentsChart(input({ roomNights: [...stay("6", "s2", "2026-03-02", "2026-03-05"), ...partial] }));
    expect(chart.rows.filter((row) => row.siteId === "s2").map(sketch)).toEqual(["66644"]);
  });

  it("accepts stored nights in any order", () => {
    const nights = stay("8", "s2", "2026-03-02", "2026-03-07", { dinner: true }).filter((entry) => entry.night !== "2026-03-04");
    const shuffled = [nights[2], nights[0], nights[3], nights[1]].filter((entry) => entry !== undefined);
    const bars = barsOf(rowByKey(buildResidentsChart(input({ roomNights: shuffled })).rows, "s2"));
    expect(bars.map((bar) => [bar.startIndex, bar.span, bar.nights.map((entry) => entry.date).join(",")])).toEqual([
      [0, 2, "2026-03-02,2026-03-03"],
      [3, 2, "2026-03-05,2026-03-06"],
    ]);
    const json = residentsChartJson(input({ roomNights: shuffled }));
    expect(json.rooms[0]?.bookings[0]?.nights).toEqual(["2026-03-02", "2026-03-03", "2026-03-05", "2026-03-06"]);
  });

  it("splits a booking whose stored nights have a gap into separate bars without false markers", () => {
    const nights = stay("30", "s2", "2026-03-02", "2026-03-07").filter((entry) => entry.night !== "2026-03-04");
    const row = rowByKey(buildResidentsChart(input({ roomNights: nights })).rows, "s2");
    expect(row.cells.map((cell) => (cell.type === "vacant" ? "." : `${cell.bar.startIndex}+${cell.bar.span}`))).toEqual(["0+2", ".", "3+2"]);
    const [before, after] = barsOf(row);
    expect([before?.arrivesInWindow, before?.departsInWindow, before?.continuesAfter]).toEqual([true, false, false]);
    expect([after?.arrivesInWindow, after?.departsInWindow, after?.continuesBefore]).toEqual([false, true, false]);
    expect([before?.nightsTotal, after?.nightsTotal, after?.arrival]).toEqual([5, 5, "2026-03-02"]);
  });

  it("draws no arrow or marker on a bar that stops short of the window's edges, though the stay runs past them", () => {
    const nights = stay("40", "s2", "2026-02-27", "2026-03-10").filter((entry) => entry.night !== "2026-03-02" && entry.night !== "2026-03-06");
    const row = rowByKey(buildResidentsChart(input({ roomNights: nights })).rows, "s2");
    expect(sketch(row)).toBe(".404040.");
    expect(barsOf(row)[0]).toMatchObject({ startIndex: 1, span: 3, continuesBefore: false, continuesAfter: false, arrivesInWindow: false, departsInWindow: false });
  });

  it("draws a booking that moves room as one bar in each room", () => {
    const nights = stay("31", "s2", "2026-03-02", "2026-03-06").map((entry) => (entry.night >= "2026-03-04" ? { ...entry, siteId: "s10", roomName: "10" } : entry));
    const chart = buildResidentsChart(input({ roomNights: nights }));
    expect(chart.rows.map(sketch)).toEqual(["3131...", "..3131.", "....."]);
  });

  it("counts a repeated stored night once", () => {
    const nights = stay("5", "s2", "2026-03-02", "2026-03-04");
    const chart = buildResidentsChart(input({ roomNights: [...nights, night({ night: "2026-03-03", bookingId: "5", arrival: "2026-03-02", departure: "2026-03-04" })] }));
    expect(chart.rows.map(sketch)).toEqual(["55...", ".....", "....."]);
    expect(chart.summary.roomNights).toBe(2);
  });

  it("shows per-night badges, dinner on some nights only", () => {
    const nights = stay("5", "s2", "2026-03-02", "2026-03-05", { breakfast: true }).map((entry) =>
      entry.night === "2026-03-03" ? { ...entry, dinner: true, package: true } : entry,
    );
    const [bar] = barsOf(rowByKey(buildResidentsChart(input({ roomNights: nights })).rows, "s2"));
    expect(bar?.nights).toEqual([
      { date: "2026-03-02", dinner: false, breakfast: true, package: false, tables: [], noDinnerTable: false },
      { date: "2026-03-03", dinner: true, breakfast: true, package: true, tables: [], noDinnerTable: false },
      { date: "2026-03-04", dinner: false, breakfast: true, package: false, tables: [], noDinnerTable: false },
    ]);
  });

  it("writes pax as adults, +children, then +infants", () => {
    const pax = (adults: number, children: number, infants: number) => {
      const chart = buildResidentsChart(input({ roomNights: [night({ adults, children, infants })] }));
      const [bar] = barsOf(rowByKey(chart.rows, "s2"));
      return [bar?.pax, bar?.guests];
    };
    expect(pax(2, 0, 0)).toEqual(["2", 2]);
    expect(pax(2, 1, 0)).toEqual(["2+1", 3]);
    expect(pax(2, 1, 1)).toEqual(["2+1 +1 inf", 4]);
    expect(pax(1, 0, 2)).toEqual(["1 +2 inf", 3]);
  });
});

describe("buildResidentsChart: unallocated bookings", () => {
  it("gives each unallocated booking its own row after every room, by arrival then booking id", () => {
    const chart = buildResidentsChart(
      input({
        rooms: [room("s2", "2")],
        roomNights: [
          ...stay("102", null, "2026-03-03", "2026-03-05", { roomName: null }),
          ...stay("101", null, "2026-03-03", "2026-03-06", { roomName: null }),
          ...stay("9", null, "2026-03-04", "2026-03-05", { roomName: null }),
          ...stay("77", "s77", "2026-03-02", "2026-03-03", { roomName: "77" }),
        ],
      }),
    );
    expect(chart.rows.map((row) => [row.key, row.label, row.siteId, row.kind, sketch(row)])).toEqual([
      ["s2", "2", "s2", "room", "....."],
      ["s77", "77", "s77", "room", "77...."],
      ["unallocated:101", "Unallocated", null, "unallocated", ".101101101."],
      ["unallocated:102", "Unallocated", null, "unallocated", ".102102.."],
      ["unallocated:9", "Unallocated", null, "unallocated", "..9.."],
    ]);
  });

  it("keeps a gap-split unallocated booking on one row", () => {
    const nights = stay("50", null, "2026-03-02", "2026-03-06").filter((entry) => entry.night !== "2026-03-03");
    const chart = buildResidentsChart(input({ rooms: [], roomNights: nights }));
    expect(chart.rows.map((row) => [row.key, sketch(row)])).toEqual([["unallocated:50", "50.5050."]]);
  });
});

describe("buildResidentsChart: group colours", () => {
  it("gives bookings of one group one colour, numbering groups in numeric order and wrapping after eight", () => {
    const groups = ["100", "9", "10", "2", "3", "4", "5", "6", "7"];
    const rooms = groups.map((groupId) => room(`g${groupId}`, groupId));
    const nights = [
      ...groups.map((groupId) => night({ bookingId: `b${groupId}`, siteId: `g${groupId}`, groupId })),
      night({ bookingId: "b10-second", siteId: "g10", night: "2026-03-03", arrival: "2026-03-03", departure: "2026-03-04", groupId: "10" }),
      night({ bookingId: "lone", siteId: "g2", night: "2026-03-04", arrival: "2026-03-04", departure: "2026-03-05", groupId: null }),
    ];
    const chart = buildResidentsChart(input({ rooms, roomNights: nights }));
    const colours = Object.fromEntries(chart.rows.flatMap(barsOf).map((bar) => [bar.bookingId, bar.groupColor]));
    expect(colours).toEqual({ b2: 0, lone: null, b3: 1, b4: 2, b5: 3, b6: 4, b7: 5, b9: 6, b10: 7, "b10-second": 7, b100: 0 });
  });

  it("numbers only the groups present in the window, so colours do not depend on nights outside it", () => {
    const nights = [
      night({ bookingId: "1", groupId: "5" }),
      night({ bookingId: "0", siteId: "s10", groupId: "1", night: "2026-02-20", arrival: "2026-02-20", departure: "2026-02-21" }),
      night({ bookingId: "2", siteId: "s10", groupId: "8" }),
    ];
    const chart = buildResidentsChart(input({ roomNights: nights }));
    expect(chart.rows.flatMap(barsOf).map((bar) => [bar.bookingId, bar.groupId, bar.groupColor])).toEqual([
      ["1", "5", 0],
      ["2", "8", 1],
    ]);
  });
});

describe("buildResidentsChart: guest names", () => {
  const labelOf = (showNames: boolean, overrides: Partial<ChartNight>) =>
    barsOf(rowByKey(buildResidentsChart(input({ showNames, roomNights: [night(overrides)] })).rows, "s2"))[0]?.label;

  it('shows "Guest" whenever names are hidden', () => {
    expect(labelOf(false, {})).toBe("Guest");
    expect(labelOf(false, { leadLastName: null })).toBe("Guest");
  });

  it("shows the surname, else the first name, else Guest", () => {
    expect(labelOf(true, {})).toBe("Lovelace");
    expect(labelOf(true, { leadLastName: null })).toBe("Ada");
    expect(labelOf(true, { leadLastName: "  " })).toBe("Ada");
    expect(labelOf(true, { leadLastName: null, leadFirstName: null })).toBe("Guest");
    expect(labelOf(true, { leadLastName: "", leadFirstName: "" })).toBe("Guest");
  });

  it("returns a name with markup untouched: escaping is the view's job", () => {
    expect(labelOf(true, { leadLastName: `<script>alert("x")</script> & O'Neil` })).toBe(`<script>alert("x")</script> & O'Neil`);
  });
});

describe("buildResidentsChart: footer and summary", () => {
  function totals(date: string, overrides: Partial<ChartDayTotals> = {}): ChartDayTotals {
    return { date, roomsAvailable: 10, roomsOccupied: 4, guests: 7, dinnerGuests: 3, breakfastGuests: 6, arrivals: 2, departures: 1, occupancyPct: 40, ...overrides };
  }

  it("maps each date's totals, breakfast counted for the next morning, and zeros a missing date", () => {
    const chart = buildResidentsChart(
      input({
        nights: 3,
        totals: [totals("2026-03-04", { roomsOccupied: 9, guests: 15, dinnerGuests: 8, breakfastGuests: 14, arrivals: 5, departures: 0 }), totals("2026-03-02"), totals("2026-03-09")],
      }),
    );
    expect(chart.footer).toEqual([
      { date: "2026-03-02", synced: true, occupied: 4, available: 10, guests: 7, dinnerGuests: 3, breakfastNextMorning: 6, arrivals: 2, departures: 1, restaurant: null },
      { date: "2026-03-03", synced: false, occupied: 0, available: 0, guests: 0, dinnerGuests: 0, breakfastNextMorning: 0, arrivals: 0, departures: 0, restaurant: null },
      { date: "2026-03-04", synced: true, occupied: 9, available: 10, guests: 15, dinnerGuests: 8, breakfastNextMorning: 14, arrivals: 5, departures: 0, restaurant: null },
    ]);
  });

  it("tells the nights never synced apart: shaded in the grid, no numbers in the footer, false in the JSON", () => {
    const chartInput = input({ nights: 3, totals: [totals("2026-03-02"), totals("2026-03-04")], roomNights: stay("1", "s2", "2026-03-02", "2026-03-03") });
    const chart = buildResidentsChart(chartInput);
    expect(chart.summary.unsyncedDates).toEqual(["2026-03-03"]);
    // Occupancy over the synced nights only: 8 of 20, not 8 of an imagined 30.
    expect(chart.summary.occupancyPct).toBe(40);
    const html = chartBodyHtml(chart, "k");
    const footerRooms = /<tr><th scope="row" class="room">Rooms<\/th>(.*?)<\/tr>/.exec(html)?.[1];
    expect(footerRooms).toBe('<td>4/10</td><td class="unsynced">-</td><td>4/10</td>');
    // Each room's row shades the unsynced night's empty cell.
    expect(html.match(/<td class="unsynced"><\/td>/g)).toHaveLength(ROOMS.length);
    expect(residentsChartJson(chartInput).nights).toEqual({ "2026-03-02": { synced: true }, "2026-03-03": { synced: false }, "2026-03-04": { synced: true } });
  });

  it("summarises rooms, the window's bookings and room nights, and occupancy over the window's totals", () => {
    const chart = buildResidentsChart(
      input({
        roomNights: [
          ...stay("1", "s2", "2026-03-01", "2026-03-04"),
          ...stay("2", "s10", "2026-03-05", "2026-03-09"),
          ...stay("3", null, "2026-03-03", "2026-03-04"),
          ...stay("4", "s10a", "2026-02-20", "2026-02-25"),
        ],
        totals: [
          totals("2026-03-02", { roomsAvailable: 3, roomsOccupied: 1 }),
          totals("2026-03-03", { roomsAvailable: 3, roomsOccupied: 2 }),
          totals("2026-03-04", { roomsAvailable: 3, roomsOccupied: 0 }),
          totals("2026-03-05", { roomsAvailable: 3, roomsOccupied: 1 }),
          totals("2026-03-07", { roomsAvailable: 3, roomsOccupied: 3 }),
        ],
      }),
    );
    // Nights in the window: booking 1 on 2 and 3 March, booking 2 on 5 and 6, booking 3 on 3.
    // Occupancy: 4 occupied of 12 available (6 March has no totals; 7 March is outside).
    expect(chart.summary).toMatchObject({ rooms: 3, bookings: 3, roomNights: 5, occupancyPct: 33.3, nightsWithTable: null, coveragePct: null });
  });

  it("rounds occupancy to one decimal and gives null when nothing is available", () => {
    const seven = buildResidentsChart(input({ nights: 1, totals: [totals("2026-03-02", { roomsAvailable: 9, roomsOccupied: 7 })] }));
    expect(seven.summary.occupancyPct).toBe(77.8);
    const none = buildResidentsChart(input({ rooms: [], totals: [totals("2026-03-02", { roomsAvailable: 0, roomsOccupied: 0 })] }));
    expect(none.summary).toMatchObject({ rooms: 0, bookings: 0, roomNights: 0, occupancyPct: null, nightsWithTable: null, coveragePct: null });
  });
});

describe("buildResidentsChart: window clipping", () => {
  it("ignores stored nights before and after the window", () => {
    const chart = buildResidentsChart(
      input({
        nights: 2,
        roomNights: [
          ...stay("1", "s2", "2026-02-26", "2026-03-06"),
          ...stay("2", "s10", "2026-03-04", "2026-03-06"),
          ...stay("3", null, "2026-02-28", "2026-03-02"),
        ],
      }),
    );
    expect(chart.rows.map((row) => [row.key, sketch(row)])).toEqual([
      ["s2", "11"],
      ["s10", ".."],
      ["s10a", ".."],
    ]);
    const [bar] = barsOf(rowByKey(chart.rows, "s2"));
    expect(bar).toMatchObject({ startIndex: 0, span: 2, arrival: "2026-02-26", departure: "2026-03-06", nightsTotal: 8, continuesBefore: true, continuesAfter: true });
    expect(bar?.nights.map((entry) => entry.date)).toEqual(["2026-03-02", "2026-03-03"]);
    expect(chart.summary).toMatchObject({ bookings: 1, roomNights: 2 });
  });

  it("lays out 200 rooms over 30 nights with every night drawn once", () => {
    const rooms = Array.from({ length: 200 }, (_, index) => room(`s${index}`, String(index + 1)));
    const roomNights = rooms.flatMap((entry, index) => [
      ...stay(`a${index}`, entry.siteId, "2026-02-25", "2026-03-12", { groupId: String(index % 12) }),
      ...stay(`b${index}`, entry.siteId, "2026-03-12", "2026-03-20"),
      ...stay(`c${index}`, entry.siteId, "2026-03-22", "2026-04-05"),
    ]);
    const chart = buildResidentsChart(input({ nights: 30, rooms, roomNights }));
    expect(chart.rows).toHaveLength(200);
    expect(chart.rows.every((row) => row.cells.length === 5)).toBe(true);
    expect(chart.rows.every((row) => row.cells.reduce((total, cell) => total + (cell.type === "vacant" ? 1 : cell.bar.span), 0) === 30)).toBe(true);
    expect(chart.summary).toMatchObject({ rooms: 200, bookings: 600, roomNights: 200 * (10 + 8 + 10), occupancyPct: null, nightsWithTable: null, coveragePct: null });
  });
});

describe("residentsChartJson", () => {
  const nights = [
    ...stay("12", "s10", "2026-03-01", "2026-03-04", { groupId: "7", adults: 2, children: 1, infants: 1 }).map((entry) =>
      entry.night === "2026-03-03" ? { ...entry, dinner: true, breakfast: true } : entry,
    ),
    ...stay("13", "s10", "2026-03-03", "2026-03-05", { leadFirstName: null, leadLastName: "<b>Byron</b>", package: true, breakfast: true }),
    ...stay("14", "s77", "2026-03-04", "2026-03-05", { roomName: "77", leadFirstName: null, leadLastName: null, adults: 1 }),
    ...stay("15", null, "2026-03-02", "2026-03-04", { roomName: null, leadFirstName: "Mary ", leadLastName: null }),
  ];

  it("gives the seed system's shape: rooms with lanes merged, unallocated bookings on their own", () => {
    const json = residentsChartJson(input({ nights: 3, rooms: [room("s2", "2"), room("s10", "10")], roomNights: nights, totals: [] }));
    expect(json).toEqual({
      start_date: "2026-03-02",
      end_date: "2026-03-04",
      dates: ["2026-03-02", "2026-03-03", "2026-03-04"],
      rooms: [
        { room_number: "2", bookings: [] },
        {
          room_number: "10",
          bookings: [
            {
              booking_id: "12",
              bookings_group_id: "7",
              check_in: "2026-03-01",
              check_out: "2026-03-04",
              nights: ["2026-03-02", "2026-03-03"],
              guest_name: "Ada Lovelace",
              adults: 2,
              children: 1,
              infants: 1,
              is_dbb: true,
              is_package: false,
              night_flags: {
                "2026-03-02": { dinner: false, breakfast: false, package: false },
                "2026-03-03": { dinner: true, breakfast: true, package: false },
              },
              restaurant_bookings: {},
            },
            {
              booking_id: "13",
              bookings_group_id: null,
              check_in: "2026-03-03",
              check_out: "2026-03-05",
              nights: ["2026-03-03", "2026-03-04"],
              guest_name: "<b>Byron</b>",
              adults: 2,
              children: 0,
              infants: 0,
              is_dbb: false,
              is_package: true,
              night_flags: {
                "2026-03-03": { dinner: false, breakfast: true, package: true },
                "2026-03-04": { dinner: false, breakfast: true, package: true },
              },
              restaurant_bookings: {},
            },
          ],
        },
        {
          room_number: "77",
          bookings: [
            {
              booking_id: "14",
              bookings_group_id: null,
              check_in: "2026-03-04",
              check_out: "2026-03-05",
              nights: ["2026-03-04"],
              guest_name: null,
              adults: 1,
              children: 0,
              infants: 0,
              is_dbb: false,
              is_package: false,
              night_flags: { "2026-03-04": { dinner: false, breakfast: false, package: false } },
              restaurant_bookings: {},
            },
          ],
        },
        {
          room_number: null,
          bookings: [
            {
              booking_id: "15",
              bookings_group_id: null,
              check_in: "2026-03-02",
              check_out: "2026-03-04",
              nights: ["2026-03-02", "2026-03-03"],
              guest_name: "Mary",
              adults: 2,
              children: 0,
              infants: 0,
              is_dbb: false,
              is_package: false,
              night_flags: {
                "2026-03-02": { dinner: false, breakfast: false, package: false },
                "2026-03-03": { dinner: false, breakfast: false, package: false },
              },
              restaurant_bookings: {},
            },
          ],
        },
      ],
      summary: { total_rooms: 2, total_bookings: 4, total_room_nights: 7, occupancy_percentage: null, nights_with_restaurant: null, coverage_percentage: null },
      restaurant_connected: false,
      nights: { "2026-03-02": { synced: false }, "2026-03-03": { synced: false }, "2026-03-04": { synced: false } },
    });
  });

  it("hides every guest name unless names are shown", () => {
    const json = residentsChartJson(input({ nights: 3, roomNights: nights, showNames: false }));
    expect(json.rooms.flatMap((entry) => entry.bookings.map((booking) => [booking.booking_id, booking.guest_name]))).toEqual([
      ["12", null],
      ["13", null],
      ["14", null],
      ["15", null],
    ]);
  });

  it("lists a gap-split booking once with its shown nights, and matches the chart's summary", () => {
    const split = stay("30", "s2", "2026-03-02", "2026-03-07").filter((entry) => entry.night !== "2026-03-04");
    const totals: ChartDayTotals[] = DATES.map((date) => ({ date, roomsAvailable: 3, roomsOccupied: 1, guests: 2, dinnerGuests: 0, breakfastGuests: 0, arrivals: 0, departures: 0, occupancyPct: 33.3 }));
    const json = residentsChartJson(input({ roomNights: split, totals }));
    expect(json.rooms.map((entry) => [entry.room_number, entry.bookings.map((booking) => [booking.booking_id, booking.nights.join(",")])])).toEqual([
      ["2", [["30", "2026-03-02,2026-03-03,2026-03-05,2026-03-06"]]],
      ["10", []],
      ["10A", []],
    ]);
    expect(json.summary).toEqual({ total_rooms: 3, total_bookings: 1, total_room_nights: 4, occupancy_percentage: 33.3, nights_with_restaurant: null, coverage_percentage: null });
    expect(buildResidentsChart(input({ roomNights: split, totals })).summary).toMatchObject({ rooms: 3, bookings: 1, roomNights: 4, occupancyPct: 33.3, nightsWithTable: null, coveragePct: null });
  });
});

describe("groupWords", () => {
  it("names a group by its size and rooms, in room order, each room once", () => {
    const rooms = [
      { bookingId: "3", roomName: "10" },
      { bookingId: "1", roomName: "4" },
      { bookingId: "2", roomName: "5" },
      { bookingId: "2", roomName: "5" },
    ];
    expect(groupWords("G55", rooms)).toBe("group of 3: rooms 4, 5, 10");
  });

  it("counts a booking without a room, and falls back to the group's id when it is alone", () => {
    expect(groupWords("G55", [{ bookingId: "1", roomName: "4" }, { bookingId: "2", roomName: null }])).toBe("group of 2: room 4");
    expect(groupWords("G55", [{ bookingId: "1", roomName: "4" }])).toBe("group G55");
  });
});
