// A Korean keyboard left in Korean input sends Hangul (jamo while composing, syllables once
// composed) where the user meant Latin keys: `ㄴ` for s, `ㅣ` for l. The app's keys and values
// are Latin, so such a character is a sign to say so rather than to do nothing.
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;

/** Whether `text` holds Hangul: jamo, compatibility jamo or a syllable. */
export function hasHangul(text: string): boolean {
	return HANGUL.test(text);
}
