/**
 * Page titles' terms, kept between queries: the named-page lift
 * (`boostNamedPages` in `sqlite_search.ts`) asks, for every candidate chunk of every
 * query, whether the question names the chunk's page by its whole title, and a page's
 * title is the same for all its chunks and all questions. Analysing it once per
 * (language, title) instead of once per query keeps the text analyzer out of the
 * search's hot path.
 *
 * @module
 */
import { analyze } from "../text/mod.ts";

/** Titles kept by default (a few hundred KB at most). */
export const TITLE_CACHE_SIZE = 2_048;

/** Terms of page titles by language and title, a bounded cache over `lib/text`'s `analyze`. */
export class TitleTerms {
  private readonly cache = new Map<string, readonly string[]>();
  private analyzed = 0;

  /**
   * @param capacity titles kept; the least recently used one leaves first
   * @param analyzeTitle the term function (`lib/text` with the chunk's language)
   */
  constructor(
    private readonly capacity = TITLE_CACHE_SIZE,
    private readonly analyzeTitle: (title: string, lang: string | undefined) => string[] = (
      title,
      lang,
    ) => analyze(title, { lang }),
  ) {}

  /**
   * The terms of `title` in `lang` (detected when null), as `analyze` gives them.
   *
   * @example
   * ```ts
   * import { TitleTerms } from "./title_terms.ts";
   * const titles = new TitleTerms();
   * console.assert(titles.of("The Salt Crown", "en").join(" ") === "salt crown");
   * ```
   */
  of(title: string, lang: string | null | undefined): readonly string[] {
    const key = `${lang ?? "\u0001"}\u0000${title}`;
    const known = this.cache.get(key);
    if (known !== undefined) {
      // Most recently used last, so the oldest key is the first to leave.
      this.cache.delete(key);
      this.cache.set(key, known);
      return known;
    }
    const terms = this.analyzeTitle(title, lang ?? undefined);
    this.analyzed++;
    if (this.cache.size >= this.capacity) {
      this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.set(key, terms);
    return terms;
  }

  /** Titles held, and how many times a title was analysed (cache misses). */
  get stats(): { size: number; analyzed: number } {
    return { size: this.cache.size, analyzed: this.analyzed };
  }
}
