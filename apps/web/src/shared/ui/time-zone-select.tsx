import { useMemo, type SelectHTMLAttributes } from 'react';
import { SelectField } from './select-field';

type TimeZoneSelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'children' | 'id'> & {
  label: string;
  hint?: string;
  errors?: string[];
  value: string;
};

type TimeZoneGroup = { region: string; zones: string[] };

function supportedTimeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    // Older engines: the browser's own zone (added below) and UTC are still offered.
    return [];
  }
}

/** IANA zones grouped by region ("Europe", "America"…), always including `mustInclude`. */
function groupTimeZones(mustInclude: string): TimeZoneGroup[] {
  const zones = new Set([...supportedTimeZones(), 'UTC', mustInclude]);
  const groups = new Map<string, string[]>();
  for (const zone of [...zones].sort()) {
    const slash = zone.indexOf('/');
    const region = slash > 0 ? zone.slice(0, slash) : 'Other';
    groups.set(region, [...(groups.get(region) ?? []), zone]);
  }
  return [...groups].map(([region, regionZones]) => ({ region, zones: regionZones }));
}

function zoneLabel(zone: string): string {
  const slash = zone.indexOf('/');
  const place = slash > 0 ? zone.slice(slash + 1) : zone;
  return place.replaceAll('_', ' ').replaceAll('/', ' / ');
}

/** A select of every IANA time zone the browser knows, grouped by region. */
export function TimeZoneSelect({ value, ...rest }: TimeZoneSelectProps) {
  const groups = useMemo(() => groupTimeZones(value), [value]);
  return (
    <SelectField {...rest} value={value}>
      {groups.map((group) => (
        <optgroup key={group.region} label={group.region}>
          {group.zones.map((zone) => (
            <option key={zone} value={zone}>
              {zoneLabel(zone)}
            </option>
          ))}
        </optgroup>
      ))}
    </SelectField>
  );
}
