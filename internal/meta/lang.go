package meta

import (
	"fmt"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
)

// langSample caps the text given to the detector: trigram profiles settle
// within a few thousand characters and longer input only costs time.
const langSample = 2000

// Language is a detected language.
type Language struct {
	Code       string  // ISO 639-1
	Confidence float64 // 0..1, as the detector reports it
	Evidence   string  // detector, code and confidence
}

// DetectLanguage guesses the ISO 639-1 code of text's language with
// whatlanggo. ok is false for text too short or too mixed to say.
func DetectLanguage(text string) (Language, bool) {
	s := text
	if len(s) > langSample {
		s = s[:langSample]
		for len(s) > 0 && !utf8.RuneStart(s[len(s)-1]) {
			s = s[:len(s)-1]
		}
		if len(s) > 0 && s[len(s)-1] >= 0xC0 {
			s = s[:len(s)-1]
		}
	}
	if len(s) < 20 {
		return Language{}, false
	}
	info := whatlanggo.Detect(s)
	code := info.Lang.Iso6391()
	if code == "" || info.Confidence < 0.1 {
		return Language{}, false
	}
	return Language{
		Code:       code,
		Confidence: info.Confidence,
		Evidence:   fmt.Sprintf("whatlanggo %s confidence %.2f", code, info.Confidence),
	}, true
}
