/** Instance-wide key/value settings (JSON values as text). */
export interface InstanceSettingsTable {
  key: string;
  value: string;
  updated_at: string;
}
