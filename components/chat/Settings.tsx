import type { ChatOptions, ServiceInfo } from "../../lib/ui/mod.ts";
import { Icon } from "../Icon.tsx";

/** Props of {@linkcode Settings}. */
export interface SettingsProps {
  providers: ServiceInfo["providers"];
  value: ChatOptions;
  onChange: (value: ChatOptions) => void;
}

const LENGTHS: [string, number | undefined][] = [
  ["Default", undefined],
  ["Short", 256],
  ["Medium", 512],
  ["Long", 1024],
  ["Very long", 2048],
];

/** Whether {@linkcode Settings} has anything to offer for these providers. */
export function hasSettings(providers: ServiceInfo["providers"]): boolean {
  return providers.length > 1 || providers.some((p) => p.supportsSampling);
}

/** Model picker and sampling controls, sent as the chat request's `options`. */
export function Settings({ providers, value, onChange }: SettingsProps) {
  const selected = providers.find((p) => p.provider === value.provider) ??
    providers.find((p) => p.default) ?? providers[0];
  return (
    <details class="settings">
      <summary class="tool-btn" aria-label="Settings">
        <Icon name="sliders" />
        <span class="tool-label">Settings</span>
      </summary>
      <div class="settings-panel">
        {providers.length > 1 && (
          <p class="field">
            <label for="set-provider">Model</label>
            <select
              id="set-provider"
              value={selected?.provider}
              onChange={(e) => {
                const p = providers.find((x) => x.provider === e.currentTarget.value);
                onChange({ ...value, provider: p?.provider, model: p?.model });
              }}
            >
              {providers.map((p) => (
                <option key={p.provider} value={p.provider}>{p.provider} · {p.model}</option>
              ))}
            </select>
          </p>
        )}
        {selected?.supportsSampling
          ? (
            <>
              <p class="field">
                <label for="set-temperature">
                  Creativity <output for="set-temperature">{value.temperature ?? "default"}</output>
                </label>
                <input
                  id="set-temperature"
                  type="range"
                  min={0}
                  max={1.5}
                  step={0.1}
                  value={value.temperature ?? 0.2}
                  onInput={(e) =>
                    onChange({ ...value, temperature: Number(e.currentTarget.value) })}
                />
              </p>
              <p class="field">
                <label for="set-length">Answer length</label>
                <select
                  id="set-length"
                  value={String(value.maxTokens ?? "")}
                  onChange={(e) =>
                    onChange({
                      ...value,
                      maxTokens: e.currentTarget.value ? Number(e.currentTarget.value) : undefined,
                    })}
                >
                  {LENGTHS.map(([label, n]) => (
                    <option key={label} value={n === undefined ? "" : String(n)}>{label}</option>
                  ))}
                </select>
              </p>
            </>
          )
          : <p class="field-note">{selected?.provider} answers without sampling settings.</p>}
        <button type="button" class="link-btn" onClick={() => onChange({})}>
          Reset to defaults
        </button>
      </div>
    </details>
  );
}
