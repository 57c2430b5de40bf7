import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';

/** A write under the admin pages that refreshes the list it changed. */
export function useAdminMutation<TInput, TResult>(
  mutationFn: (input: TInput) => Promise<TResult>,
  invalidates: QueryKey,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invalidates }),
  });
}
