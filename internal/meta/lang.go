package meta

import (
	"fmt"

	"github.com/abadojack/whatlanggo"
)

// langSample caps the text given to the detector: trigram profiles settle
// within a few thousand characters and longer input only costs time.
const langSample = 2000

// DetectLanguage guesses the ISO 639-1 code of text's language with
// whatlanggo. ok is false for text too short or too mixed to say; evidence
// names the detector and its confidence.
func DetectLanguage(text string) (code, evidence string, ok bool) {
	s := text
	if len(s) > langSample {
		s = s[:langSample]
		for len(s) > 0 && s[len(s)-1]&0xC0 == 0x80 {
			s = s[:len(s)-1]
		}
		if len(s) > 0 && s[len(s)-1] >= 0xC0 {
			s = s[:len(s)-1]
		}
	}
	if len(s) < 20 {
		return "", "", false
	}
	info := whatlanggo.Detect(s)
	code = info.Lang.Iso6391()
	if code == "" || info.Confidence < 0.1 {
		return "", "", false
	}
	return code, fmt.Sprintf("whatlanggo %s confidence %.2f", code, info.Confidence), true
}
