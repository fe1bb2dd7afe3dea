/** A kitchen as every read of its data needs it: which one, its own time zone, and whether it shows guest names. */
export interface Kitchen {
  id: number;
  slug: string;
  name: string;
  timeZone: string;
  showGuestNames: boolean;
}
