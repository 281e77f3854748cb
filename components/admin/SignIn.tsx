import { useSignal } from "@preact/signals";
import { adminCall, AdminError } from "../../lib/ui/admin_api.ts";

/** Props of {@linkcode SignIn}. */
export interface SignInProps {
  onSignedIn: () => void;
}

/** The admin sign-in form: the token is sent once and becomes a session cookie. */
export function SignIn({ onSignedIn }: SignInProps) {
  const token = useSignal("");
  const error = useSignal("");
  const busy = useSignal(false);
  return (
    <form
      class="admin-card admin-signin"
      onSubmit={async (e) => {
        e.preventDefault();
        busy.value = true;
        error.value = "";
        try {
          await adminCall("/api/admin/session", { method: "POST", json: { token: token.value } });
          token.value = "";
          onSignedIn();
        } catch (err) {
          error.value = err instanceof AdminError ? err.message : String(err);
        } finally {
          busy.value = false;
        }
      }}
    >
      <h1>Sign in to the admin area</h1>
      <p class="admin-hint">Use the admin token this LoreChat was started with (ADMIN_TOKEN).</p>
      <label for="admin-token">Admin token</label>
      <input
        id="admin-token"
        type="password"
        autoComplete="current-password"
        required
        value={token.value}
        onInput={(e) => (token.value = e.currentTarget.value)}
      />
      {error.value && <p class="admin-error" role="alert">{error.value}</p>}
      <button type="submit" class="btn-primary" disabled={busy.value}>Sign in</button>
    </form>
  );
}
