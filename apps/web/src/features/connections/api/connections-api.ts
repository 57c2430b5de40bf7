import type {
  ConnectionFreshness,
  ActivityImport,
  ImportCheck,
  Connection,
  ConnectionPreset,
  CreateConnectionRequest,
  DeliveryPage,
  LinkOwnerRequest,
  LinkOwnerResponse,
  SavedConnection,
  UnmatchedOwner,
  UpdateConnectionRequest,
} from '@arena/contracts';
import { apiClient } from '../../../shared/api/api-client';

const id = (value: string) => encodeURIComponent(value);

export function fetchPresets(signal?: AbortSignal): Promise<ConnectionPreset[]> {
  return apiClient.get<ConnectionPreset[]>('/connections/presets', { signal });
}

export function fetchConnections(signal?: AbortSignal): Promise<Connection[]> {
  return apiClient.get<Connection[]>('/connections', { signal });
}

export function fetchConnection(connectionId: string, signal?: AbortSignal): Promise<Connection> {
  return apiClient.get<Connection>(`/connections/${id(connectionId)}`, { signal });
}

export function createConnection(body: CreateConnectionRequest): Promise<SavedConnection> {
  return apiClient.post<SavedConnection>('/connections', body);
}

export function updateConnection(input: {
  connectionId: string;
  body: UpdateConnectionRequest;
}): Promise<SavedConnection> {
  return apiClient.patch<SavedConnection>(`/connections/${id(input.connectionId)}`, input.body);
}

export function syncConnection(connectionId: string): Promise<Connection> {
  return apiClient.post<Connection>(`/connections/${id(connectionId)}/sync`, {});
}

export function fetchDeliveries(connectionId: string, signal?: AbortSignal): Promise<DeliveryPage> {
  return apiClient.get<DeliveryPage>(`/connections/${id(connectionId)}/deliveries?limit=50`, {
    signal,
  });
}

export function replayDelivery(input: { connectionId: string; deliveryId: string }) {
  return apiClient.post<unknown>(
    `/connections/${id(input.connectionId)}/deliveries/${id(input.deliveryId)}/replay`,
    {},
  );
}

export function fetchUnmatched(
  connectionId: string,
  signal?: AbortSignal,
): Promise<UnmatchedOwner[]> {
  return apiClient.get<UnmatchedOwner[]>(`/connections/${id(connectionId)}/unmatched`, { signal });
}

export function linkOwner(input: {
  connectionId: string;
  body: LinkOwnerRequest;
}): Promise<LinkOwnerResponse> {
  return apiClient.post<LinkOwnerResponse>(
    `/connections/${id(input.connectionId)}/owners`,
    input.body,
  );
}

export function checkImport(input: { connectionId: string; csv: string }): Promise<ImportCheck> {
  return apiClient.post<ImportCheck>(
    `/connections/${id(input.connectionId)}/imports?dryRun=true`,
    input.csv,
    { contentType: 'text/csv' },
  );
}

export function startImport(input: {
  connectionId: string;
  csv: string;
  fileName: string;
}): Promise<ActivityImport> {
  return apiClient.post<ActivityImport>(
    `/connections/${id(input.connectionId)}/imports?fileName=${encodeURIComponent(input.fileName)}`,
    input.csv,
    { contentType: 'text/csv' },
  );
}

export function fetchImport(
  connectionId: string,
  importId: string,
  signal?: AbortSignal,
): Promise<ActivityImport> {
  return apiClient.get<ActivityImport>(`/connections/${id(connectionId)}/imports/${id(importId)}`, {
    signal,
  });
}

export function fetchFreshness(signal?: AbortSignal): Promise<ConnectionFreshness[]> {
  return apiClient.get<ConnectionFreshness[]>('/connections/freshness', { signal });
}
