import { define } from "../../lib/app/state.ts";
import Admin from "../../islands/Admin.tsx";

/** The admin area: only when `ADMIN_TOKEN` is set (otherwise a 404 page); its own island. */
export const handler = define.handlers({
  GET(ctx) {
    if (!ctx.state.collections?.auth) return ctx.render(null, { status: 404 });
    return ctx.render({});
  },
});

/** The admin page shell; the Admin island draws the rest. */
export default define.page<Record<string, never> | null>(function AdminPage({ data }) {
  if (!data) {
    return (
      <main id="main" class="page">
        <h1>Page not found</h1>
        <p>
          <a href="/">Back to the chat</a>
        </p>
      </main>
    );
  }
  return (
    <main id="main" class="admin-page">
      <Admin />
    </main>
  );
});
