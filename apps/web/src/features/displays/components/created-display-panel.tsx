import type { CreatedDisplay } from '@arena/contracts';
import { useEffect, useState } from 'react';
import { Button } from '../../../shared/ui/button';
import { qrCodeDataUrl } from './qr-code-image';
import styles from './displays.module.css';

type CreatedDisplayPanelProps = {
  created: CreatedDisplay;
  onDismiss: () => void;
};

/** The display's token, shown once: the TV's full URL as text, a copy button and a QR code. */
export function CreatedDisplayPanel({ created, onDismiss }: CreatedDisplayPanelProps) {
  const tvUrl = `${window.location.origin}${created.url}`;
  const [qr, setQr] = useState<string | null>(null);
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  useEffect(() => {
    let live = true;
    void qrCodeDataUrl(tvUrl).then((url) => {
      if (live) setQr(url);
    });
    return () => {
      live = false;
    };
  }, [tvUrl]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(tvUrl);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className={styles.created} role="region" aria-label={`Sign in ${created.display.name}`}>
      <div className={styles.createdText}>
        <strong>
          Open this address on “{created.display.name}” now: it holds the display’s token and will
          not be shown again.
        </strong>
        <code data-testid="display-url" className={styles.url}>
          {tvUrl}
        </code>
        <div className={styles.actions}>
          <Button size="small" onClick={() => void copy()}>
            Copy the address
          </Button>
          <Button variant="secondary" size="small" onClick={onDismiss}>
            Done
          </Button>
        </div>
        <p role="status" className={styles.muted}>
          {copied === 'copied'
            ? 'Copied.'
            : copied === 'failed'
              ? 'Copying is blocked here: select the address and copy it by hand.'
              : 'Or scan the code with the TV’s camera or a phone that casts to it.'}
        </p>
      </div>
      {qr ? (
        <img
          className={styles.qr}
          src={qr}
          width={200}
          height={200}
          alt={`QR code of the address for ${created.display.name}`}
        />
      ) : null}
    </div>
  );
}
