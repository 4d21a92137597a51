// Owns "now" for code that shows time-dependent answers (opening hours): tests pin it to a fixed
// instant so expected results can be written by hand. Production always reads the real clock.
let current: () => Date = () => new Date();

export const now = (): Date => current();

/** Tests only: answers `instant` from now on (pass undefined to restore the real clock). */
export function pinClock(instant: Date | undefined): void {
  current = instant ? () => new Date(instant) : () => new Date();
}
