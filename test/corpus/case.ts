/**
 * One damaged export of the corpus: a copy of the committed sample (data/sample/) with one kind of
 * damage a hand-edited Bitrix24 or Excel export really has. Cases live in `*-cases.ts` beside this
 * file; `make-corpus.ts` writes them all to a folder, and the tests generate the ones they need.
 */
export interface DamageCase {
  /** folder name of the case: kebab-case, unique across the corpus */
  id: string;
  /** what the damage is, in one English sentence */
  description: string;
  /**
   * Writes the damaged data folder: `sampleDir` is data/sample/ (read only), `outDir` an empty
   * folder to fill with the six exports (copied or damaged).
   */
  write(sampleDir: string, outDir: string): void;
}
