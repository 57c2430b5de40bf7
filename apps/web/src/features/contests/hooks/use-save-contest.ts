import type { Contest, ContestDefinition } from '@arena/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../shared/api/query-keys';
import { archiveContest, createContest, publishContest, updateContest } from '../api/contests-api';

type SaveInput = { id: string | null; definition: ContestDefinition; publish: boolean };

/**
 * Save the design (create or edit), then publish when asked. Each call is one request the
 * server validates whole: a rejected design stores nothing.
 */
export function useSaveContest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, definition, publish }: SaveInput): Promise<Contest> => {
      const saved = id ? await updateContest(id, definition) : await createContest(definition);
      return publish && saved.status === 'draft' ? publishContest(saved.id) : saved;
    },
    onSuccess: (contest) => {
      queryClient.setQueryData(queryKeys.contest(contest.id), contest);
      void queryClient.invalidateQueries({ queryKey: queryKeys.contests(), exact: true });
    },
  });
}

export function useArchiveContest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => archiveContest(id),
    onSuccess: (contest) => {
      queryClient.setQueryData(queryKeys.contest(contest.id), contest);
      void queryClient.invalidateQueries({ queryKey: queryKeys.contests(), exact: true });
    },
  });
}
