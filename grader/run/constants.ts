/** Values several files of grader/run share (kept here so no two of them import each other). */

/** Slot uids: 61000 + slot, or + k·1000 while another run holds that one (uid-lease.ts). */
export const SLOT_UID_BASE = 61000;

/** The pre-exec helper of every sandbox at the strict and uid levels (enter.pl, run by perl). */
export const ENTER_SCRIPT = new URL('./enter.pl', import.meta.url).pathname;
