/** Current time as integer epoch seconds (the unit every stored instant uses). */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
