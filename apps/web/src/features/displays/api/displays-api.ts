import type {
  CreateDisplayRequest,
  CreatedDisplay,
  Display,
  UpdateDisplayRequest,
} from '@arena/contracts';
import { apiClient } from '../../../shared/api/api-client';

const id = (value: string) => encodeURIComponent(value);

export function fetchDisplays(signal?: AbortSignal): Promise<Display[]> {
  return apiClient.get<Display[]>('/displays', { signal });
}

export function createDisplay(body: CreateDisplayRequest): Promise<CreatedDisplay> {
  return apiClient.post<CreatedDisplay>('/displays', body);
}

export function updateDisplay(input: { id: string; body: UpdateDisplayRequest }): Promise<Display> {
  return apiClient.patch<Display>(`/displays/${id(input.id)}`, input.body);
}

export function revokeDisplay(displayId: string): Promise<Display> {
  return apiClient.delete<Display>(`/displays/${id(displayId)}`);
}
