/** Sound is off unless the TV's link says `#…&sound=on` (remembered like the token). */
export const SOUND_KEY = 'arena.tv.sound';

export function readSoundSetting(location: Location, storage: Storage): boolean {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromUrl = fragment.get('sound');
  if (fromUrl === 'on' || fromUrl === 'off') storage.setItem(SOUND_KEY, fromUrl);
  return storage.getItem(SOUND_KEY) === 'on';
}

let context: AudioContext | null = null;

/** A short two-note chime; silently nothing where audio is not allowed. */
export function playChime(): void {
  try {
    context ??= new AudioContext();
    const start = context.currentTime;
    [660, 990].forEach((frequency, index) => {
      const oscillator = context!.createOscillator();
      const gain = context!.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + index * 0.15);
      gain.gain.exponentialRampToValueAtTime(0.2, start + index * 0.15 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + index * 0.15 + 0.5);
      oscillator.connect(gain).connect(context!.destination);
      oscillator.start(start + index * 0.15);
      oscillator.stop(start + index * 0.15 + 0.55);
    });
  } catch {
    // Autoplay rules or no audio device: a silent celebration is still a celebration.
  }
}
