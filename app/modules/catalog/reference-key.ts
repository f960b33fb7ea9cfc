// Product references as buyers type them (issue 10, item 4): "VK-1000", "vk 1000", "vk1000" and "VK–1000" with
// the dash a word processor put in are one reference. SKUs and dealers' part numbers get the same key, in code
// and in SQL (referenceKeySql in queries.server.ts applies the same separators with translate() and upper()).

/** Characters people put between the parts of a reference, or leave out: spaces, dashes, dots, slashes. */
export const REFERENCE_SEPARATORS = ' \u00a0-\u2010\u2011\u2012\u2013\u2014\u2212./_\\'

const separators = new RegExp(`[${REFERENCE_SEPARATORS.replace(/[\\\]^-]/g, (c) => `\\${c}`)}]`, 'g')

/** The comparison key of a SKU or part number: upper case, without separators. */
export function referenceKey(ref: string) {
  return ref.toUpperCase().replace(separators, '')
}
