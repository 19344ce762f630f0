package timex

// Read-only tables of the grammar.

var months = map[string]int{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
	"september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
	"december": 12, "dec": 12,
}

// ambiguousMonths are month names that are also common words; they count
// as months only when written with a capital and in a date-like context.
var ambiguousMonths = map[string]bool{"may": true, "march": true, "mar": true, "jan": true, "jun": true, "jul": true, "dec": true, "sep": true, "oct": true, "nov": true, "feb": true, "apr": true, "aug": true}

var weekdays = map[string]int{
	"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
	"mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4, "thurs": 4, "fri": 5, "sat": 6, "sun": 7,
}

var seasons = map[string]string{"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

// seasonMonths gives the first and last month of a season (winter runs
// from December of its year into the next).
var seasonMonths = map[string][2]int{"SP": {3, 5}, "SU": {6, 8}, "FA": {9, 11}, "WI": {12, 14}}

var partsOfDay = map[string]string{"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}

var smallNumbers = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19,
}

var tens = map[string]int{"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}

var ordinals = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
	"ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
	"fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
	"twentieth": 20, "thirtieth": 30, "twenty-first": 21, "last": -1, "final": -1,
}

// vagueQuantities stand for an unknown number ("several years": PXY).
var vagueQuantities = map[string]bool{"several": true, "few": true, "many": true, "some": true, "numerous": true, "couple": true}

// units maps a unit word (singular or plural) to its ISO 8601 duration
// letter; time units carry a "T" prefix.
var units = map[string]string{
	"year": "Y", "years": "Y", "month": "M", "months": "M", "week": "W", "weeks": "W",
	"day": "D", "days": "D", "hour": "TH", "hours": "TH", "minute": "TM", "minutes": "TM",
	"second": "TS", "seconds": "TS", "decade": "E", "decades": "E", "century": "C", "centuries": "C",
	"quarter": "Q", "quarters": "Q", "weekend": "WE", "weekends": "WE",
}

// approximators come before a duration or an "ago" expression and belong to
// its span in TimeBank ("nearly forty years", "more than four hours").
var approximators = map[string]int{
	"nearly": 1, "almost": 1, "about": 1, "around": 1, "roughly": 1, "approximately": 1, "some": 1,
	"over": 1, "under": 1, "barely": 1, "just": 1,
}

// twoWordApproximators likewise ("more than", "at least", "up to").
var twoWordApproximators = map[[2]string]bool{
	{"more", "than"}: true, {"less", "than"}: true, {"at", "least"}: true, {"up", "to"}: true,
	{"fewer", "than"}: true, {"at", "most"}: true, {"no", "more"}: true,
}

// Tense cues. The nearest cue to an expression decides the direction of
// an underspecified month or weekday.
var futureCues = map[string]bool{
	"will": true, "shall": true, "ll": true, "upcoming": true, "ahead": true, "expect": true,
	"expects": true, "expected": true, "plans": true, "plan": true, "planned": true, "scheduled": true,
	"due": true, "aims": true, "aiming": true, "intends": true, "hope": true, "hopes": true,
	"if": true, "unless": true, "tomorrow": true, "soon": true, "would": true, "going": true,
	"forthcoming": true, "slated": true,
}

var pastCues = map[string]bool{
	"was": true, "were": true, "did": true, "had": true, "said": true, "told": true, "ago": true,
	"since": true, "went": true, "came": true, "made": true, "took": true, "gave": true, "met": true,
	"left": true, "saw": true, "won": true, "lost": true, "began": true, "became": true, "found": true,
	"held": true, "led": true, "sold": true, "bought": true, "paid": true, "rose": true, "fell": true,
	"got": true, "knew": true, "thought": true, "brought": true, "wrote": true, "spoke": true,
	"ran": true, "sent": true, "spent": true, "struck": true, "chose": true, "drew": true, "grew": true,
	"broke": true, "stood": true, "kept": true, "felt": true, "heard": true, "quit": true, "been": true,
	"yesterday": true, "earlier": true, "last": true, "previously": true, "former": true,
	"shot": true, "flew": true, "sank": true, "fought": true, "sought": true, "taught": true,
	"caught": true, "built": true, "meant": true, "dropped": true, "announced": true, "wasn": true,
	"weren": true, "didn": true,
}

var presentCues = map[string]bool{"is": true, "are": true, "am": true, "isn": true, "aren": true, "remains": true, "now": true}

// notPastEd are words ending in "-ed" that are not past verbs.
var notPastEd = map[string]bool{
	"need": true, "speed": true, "indeed": true, "red": true, "bed": true, "hundred": true, "seed": true,
	"feed": true, "breed": true, "weed": true, "shed": true, "united": true, "limited": true, "based": true,
	"related": true, "proposed": true, "expected": true, "scheduled": true, "planned": true, "advanced": true,
	"detailed": true, "sacred": true, "wicked": true, "naked": true, "aged": true, "interested": true,
	"concerned": true, "involved": true, "supposed": true, "unprecedented": true, "embed": true,
	"creed": true, "greed": true, "deed": true, "heed": true, "steed": true, "tweed": true,
}
