/** The site header: name and primary navigation. Server-rendered, ships no script. */
export function SiteHeader() {
  return (
    <header class="site-header">
      <a class="brand" href="/">
        <img src="/favicon.svg" alt="" width="24" height="24" />
        <span>LoreChat</span>
      </a>
      <nav aria-label="Primary">
        <a href="/about">About</a>
      </nav>
    </header>
  );
}
