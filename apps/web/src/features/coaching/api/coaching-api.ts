import type {
  Assessment,
  AssessmentComparison,
  Behaviour,
  CoachingNote,
  CreateBehaviourRequest,
  CreateCoachingNoteRequest,
  UpdateBehaviourRequest,
  UpsertAssessmentRequest,
} from '@arena/contracts';
import { apiClient } from '../../../shared/api/api-client';

const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

export function fetchBehaviours(signal?: AbortSignal): Promise<Behaviour[]> {
  return apiClient.get<Behaviour[]>('/behaviours', { signal });
}

export function createBehaviour(body: CreateBehaviourRequest): Promise<Behaviour> {
  return apiClient.post<Behaviour>('/behaviours', body);
}

export function updateBehaviour(input: {
  id: string;
  body: UpdateBehaviourRequest;
}): Promise<Behaviour> {
  return apiClient.patch<Behaviour>(`/behaviours/${encodeURIComponent(input.id)}`, input.body);
}

export function fetchAssessments(
  userId: string,
  contestId: string,
  signal?: AbortSignal,
): Promise<Assessment[]> {
  return apiClient.get<Assessment[]>(`/assessments?${q({ userId, contestId })}`, { signal });
}

export function upsertAssessment(body: UpsertAssessmentRequest): Promise<Assessment> {
  return apiClient.post<Assessment>('/assessments', body);
}

export function fetchComparison(
  userId: string,
  contestId: string,
  signal?: AbortSignal,
): Promise<AssessmentComparison> {
  return apiClient.get<AssessmentComparison>(
    `/assessments/comparison?${q({ userId, contestId })}`,
    {
      signal,
    },
  );
}

export function fetchCoachingNotes(userId: string, signal?: AbortSignal): Promise<CoachingNote[]> {
  return apiClient.get<CoachingNote[]>(`/coaching-notes?${q({ userId })}`, { signal });
}

export function createCoachingNote(body: CreateCoachingNoteRequest): Promise<CoachingNote> {
  return apiClient.post<CoachingNote>('/coaching-notes', body);
}
