package meta

import (
	"strings"
	"sync"
)

// Outlet is one news organisation known by name: its canonical spelling,
// the other spellings it goes by, and the web hosts it publishes on.
type Outlet struct {
	Name    string   // canonical spelling, e.g. "POLITICO"
	Aliases []string // other spellings and sub-brands that mean the same outlet
	Hosts   []string // registrable domains, e.g. "politico.eu"
	Agency  bool     // a news agency (wire service): its tag closes or opens copy it supplies
}

// outlets is general knowledge: major news outlets and agencies worldwide.
// Aliases include sub-brands (a TV channel, a wire) so that an outlet's
// mention of its own channel does not read as citing someone else.
var outlets = []Outlet{
	// News agencies (wire services).
	{Name: "Reuters", Aliases: []string{"Thomson Reuters", "Reuters TV"}, Hosts: []string{"reuters.com"}, Agency: true},
	{Name: "AP", Aliases: []string{"Associated Press", "The Associated Press"}, Hosts: []string{"apnews.com", "ap.org"}, Agency: true},
	{Name: "AFP", Aliases: []string{"Agence France-Presse", "Agence France Presse", "France-Presse"}, Hosts: []string{"afp.com"}, Agency: true},
	{Name: "Bloomberg", Aliases: []string{"Bloomberg News", "Bloomberg TV", "Bloomberg Television", "Bloomberg Businessweek"}, Hosts: []string{"bloomberg.com", "bloomberg.net"}, Agency: true},
	{Name: "dpa", Aliases: []string{"DPA", "Deutsche Presse-Agentur"}, Hosts: []string{"dpa.com", "dpa-international.com"}, Agency: true},
	{Name: "ANSA", Hosts: []string{"ansa.it"}, Agency: true},
	{Name: "EFE", Aliases: []string{"Agencia EFE"}, Hosts: []string{"efe.com"}, Agency: true},
	{Name: "Europa Press", Hosts: []string{"europapress.es"}, Agency: true},
	{Name: "TASS", Aliases: []string{"ITAR-TASS"}, Hosts: []string{"tass.com", "tass.ru"}, Agency: true},
	{Name: "RIA Novosti", Aliases: []string{"RIA"}, Hosts: []string{"ria.ru"}, Agency: true},
	{Name: "Interfax", Hosts: []string{"interfax.ru", "interfax.com"}, Agency: true},
	{Name: "Interfax-Ukraine", Hosts: []string{"interfax.com.ua"}, Agency: true},
	{Name: "Ukrinform", Hosts: []string{"ukrinform.net", "ukrinform.ua"}, Agency: true},
	{Name: "UNIAN", Hosts: []string{"unian.net", "unian.info"}, Agency: true},
	{Name: "Xinhua", Aliases: []string{"Xinhua News Agency"}, Hosts: []string{"xinhuanet.com", "news.cn", "xinhua.net"}, Agency: true},
	{Name: "Kyodo", Aliases: []string{"Kyodo News"}, Hosts: []string{"kyodonews.net"}, Agency: true},
	{Name: "Jiji Press", Aliases: []string{"Jiji"}, Hosts: []string{"jiji.com"}, Agency: true},
	{Name: "Yonhap", Aliases: []string{"Yonhap News Agency", "Yonhap News"}, Hosts: []string{"yna.co.kr"}, Agency: true},
	{Name: "KCNA", Aliases: []string{"Korean Central News Agency"}, Hosts: []string{"kcna.kp"}, Agency: true},
	{Name: "PTI", Aliases: []string{"Press Trust of India"}, Hosts: []string{"ptinews.com"}, Agency: true},
	{Name: "IANS", Hosts: []string{"ianslive.in"}, Agency: true},
	{Name: "ANI", Aliases: []string{"Asian News International"}, Hosts: []string{"aninews.in"}, Agency: true},
	{Name: "PAP", Aliases: []string{"Polish Press Agency"}, Hosts: []string{"pap.pl"}, Agency: true},
	{Name: "CTK", Aliases: []string{"ČTK", "Czech News Agency"}, Hosts: []string{"ctk.cz"}, Agency: true},
	{Name: "TASR", Hosts: []string{"tasr.sk"}, Agency: true},
	{Name: "MTI", Hosts: []string{"mti.hu"}, Agency: true},
	{Name: "BTA", Aliases: []string{"Bulgarian News Agency"}, Hosts: []string{"bta.bg"}, Agency: true},
	{Name: "Agerpres", Hosts: []string{"agerpres.ro"}, Agency: true},
	{Name: "HINA", Hosts: []string{"hina.hr"}, Agency: true},
	{Name: "Tanjug", Hosts: []string{"tanjug.rs"}, Agency: true},
	{Name: "STA", Aliases: []string{"Slovenian Press Agency"}, Hosts: []string{"sta.si"}, Agency: true},
	{Name: "ANA-MPA", Aliases: []string{"Athens News Agency"}, Hosts: []string{"amna.gr"}, Agency: true},
	{Name: "Anadolu Agency", Aliases: []string{"Anadolu", "AA"}, Hosts: []string{"aa.com.tr"}, Agency: true},
	{Name: "IRNA", Hosts: []string{"irna.ir"}, Agency: true},
	{Name: "WAFA", Hosts: []string{"wafa.ps"}, Agency: true},
	{Name: "MENA", Aliases: []string{"Middle East News Agency"}, Hosts: []string{"mena.org.eg"}, Agency: true},
	{Name: "SPA", Aliases: []string{"Saudi Press Agency"}, Hosts: []string{"spa.gov.sa"}, Agency: true},
	{Name: "WAM", Hosts: []string{"wam.ae"}, Agency: true},
	{Name: "QNA", Aliases: []string{"Qatar News Agency"}, Hosts: []string{"qna.org.qa"}, Agency: true},
	{Name: "Belga", Hosts: []string{"belga.be"}, Agency: true},
	{Name: "ANP", Hosts: []string{"anp.nl"}, Agency: true},
	{Name: "APA", Aliases: []string{"Austria Presse Agentur"}, Hosts: []string{"apa.at"}, Agency: true},
	{Name: "Keystone-SDA", Aliases: []string{"SDA"}, Hosts: []string{"keystone-sda.ch"}, Agency: true},
	{Name: "NTB", Hosts: []string{"ntb.no"}, Agency: true},
	{Name: "TT", Aliases: []string{"Tidningarnas Telegrambyrå"}, Hosts: []string{"tt.se"}, Agency: true},
	{Name: "STT", Hosts: []string{"stt.fi"}, Agency: true},
	{Name: "Ritzau", Hosts: []string{"ritzau.dk"}, Agency: true},
	{Name: "LETA", Hosts: []string{"leta.lv"}, Agency: true},
	{Name: "ELTA", Hosts: []string{"elta.lt"}, Agency: true},
	{Name: "BNS", Aliases: []string{"Baltic News Service"}, Hosts: []string{"bns.ee", "bns.lt"}, Agency: true},
	{Name: "Lusa", Hosts: []string{"lusa.pt"}, Agency: true},
	{Name: "Agência Brasil", Hosts: []string{"agenciabrasil.ebc.com.br"}, Agency: true},
	{Name: "Télam", Aliases: []string{"Telam"}, Hosts: []string{"telam.com.ar"}, Agency: true},
	{Name: "Notimex", Hosts: []string{"notimex.gob.mx"}, Agency: true},
	{Name: "Prensa Latina", Hosts: []string{"prensa-latina.cu"}, Agency: true},
	{Name: "CNA", Aliases: []string{"Central News Agency", "Focus Taiwan"}, Hosts: []string{"focustaiwan.tw", "cna.com.tw"}, Agency: true},
	{Name: "Bernama", Hosts: []string{"bernama.com"}, Agency: true},
	{Name: "Antara", Hosts: []string{"antaranews.com"}, Agency: true},
	{Name: "AAP", Aliases: []string{"Australian Associated Press"}, Hosts: []string{"aap.com.au"}, Agency: true},
	{Name: "Canadian Press", Aliases: []string{"The Canadian Press"}, Hosts: []string{"thecanadianpress.com"}, Agency: true},
	{Name: "UPI", Aliases: []string{"United Press International"}, Hosts: []string{"upi.com"}, Agency: true},
	{Name: "KUNA", Aliases: []string{"Kuwait News Agency"}, Hosts: []string{"kuna.net.kw"}, Agency: true},
	{Name: "APS", Aliases: []string{"Algeria Press Service"}, Hosts: []string{"aps.dz"}, Agency: true},
	{Name: "MAP", Aliases: []string{"Maghreb Arabe Presse"}, Hosts: []string{"mapexpress.ma"}, Agency: true},
	{Name: "SANA", Hosts: []string{"sana.sy"}, Agency: true},
	{Name: "Fars", Aliases: []string{"Fars News Agency"}, Hosts: []string{"farsnews.ir"}, Agency: true},
	{Name: "Tasnim", Aliases: []string{"Tasnim News Agency"}, Hosts: []string{"tasnimnews.com"}, Agency: true},
	{Name: "NAN", Aliases: []string{"News Agency of Nigeria"}, Hosts: []string{"nannews.ng"}, Agency: true},
	{Name: "Belta", Aliases: []string{"BelTA"}, Hosts: []string{"belta.by"}, Agency: true},
	{Name: "Kazinform", Hosts: []string{"inform.kz"}, Agency: true},
	{Name: "Trend", Aliases: []string{"Trend News Agency"}, Hosts: []string{"trend.az"}, Agency: true},
	{Name: "Armenpress", Hosts: []string{"armenpress.am"}, Agency: true},
	{Name: "Moldpres", Hosts: []string{"moldpres.md"}, Agency: true},
	{Name: "MIA", Hosts: []string{"mia.mk"}, Agency: true},
	{Name: "ATA", Aliases: []string{"Albanian Telegraphic Agency"}, Hosts: []string{"ata.gov.al"}, Agency: true},
	{Name: "Fena", Hosts: []string{"fena.ba"}, Agency: true},

	// Newspapers, broadcasters and online outlets.
	{Name: "POLITICO", Aliases: []string{"Politico", "Politico Europe", "POLITICO Europe", "Politico.eu"}, Hosts: []string{"politico.com", "politico.eu"}},
	{Name: "BBC", Aliases: []string{"BBC News", "BBC World Service", "British Broadcasting Corporation"}, Hosts: []string{"bbc.co.uk", "bbc.com"}},
	{Name: "CNN", Aliases: []string{"CNN International"}, Hosts: []string{"cnn.com"}},
	{Name: "The New York Times", Aliases: []string{"New York Times", "NYT", "NY Times"}, Hosts: []string{"nytimes.com"}},
	{Name: "The Washington Post", Aliases: []string{"Washington Post"}, Hosts: []string{"washingtonpost.com"}},
	{Name: "The Wall Street Journal", Aliases: []string{"Wall Street Journal", "WSJ"}, Hosts: []string{"wsj.com"}},
	{Name: "Financial Times", Aliases: []string{"The Financial Times", "FT"}, Hosts: []string{"ft.com"}},
	{Name: "The Guardian", Aliases: []string{"Guardian"}, Hosts: []string{"theguardian.com", "guardian.co.uk"}},
	{Name: "The Times", Aliases: []string{"The Sunday Times"}, Hosts: []string{"thetimes.co.uk", "thetimes.com"}},
	{Name: "The Telegraph", Aliases: []string{"Daily Telegraph", "The Daily Telegraph", "Telegraph"}, Hosts: []string{"telegraph.co.uk"}},
	{Name: "The Independent", Hosts: []string{"independent.co.uk"}},
	{Name: "The Economist", Aliases: []string{"Economist"}, Hosts: []string{"economist.com"}},
	{Name: "Daily Mail", Aliases: []string{"MailOnline", "Mail Online"}, Hosts: []string{"dailymail.co.uk"}},
	{Name: "Daily Mirror", Aliases: []string{"The Mirror", "Mirror"}, Hosts: []string{"mirror.co.uk"}},
	{Name: "The Sun", Hosts: []string{"thesun.co.uk"}},
	{Name: "Daily Express", Aliases: []string{"The Express"}, Hosts: []string{"express.co.uk"}},
	{Name: "Daily Star", Hosts: []string{"dailystar.co.uk"}},
	{Name: "Evening Standard", Aliases: []string{"London Evening Standard"}, Hosts: []string{"standard.co.uk"}},
	{Name: "The Hollywood Reporter", Aliases: []string{"Hollywood Reporter"}, Hosts: []string{"hollywoodreporter.com"}},
	{Name: "Variety", Hosts: []string{"variety.com"}},
	{Name: "TMZ", Hosts: []string{"tmz.com"}},
	{Name: "Breitbart News", Aliases: []string{"Breitbart"}, Hosts: []string{"breitbart.com"}},
	{Name: "National Post", Hosts: []string{"nationalpost.com"}},
	{Name: "Toronto Star", Hosts: []string{"thestar.com"}},
	{Name: "CTV News", Aliases: []string{"CTV"}, Hosts: []string{"ctvnews.ca"}},
	{Name: "Global News", Hosts: []string{"globalnews.ca"}},
	{Name: "Detroit Free Press", Hosts: []string{"freep.com"}},
	{Name: "International Business Times", Aliases: []string{"IBTimes"}, Hosts: []string{"ibtimes.com", "ibtimes.co.uk"}},
	{Name: "The Washington Times", Aliases: []string{"Washington Times"}, Hosts: []string{"washingtontimes.com"}},
	{Name: "Sky News", Hosts: []string{"news.sky.com", "sky.com"}},
	{Name: "ITV News", Hosts: []string{"itv.com"}},
	{Name: "Channel 4 News", Hosts: []string{"channel4.com"}},
	{Name: "NBC News", Aliases: []string{"NBC"}, Hosts: []string{"nbcnews.com"}},
	{Name: "ABC News", Hosts: []string{"abcnews.go.com", "abcnews.com"}},
	{Name: "CBS News", Aliases: []string{"CBS"}, Hosts: []string{"cbsnews.com"}},
	{Name: "Fox News", Aliases: []string{"Fox"}, Hosts: []string{"foxnews.com"}},
	{Name: "MSNBC", Hosts: []string{"msnbc.com"}},
	{Name: "CNBC", Hosts: []string{"cnbc.com"}},
	{Name: "NPR", Aliases: []string{"National Public Radio"}, Hosts: []string{"npr.org"}},
	{Name: "PBS", Aliases: []string{"PBS NewsHour"}, Hosts: []string{"pbs.org"}},
	{Name: "USA Today", Hosts: []string{"usatoday.com"}},
	{Name: "Los Angeles Times", Aliases: []string{"LA Times", "L.A. Times"}, Hosts: []string{"latimes.com"}},
	{Name: "Chicago Tribune", Hosts: []string{"chicagotribune.com"}},
	{Name: "The Boston Globe", Aliases: []string{"Boston Globe"}, Hosts: []string{"bostonglobe.com"}},
	{Name: "New York Post", Aliases: []string{"NY Post"}, Hosts: []string{"nypost.com"}},
	{Name: "Axios", Hosts: []string{"axios.com"}},
	{Name: "The Hill", Hosts: []string{"thehill.com"}},
	{Name: "Newsweek", Hosts: []string{"newsweek.com"}},
	{Name: "Time", Aliases: []string{"TIME"}, Hosts: []string{"time.com"}},
	{Name: "The Atlantic", Hosts: []string{"theatlantic.com"}},
	{Name: "The New Yorker", Aliases: []string{"New Yorker"}, Hosts: []string{"newyorker.com"}},
	{Name: "Vox", Hosts: []string{"vox.com"}},
	{Name: "BuzzFeed News", Hosts: []string{"buzzfeednews.com"}},
	{Name: "HuffPost", Aliases: []string{"Huffington Post"}, Hosts: []string{"huffpost.com"}},
	{Name: "Business Insider", Aliases: []string{"Insider"}, Hosts: []string{"businessinsider.com", "insider.com"}},
	{Name: "Forbes", Hosts: []string{"forbes.com"}},
	{Name: "Fortune", Hosts: []string{"fortune.com"}},
	{Name: "Semafor", Hosts: []string{"semafor.com"}},
	{Name: "ProPublica", Hosts: []string{"propublica.org"}},
	{Name: "Voice of America", Aliases: []string{"VOA"}, Hosts: []string{"voanews.com"}},
	{Name: "Radio Free Europe/Radio Liberty", Aliases: []string{"RFE/RL", "Radio Free Europe", "Radio Liberty"}, Hosts: []string{"rferl.org"}},
	{Name: "Al Jazeera", Aliases: []string{"Al-Jazeera", "Aljazeera"}, Hosts: []string{"aljazeera.com", "aljazeera.net"}},
	{Name: "Al Arabiya", Hosts: []string{"alarabiya.net"}},
	{Name: "Euronews", Hosts: []string{"euronews.com"}},
	{Name: "Deutsche Welle", Aliases: []string{"DW"}, Hosts: []string{"dw.com"}},
	{Name: "France 24", Aliases: []string{"France24"}, Hosts: []string{"france24.com"}},
	{Name: "RFI", Aliases: []string{"Radio France Internationale"}, Hosts: []string{"rfi.fr"}},
	{Name: "Le Monde", Hosts: []string{"lemonde.fr"}},
	{Name: "Le Figaro", Hosts: []string{"lefigaro.fr"}},
	{Name: "Libération", Aliases: []string{"Liberation"}, Hosts: []string{"liberation.fr"}},
	{Name: "Les Echos", Hosts: []string{"lesechos.fr"}},
	{Name: "Der Spiegel", Aliases: []string{"Spiegel"}, Hosts: []string{"spiegel.de"}},
	{Name: "Die Zeit", Aliases: []string{"Zeit Online"}, Hosts: []string{"zeit.de"}},
	{Name: "Frankfurter Allgemeine Zeitung", Aliases: []string{"FAZ", "Frankfurter Allgemeine"}, Hosts: []string{"faz.net"}},
	{Name: "Süddeutsche Zeitung", Aliases: []string{"Sueddeutsche Zeitung"}, Hosts: []string{"sueddeutsche.de"}},
	{Name: "Die Welt", Aliases: []string{"Welt"}, Hosts: []string{"welt.de"}},
	{Name: "Bild", Hosts: []string{"bild.de"}},
	{Name: "Handelsblatt", Hosts: []string{"handelsblatt.com"}},
	{Name: "ARD", Aliases: []string{"Tagesschau"}, Hosts: []string{"tagesschau.de", "ard.de"}},
	{Name: "ZDF", Hosts: []string{"zdf.de"}},
	{Name: "El País", Aliases: []string{"El Pais"}, Hosts: []string{"elpais.com"}},
	{Name: "El Mundo", Hosts: []string{"elmundo.es"}},
	{Name: "La Repubblica", Aliases: []string{"Repubblica"}, Hosts: []string{"repubblica.it"}},
	{Name: "Corriere della Sera", Hosts: []string{"corriere.it"}},
	{Name: "La Stampa", Hosts: []string{"lastampa.it"}},
	{Name: "RAI", Hosts: []string{"rai.it", "rainews.it"}},
	{Name: "NOS", Hosts: []string{"nos.nl"}},
	{Name: "De Telegraaf", Aliases: []string{"Telegraaf"}, Hosts: []string{"telegraaf.nl"}},
	{Name: "NRC", Aliases: []string{"NRC Handelsblad"}, Hosts: []string{"nrc.nl"}},
	{Name: "de Volkskrant", Aliases: []string{"Volkskrant"}, Hosts: []string{"volkskrant.nl"}},
	{Name: "Le Soir", Hosts: []string{"lesoir.be"}},
	{Name: "Neue Zürcher Zeitung", Aliases: []string{"NZZ"}, Hosts: []string{"nzz.ch"}},
	{Name: "Gazeta Wyborcza", Hosts: []string{"wyborcza.pl"}},
	{Name: "Dagens Nyheter", Hosts: []string{"dn.se"}},
	{Name: "Helsingin Sanomat", Hosts: []string{"hs.fi"}},
	{Name: "ERR", Aliases: []string{"ERR News"}, Hosts: []string{"err.ee"}},
	{Name: "LSM", Aliases: []string{"Latvian Public Broadcasting"}, Hosts: []string{"lsm.lv"}},
	{Name: "LRT", Hosts: []string{"lrt.lt"}},
	{Name: "The Kyiv Independent", Aliases: []string{"Kyiv Independent"}, Hosts: []string{"kyivindependent.com"}},
	{Name: "Kyiv Post", Hosts: []string{"kyivpost.com"}},
	{Name: "Ukrainska Pravda", Hosts: []string{"pravda.com.ua"}},
	{Name: "Meduza", Hosts: []string{"meduza.io"}},
	{Name: "Kommersant", Hosts: []string{"kommersant.ru"}},
	{Name: "RT", Aliases: []string{"Russia Today"}, Hosts: []string{"rt.com"}},
	{Name: "Sputnik", Hosts: []string{"sputniknews.com"}},
	{Name: "Hürriyet", Aliases: []string{"Hurriyet", "Hürriyet Daily News"}, Hosts: []string{"hurriyet.com.tr", "hurriyetdailynews.com"}},
	{Name: "Daily Sabah", Hosts: []string{"dailysabah.com"}},
	{Name: "Haaretz", Hosts: []string{"haaretz.com"}},
	{Name: "The Times of Israel", Aliases: []string{"Times of Israel"}, Hosts: []string{"timesofisrael.com"}},
	{Name: "The Jerusalem Post", Aliases: []string{"Jerusalem Post"}, Hosts: []string{"jpost.com"}},
	{Name: "The National", Hosts: []string{"thenationalnews.com"}},
	{Name: "Arab News", Hosts: []string{"arabnews.com"}},
	{Name: "The Times of India", Aliases: []string{"Times of India"}, Hosts: []string{"timesofindia.indiatimes.com", "indiatimes.com"}},
	{Name: "The Hindu", Hosts: []string{"thehindu.com"}},
	{Name: "Hindustan Times", Hosts: []string{"hindustantimes.com"}},
	{Name: "NDTV", Hosts: []string{"ndtv.com"}},
	{Name: "Dawn", Hosts: []string{"dawn.com"}},
	{Name: "South China Morning Post", Aliases: []string{"SCMP"}, Hosts: []string{"scmp.com"}},
	{Name: "China Daily", Hosts: []string{"chinadaily.com.cn"}},
	{Name: "Global Times", Hosts: []string{"globaltimes.cn"}},
	{Name: "CGTN", Hosts: []string{"cgtn.com"}},
	{Name: "NHK", Aliases: []string{"NHK World"}, Hosts: []string{"nhk.or.jp"}},
	{Name: "Nikkei", Aliases: []string{"Nikkei Asia"}, Hosts: []string{"nikkei.com"}},
	{Name: "The Japan Times", Aliases: []string{"Japan Times"}, Hosts: []string{"japantimes.co.jp"}},
	{Name: "The Korea Herald", Aliases: []string{"Korea Herald"}, Hosts: []string{"koreaherald.com"}},
	{Name: "The Straits Times", Aliases: []string{"Straits Times"}, Hosts: []string{"straitstimes.com"}},
	{Name: "ABC", Aliases: []string{"Australian Broadcasting Corporation", "ABC News Australia"}, Hosts: []string{"abc.net.au"}},
	{Name: "The Sydney Morning Herald", Aliases: []string{"Sydney Morning Herald"}, Hosts: []string{"smh.com.au"}},
	{Name: "CBC", Aliases: []string{"CBC News"}, Hosts: []string{"cbc.ca"}},
	{Name: "The Globe and Mail", Aliases: []string{"Globe and Mail"}, Hosts: []string{"theglobeandmail.com"}},
	{Name: "Folha de S.Paulo", Aliases: []string{"Folha"}, Hosts: []string{"folha.uol.com.br"}},
	{Name: "O Globo", Hosts: []string{"oglobo.globo.com"}},
	{Name: "Clarín", Aliases: []string{"Clarin"}, Hosts: []string{"clarin.com"}},
	{Name: "El Universal", Hosts: []string{"eluniversal.com.mx"}},
	{Name: "Mail & Guardian", Hosts: []string{"mg.co.za"}},
	{Name: "News24", Hosts: []string{"news24.com"}},
	{Name: "Daily Nation", Hosts: []string{"nation.africa"}},
	{Name: "Devex", Hosts: []string{"devex.com"}},
	{Name: "EUobserver", Hosts: []string{"euobserver.com"}},
	{Name: "Euractiv", Aliases: []string{"EURACTIV"}, Hosts: []string{"euractiv.com"}},
	{Name: "Breaking Defense", Hosts: []string{"breakingdefense.com"}},
	{Name: "Defense News", Hosts: []string{"defensenews.com"}},
	{Name: "Novinite", Hosts: []string{"novinite.com"}},
	{Name: "Kathimerini", Aliases: []string{"ekathimerini"}, Hosts: []string{"kathimerini.gr", "ekathimerini.com"}},
	{Name: "The Irish Times", Aliases: []string{"Irish Times"}, Hosts: []string{"irishtimes.com"}},
	{Name: "RTÉ", Aliases: []string{"RTE"}, Hosts: []string{"rte.ie"}},
	{Name: "Yahoo News", Hosts: []string{"news.yahoo.com"}},
	{Name: "Washington Examiner", Hosts: []string{"washingtonexaminer.com"}},
	{Name: "The Daily Beast", Aliases: []string{"Daily Beast"}, Hosts: []string{"thedailybeast.com"}},
}

// outletIndex is the read-only lookup built once from outlets.
type outletIndex struct {
	byHost  map[string]*Outlet
	byFold  map[string]*Outlet // lower-cased name or alias
	aliases []aliasEntry       // all spellings, longest first
}

type aliasEntry struct {
	text   string
	outlet *Outlet
	exact  bool // short all-caps spellings ("AP", "FT") match case-sensitively only
}

var index = sync.OnceValue(func() *outletIndex {
	ix := &outletIndex{byHost: map[string]*Outlet{}, byFold: map[string]*Outlet{}}
	for i := range outlets {
		o := &outlets[i]
		for _, h := range o.Hosts {
			if _, dup := ix.byHost[h]; !dup {
				ix.byHost[h] = o
			}
		}
		for _, s := range append([]string{o.Name}, o.Aliases...) {
			k := strings.ToLower(s)
			if _, dup := ix.byFold[k]; !dup {
				ix.byFold[k] = o
				ix.aliases = append(ix.aliases, aliasEntry{text: s, outlet: o, exact: isShortCaps(s)})
			}
		}
	}
	// Longest first so "Bloomberg TV" wins over "Bloomberg" at one position.
	sortAliases(ix.aliases)
	return ix
})

func sortAliases(a []aliasEntry) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && len(a[j].text) > len(a[j-1].text); j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// isShortCaps reports whether s is a short upper-case spelling such as "AP"
// or "BBC": such spellings are common words in lower case ("ap", "map").
func isShortCaps(s string) bool {
	if len(s) > 6 {
		return false
	}
	for _, r := range s {
		if r >= 'a' && r <= 'z' {
			return false
		}
	}
	return true
}

// LookupOutlet returns the known outlet named s (any known spelling, any
// case for spellings longer than a short acronym).
func LookupOutlet(s string) (Outlet, bool) {
	s = strings.TrimSpace(s)
	ix := index()
	o, ok := ix.byFold[strings.ToLower(s)]
	if !ok {
		return Outlet{}, false
	}
	// Short acronyms must match case-sensitively: "Ap" is not AP.
	for _, sp := range append([]string{o.Name}, o.Aliases...) {
		if strings.EqualFold(sp, s) && (!isShortCaps(sp) || sp == s) {
			return *o, true
		}
	}
	return Outlet{}, false
}

// CanonicalOutlet returns the canonical spelling of an outlet name, or the
// name itself (trimmed) when the outlet is unknown.
func CanonicalOutlet(s string) string {
	if o, ok := LookupOutlet(s); ok {
		return o.Name
	}
	return strings.TrimSpace(s)
}
