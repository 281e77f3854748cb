/** Props of {@linkcode SiteHeader}. */
export interface SiteHeaderProps {
  /** The collections to pick from; the picker shows only when there are several. */
  collections?: { name: string; title: string }[];
  /** The collection the page is about. */
  current?: string;
}

/**
 * The site header: name, the collection picker (a disclosure of links, so it works
 * without script) and primary navigation. Server-rendered, ships no script.
 */
export function SiteHeader({ collections = [], current = "default" }: SiteHeaderProps) {
  const here = collections.find((c) => c.name === current);
  return (
    <header class="site-header">
      <a class="brand" href="/">
        <img src="/favicon.svg" alt="" width="24" height="24" />
        <span>LoreChat</span>
      </a>
      {collections.length > 1 && (
        <details class="collection-picker">
          <summary>
            <span class="visually-hidden">Collection:</span>
            {here?.title ?? current}
          </summary>
          <ul>
            {collections.map((c) => (
              <li key={c.name}>
                <a
                  href={c.name === "default" ? "/" : `/c/${c.name}`}
                  aria-current={c.name === current ? "page" : undefined}
                >
                  {c.title}
                </a>
              </li>
            ))}
          </ul>
        </details>
      )}
      <nav aria-label="Primary">
        <a href="/about">About</a>
      </nav>
    </header>
  );
}
