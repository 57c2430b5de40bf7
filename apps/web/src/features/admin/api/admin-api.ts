import type {
  ActivityType,
  ApiKey,
  CreateActivityTypeRequest,
  CreateApiKeyRequest,
  CreateApiKeyResponse,
  CreateTeamRequest,
  CreateUserRequest,
  Page,
  Team,
  UpdateActivityTypeRequest,
  UpdateUserRequest,
  User,
} from '@arena/contracts';
import { apiClient } from '../../../shared/api/api-client';

const id = (value: string) => encodeURIComponent(value);

export function fetchUsers(signal?: AbortSignal): Promise<Page<User>> {
  return apiClient.get<Page<User>>('/users?limit=1000', { signal });
}

export function createUser(body: CreateUserRequest): Promise<User> {
  return apiClient.post<User>('/users', body);
}

export function updateUser(userId: string, body: UpdateUserRequest): Promise<User> {
  return apiClient.patch<User>(`/users/${id(userId)}`, body);
}

export function fetchTeams(signal?: AbortSignal): Promise<Team[]> {
  return apiClient.get<Team[]>('/teams', { signal });
}

export function createTeam(body: CreateTeamRequest): Promise<Team> {
  return apiClient.post<Team>('/teams', body);
}

export function createActivityType(body: CreateActivityTypeRequest): Promise<ActivityType> {
  return apiClient.post<ActivityType>('/activity-types', body);
}

export function updateActivityType(
  typeId: string,
  body: UpdateActivityTypeRequest,
): Promise<ActivityType> {
  return apiClient.patch<ActivityType>(`/activity-types/${id(typeId)}`, body);
}

export function fetchApiKeys(signal?: AbortSignal): Promise<ApiKey[]> {
  return apiClient.get<ApiKey[]>('/api-keys', { signal });
}

export function createApiKey(body: CreateApiKeyRequest): Promise<CreateApiKeyResponse> {
  return apiClient.post<CreateApiKeyResponse>('/api-keys', body);
}

export function revokeApiKey(keyId: string): Promise<unknown> {
  return apiClient.delete<unknown>(`/api-keys/${id(keyId)}`);
}
