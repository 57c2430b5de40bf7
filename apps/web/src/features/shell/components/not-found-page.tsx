import { Link } from 'react-router-dom';
import { FullPageStatus } from '../../../shared/ui/full-page-status';

export function NotFoundPage() {
  return (
    <FullPageStatus title="Page not found" actions={<Link to="/">Go home</Link>}>
      <title>Page not found · Arena</title>
      <p>There is nothing at this address. It may have moved, or the link may be mistyped.</p>
    </FullPageStatus>
  );
}
