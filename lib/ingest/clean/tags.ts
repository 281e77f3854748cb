/**
 * Element names by the part they play in Markdown.
 *
 * @module
 */

/** Elements whose content never becomes Markdown. */
export const SKIPPED_TAGS = new Set(
  `
  script style noscript template svg canvas iframe object embed button input select option
  textarea head title meta link audio video source track map area dialog
  `.trim().split(/\s+/),
);

/** Elements that start their own block in Markdown. */
export const BLOCK_TAGS = new Set(
  `
  address article aside blockquote body center dd details dialog dir div dl dt fieldset
  figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p
  pre section summary table tbody td tfoot th thead tr ul caption
  `.trim().split(/\s+/),
);

/** Block elements under `root` that have no block element inside them, in document order. */
export function leafBlocks(root: Element): Element[] {
  const blocks = [...root.querySelectorAll(BLOCK_SELECTOR)];
  const hasBlockInside = new Set<Element>();
  for (const block of blocks) {
    for (let up = block.parentElement; up && up !== root; up = up.parentElement) {
      if (hasBlockInside.has(up)) break;
      hasBlockInside.add(up);
    }
  }
  return blocks.filter((block) => !hasBlockInside.has(block));
}

/** A selector matching every element of {@link BLOCK_TAGS}. */
export const BLOCK_SELECTOR = [...BLOCK_TAGS].join(",");
