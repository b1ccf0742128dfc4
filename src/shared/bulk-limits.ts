// How many entries one bulk action, bulk undo or restore takes: the server refuses more (400), the web UI offers
// no bulk action beyond it.
export const MAX_BULK_IDS = 500;
